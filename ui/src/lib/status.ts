// The one mapping from an appeal's status and due date to a tag type and colour, used by every
// list, card and detail page: overdue red, due within the warning window orange, waiting grey,
// done green. Category tags have their own fixed, calm colours.
import type { Category } from "../bindings/Category";
import type { DueFlags } from "../bindings/DueFlags";
import type { Status } from "../bindings/Status";

/** Element Plus tag types we use. */
export type Tone = "danger" | "warning" | "info" | "success";

/** The colour of each tone (Element Plus's own palette, so tags and text agree). */
export const TONE_COLOR: Record<Tone, string> = {
  danger: "#f56c6c",
  warning: "#e6a23c",
  info: "#909399",
  success: "#67c23a",
};

/** Statuses after which nothing more is due. */
export function isFinal(status: Status): boolean {
  return status === "closed" || status === "merged";
}

/** Tone of an appeal: done → success, overdue → danger, due soon → warning, otherwise waiting (info). */
export function statusTone(status: Status, due?: DueFlags | null): Tone {
  if (status === "closed") return "success";
  if (status === "merged") return "info";
  if (due?.overdue) return "danger";
  if (due?.dueSoon) return "warning";
  return "info";
}

/** Colour for a due date or status text. */
export function statusColor(status: Status, due?: DueFlags | null): string {
  return TONE_COLOR[statusTone(status, due)];
}

/** "逾期 2 个工作日" / "今日到期" / "剩 3 个工作日"; empty when nothing is due. */
export function dueLabel(due: DueFlags | null | undefined, status?: Status): string {
  if (!due || (status && isFinal(status))) return "";
  const n = due.remainingWorkingDays;
  if (due.overdue) return n != null && n < 0 ? `逾期 ${-n} 个工作日` : "已逾期";
  if (n == null) return "";
  if (n <= 0) return "今日到期";
  return `剩 ${n} 个工作日`;
}

export type CategoryStyle = { color: string; background: string; border: string };

const CATEGORY_STYLE: Record<Category, CategoryStyle> = {
  consultation: { color: "#2f6fb0", background: "#ecf4fc", border: "#c6dcf2" },
  complaint: { color: "#8a4fb0", background: "#f5eefa", border: "#e0cdee" },
  suggestion: { color: "#23877a", background: "#e9f6f3", border: "#bfe3dc" },
  help: { color: "#b0527a", background: "#fbeef3", border: "#f0cadb" },
  other: { color: "#5b6b82", background: "#f0f2f5", border: "#d5dbe3" },
};

/** The fixed colours of a category tag. */
export function categoryStyle(category: Category | string): CategoryStyle {
  return CATEGORY_STYLE[category as Category] ?? CATEGORY_STYLE.other;
}
