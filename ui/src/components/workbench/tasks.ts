// Pure helpers of the workbench: the order of tasks (by due date, undated last) and the quick
// filter behind the three counters (all / overdue / due soon).
import type { Task } from "../../bindings/Task";

export type TaskFilter = "all" | "overdue" | "dueSoon";

/** Tasks by due date (earliest first), tasks without a due date last, then by id. */
export function sortTasks(tasks: readonly Task[]): Task[] {
  return [...tasks].sort((x, y) => {
    const a = x.appeal.dueDate;
    const b = y.appeal.dueDate;
    if (a !== b) {
      if (a == null) return 1;
      if (b == null) return -1;
      return a < b ? -1 : 1;
    }
    return x.appeal.id - y.appeal.id;
  });
}

/** The tasks a counter stands for. */
export function filterTasks(tasks: readonly Task[], filter: TaskFilter): Task[] {
  if (filter === "overdue") return tasks.filter((t) => t.appeal.due.overdue);
  if (filter === "dueSoon") return tasks.filter((t) => t.appeal.due.dueSoon && !t.appeal.due.overdue);
  return [...tasks];
}
