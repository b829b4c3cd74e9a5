// The bell and the stock texts (minyi-service, commands/bell.rs).
import { call } from "./core";
import type { Category } from "../bindings/Category";
import type { Reminders } from "../bindings/Reminders";
import type { StockText } from "../bindings/StockText";
import type { StockTextInput } from "../bindings/StockTextInput";
import type { StockTextKind } from "../bindings/StockTextKind";

/** The signed-in person's newest reminders (at most `limit`) and the unread count. */
export function getReminders(limit = 30): Promise<Reminders> {
  return call("get_reminders", { limit });
}

/** 全部已读: up to the newest event the bell showed (`upTo`), and today's due reminders. */
export function markRemindersRead(upTo: number): Promise<null> {
  return call("mark_reminders_read", { upTo });
}

/** The stock texts of `kind` for `category` (null: all of them). */
export function listStockTexts(kind: StockTextKind | null, category: Category | null): Promise<StockText[]> {
  return call("list_stock_texts", { kind, category });
}

export function saveStockText(text: StockTextInput): Promise<StockText> {
  return call("save_stock_text", { text });
}

export function deleteStockText(id: number): Promise<null> {
  return call("delete_stock_text", { id });
}
