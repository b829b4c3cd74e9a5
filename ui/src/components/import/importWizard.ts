// The import wizard's state and rules, apart from the screen: which step is open, the picked
// file and channel, the column chosen for each field, the running import and its outcome.
//
// The state lives at module level, like the appeal list's: an import of a big batch runs for a
// while in Rust, and a user who looks at another page meanwhile comes back to its progress or its
// summary rather than to an empty first step.
import { reactive } from "vue";
import type { Channel } from "../../bindings/Channel";
import type { ColumnChoice } from "../../bindings/ColumnChoice";
import type { ImportOutcome } from "../../bindings/ImportOutcome";
import type { ImportPreview } from "../../bindings/ImportPreview";
import type { MappingField } from "../../bindings/MappingField";
import { formatNumber } from "../../lib/format";

/** 0 选择文件和渠道, 1 核对列对应, 2 导入, 3 结果. */
export type WizardStep = 0 | 1 | 2 | 3;

export const STEP_TITLES = ["选择文件和渠道", "核对列对应", "导入", "结果"] as const;

/** The file types the picker offers. */
export const BATCH_FILTERS = [{ name: "Excel 或 CSV 表格", extensions: ["xlsx", "xls", "csv"] }];

export type WizardState = {
  step: WizardStep;
  channel: Channel | null;
  /** The picked file as Rust read it. */
  preview: ImportPreview | null;
  /** Field code → the header text of its column ("" = none). */
  mapping: Record<string, string>;
  running: boolean;
  cancelling: boolean;
  done: number;
  total: number;
  outcome: ImportOutcome | null;
  /** Why the last call failed (shown on the step it belongs to). */
  error: string;
};

function initialState(): WizardState {
  return {
    step: 0,
    channel: null,
    preview: null,
    mapping: {},
    running: false,
    cancelling: false,
    done: 0,
    total: 0,
    outcome: null,
    error: "",
  };
}

export const wizard = reactive<WizardState>(initialState());

/** Starts again at the first step (keeps nothing but the channel, which is often the same). */
export function resetWizard(keepChannel = false): void {
  const channel = keepChannel ? wizard.channel : null;
  Object.assign(wizard, initialState(), { channel });
}

/** The mapping Rust proposed: each field's recognised column, or none. */
export function proposedMapping(p: ImportPreview): Record<string, string> {
  return Object.fromEntries(p.fields.map((f) => [f.field, f.column ?? ""]));
}

/** The labels of required fields that have no column in `mapping`. */
export function missingRequired(fields: MappingField[], mapping: Record<string, string>): string[] {
  return fields.filter((f) => f.required && !mapping[f.field]).map((f) => f.label);
}

/** The mapping as Rust takes it (fields without a column are left out). */
export function mappingChoices(mapping: Record<string, string>): ColumnChoice[] {
  return Object.entries(mapping)
    .filter(([, column]) => column !== "")
    .map(([field, column]) => ({ field, column }));
}

export type ColumnOption = { value: string; label: string; disabled: boolean };

/** The columns a field may take. A column without header text, or repeating an earlier one's,
 * cannot be told apart by its header and is shown but not offered. */
export function columnOptions(columns: string[]): ColumnOption[] {
  const seen = new Set<string>();
  return columns.map((c, i) => {
    const n = i + 1;
    if (!c.trim()) return { value: `#${n}`, label: `第 ${n} 列（没有表头）`, disabled: true };
    if (seen.has(c)) return { value: `#${n}`, label: `${c}（第 ${n} 列，与前面的列同名）`, disabled: true };
    seen.add(c);
    return { value: c, label: c, disabled: false };
  });
}

/** The field each column fills, for the preview's header: column index → field labels. */
export function fieldsByColumn(columns: string[], fields: MappingField[], mapping: Record<string, string>): string[][] {
  const first = new Map<string, number>();
  columns.forEach((c, i) => {
    if (c.trim() && !first.has(c)) first.set(c, i);
  });
  const out: string[][] = columns.map(() => []);
  for (const f of fields) {
    const i = first.get(mapping[f.field] ?? "");
    if (i !== undefined) out[i].push(f.label);
  }
  return out;
}

/** The line under the file name in step 1: what the file is. */
export function fileFacts(p: ImportPreview): string {
  const parts = [p.format];
  if (p.encoding) parts.push(`编码 ${p.encoding}`);
  if (p.sheet) parts.push(`工作表“${p.sheet}”`);
  parts.push(`表头在第 ${p.headerLine} 行`);
  parts.push(`数据 ${formatNumber(p.totalRows)} 行`);
  if (p.blankRows > 0) parts.push(`空行 ${formatNumber(p.blankRows)} 行（不导入）`);
  return parts.join(" · ");
}

/** The heading of the result step. */
export function resultTitle(o: ImportOutcome): string {
  if (o.cancelled) return `导入已取消：已处理 ${formatNumber(o.handled)} / ${formatNumber(o.rows)} 行`;
  return `导入完成：共 ${formatNumber(o.rows)} 行`;
}

/** What the result step says about the counts, in one or two sentences. */
export function resultSentence(o: ImportOutcome): string {
  const parts = [`登记 ${formatNumber(o.registered)} 件`];
  if (o.flagged > 0) parts[0] += `（其中疑似重复 ${formatNumber(o.flagged)} 件，请在初审时核对）`;
  parts.push(`未导入 ${formatNumber(o.rejected)} 行`);
  if (o.alreadyImported > 0) parts.push(`已导入过 ${formatNumber(o.alreadyImported)} 行（没有重复登记）`);
  if (o.blankRows > 0) parts.push(`空行 ${formatNumber(o.blankRows)} 行已跳过`);
  let s = parts.join("，") + "。";
  if (o.cancelled) s += "已经登记的诉求已保存；再次导入同一文件会只导入其余的行。";
  else if (o.rejected > 0) s += "未导入的行及原因见导入报告，改正后可再次导入同一文件，已登记的行不会重复登记。";
  return s;
}

/** The appeal list's filter that shows this import's appeals: the batch's channel and the
 * receipt dates of its rows (it may also show other appeals of that channel in those days). */
export function listFilterFor(o: ImportOutcome): { channel: Channel; range: [string, string] } | null {
  if (!o.receivedFrom || !o.receivedTo || o.registered + o.alreadyImported === 0) return null;
  return { channel: o.channel, range: [o.receivedFrom, o.receivedTo] };
}

/** The default name when saving the report elsewhere. */
export function reportFileName(p: ImportPreview | null): string {
  const stem = (p?.fileName ?? "导入").replace(/\.[^.]+$/, "");
  return `${stem}-导入报告.xlsx`;
}
