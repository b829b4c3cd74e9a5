// Pure helpers of 待我处理 (DecisionQueues.vue): where a click on a queue leads, and how urgent
// its earliest due date looks.
import type { DecisionQueue } from "../../bindings/DecisionQueue";

export type QueueTarget = { kind: "appeal"; id: number } | { kind: "list"; ids: number[] } | null;

/** One appeal opens itself; several open as a list of exactly those; an empty queue leads nowhere. */
export function queueTarget(q: Pick<DecisionQueue, "count" | "appealIds">): QueueTarget {
  if (q.count <= 0 || q.appealIds.length === 0) return null;
  if (q.count === 1) return { kind: "appeal", id: q.appealIds[0] };
  return { kind: "list", ids: [...q.appealIds] };
}

/** "danger" when the earliest due date has passed, "warning" when it is today, else "". */
export function queueTone(earliestDue: string | null, today: string): "danger" | "warning" | "" {
  if (!earliestDue) return "";
  if (earliestDue < today) return "danger";
  return earliestDue === today ? "warning" : "";
}
