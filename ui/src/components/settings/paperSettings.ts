// The "打印文书" tab's logic: which settings it edits, and the checks Rust makes on them (the
// agreement's clauses: one a line, 1–20 of them, each at most 300 characters; the receipt's
// contact: optional, one line, each with a length limit), run before saving so a mistake shows
// under its field at once. Rust checks again and its message wins.
import type { SettingRow } from "../../bindings/SettingRow";

export const CLAUSES_KEY = "paper.agreement_clauses";
export const MAX_CLAUSES = 20;
export const MAX_CLAUSE_CHARS = 300;

/** The receipt's contact fields, in the order they print, with their limits and an example. */
export const CONTACT_FIELDS = [
  { key: "paper.contact_phone", max: 40, example: "例如 0579-88123456，有分机写成 0579-88123456转8001" },
  { key: "paper.contact_address", max: 100, example: "例如 云江市人民路1号市民服务中心二楼接待窗口" },
  { key: "paper.contact_hours", max: 60, example: "例如 工作日 8:30—12:00，14:00—17:30" },
] as const;

export const PAPER_KEYS: readonly string[] = [CLAUSES_KEY, ...CONTACT_FIELDS.map((f) => f.key)];

/** Length in characters as Rust counts them (a character outside the BMP, e.g. 𠮷, is one). */
function chars(s: string): number {
  return [...s].length;
}

/** The non-blank lines of the clauses text, trimmed: one clause each. */
export function clauseLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** The problem with the clauses text, or "" when it may be saved. */
export function checkClauses(text: string): string {
  const lines = clauseLines(text);
  if (lines.length === 0) return "请至少填写一条保密协议条款，或点击“恢复默认条款”。";
  if (lines.length > MAX_CLAUSES) {
    return `保密协议条款最多${MAX_CLAUSES}条，现在有${lines.length}条，请合并或删去一些。`;
  }
  const i = lines.findIndex((l) => chars(l) > MAX_CLAUSE_CHARS);
  if (i >= 0) {
    return `第${i + 1}条有${chars(lines[i])}个字，一条最多${MAX_CLAUSE_CHARS}个字，请拆成两条或精简。`;
  }
  return "";
}

/** The problem with a contact field's value, or "" (empty is fine: that line is not printed). */
export function checkContact(row: SettingRow, value: string): string {
  const field = CONTACT_FIELDS.find((f) => f.key === row.key);
  const v = value.trim();
  if (!field) return "";
  if (/[\r\n]/.test(v)) return `${row.label}请写在一行内。`;
  if (chars(v) > field.max) return `${row.label}不能超过${field.max}个字，请精简。`;
  return "";
}

/** The check for any row of this tab. */
export function checkPaperSetting(row: SettingRow, value: string): string {
  return row.key === CLAUSES_KEY ? checkClauses(value) : checkContact(row, value);
}
