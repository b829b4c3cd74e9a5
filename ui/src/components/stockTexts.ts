// Helpers of the stock-text picker (StockTextPicker.vue): which kind of stock text a field of an
// action dialog takes, and how a picked text joins what is already typed.
import type { StockTextKind } from "../bindings/StockTextKind";

/** The kind of stock text offered beside a field, by the field's name (actionSpecs.ts, the plan
 * and feedback dialogs). */
export function stockKindOf(field: string): StockTextKind {
  if (field === "answer" || field === "content.feedback") return "reply";
  if (field === "opinion" || field === "note" || field === "instruction") return "opinion";
  if (field === "summary") return "closing";
  if (field.startsWith("plan.")) return "plan";
  return "other";
}

/** The field's text with `text` added: on its own line after what is typed, or alone. */
export function withStockText(current: string | null | undefined, text: string): string {
  const now = (current ?? "").trimEnd();
  return now ? `${now}\n${text}` : text;
}

/** The kinds of stock text with their Chinese names, in the order the settings tab lists them. */
export const STOCK_KINDS: { code: StockTextKind; label: string }[] = [
  { code: "plan", label: "处理方案" },
  { code: "reply", label: "答复与反馈" },
  { code: "opinion", label: "审核审批意见" },
  { code: "closing", label: "办结说明" },
  { code: "other", label: "其他说明" },
];

export function stockKindLabel(kind: StockTextKind): string {
  return STOCK_KINDS.find((k) => k.code === kind)?.label ?? kind;
}
