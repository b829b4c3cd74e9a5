// The working-day calendar's year view: month grids starting on Monday, and what kind each day
// is — a listed day off (holiday, red), a listed working day (make-up day, blue), an ordinary
// weekend (grey) or an ordinary working day.
import type { ListedDay } from "../../bindings/ListedDay";

export type DayKind = "holiday" | "makeup" | "weekend" | "workday";

export type DayCell = {
  date: string;
  day: number;
  kind: DayKind;
  /** Name of a listed day ("国庆节", "调休上班"); "" otherwise. */
  name: string;
  /** Set by the administrator (not shipped or imported data). */
  admin: boolean;
  listed: boolean;
  weekend: boolean;
  today: boolean;
};

export const WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"] as const;

const pad = (n: number) => String(n).padStart(2, "0");

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Listed days by date. */
export function listedMap(days: ListedDay[]): Map<string, ListedDay> {
  return new Map(days.map((d) => [d.date, d]));
}

export function dayKind(weekend: boolean, listed?: ListedDay): DayKind {
  if (listed) return listed.isOffDay ? "holiday" : "makeup";
  return weekend ? "weekend" : "workday";
}

/** Whether the day is off (no work counted). */
export function isOff(kind: DayKind): boolean {
  return kind === "holiday" || kind === "weekend";
}

/**
 * The cells of one month (1–12), Monday first: `null` pads the first week before the 1st and
 * the last week after the month's end, so the length is a multiple of 7.
 */
export function monthCells(year: number, month: number, listed: Map<string, ListedDay>, today: string): (DayCell | null)[] {
  const days = new Date(year, month, 0).getDate();
  const lead = (new Date(year, month - 1, 1).getDay() + 6) % 7;
  const cells: (DayCell | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 1; d <= days; d++) {
    const date = isoDate(year, month, d);
    const weekday = new Date(year, month - 1, d).getDay();
    const weekend = weekday === 0 || weekday === 6;
    const l = listed.get(date);
    cells.push({
      date,
      day: d,
      kind: dayKind(weekend, l),
      name: l?.name ?? "",
      admin: l?.admin ?? false,
      listed: !!l,
      weekend,
      today: date === today,
    });
  }
  while (cells.length % 7) cells.push(null);
  return cells;
}

const KIND_TEXT: Record<DayKind, string> = {
  holiday: "休息日",
  makeup: "工作日（调休上班）",
  weekend: "周末休息",
  workday: "工作日",
};

/** "2026-10-01 国庆节 · 休息日 · 手工调整" (tooltip and dialog text). */
export function describeDay(c: DayCell): string {
  const parts = [c.date];
  if (c.name && c.kind !== "makeup") parts.push(c.name);
  parts.push(c.kind === "makeup" && c.name && c.name !== "调休上班" ? `${c.name}调休上班` : KIND_TEXT[c.kind]);
  if (c.admin) parts.push("手工调整");
  return parts.join(" · ");
}
