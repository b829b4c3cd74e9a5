// The supervision page's tabs, their filters and the rules for which row actions to offer. The
// state is kept while the user visits other pages.
import { reactive } from "vue";
import { defaultListFilter } from "../../api/appeals";
import type { Action } from "../../bindings/Action";
import type { AppealRow } from "../../bindings/AppealRow";
import type { ListFilter } from "../../bindings/ListFilter";
import type { Status } from "../../bindings/Status";

export type SupervisionTab = "overdue" | "dueSoon";
export type SupervisionMode = "supervise" | "escalate" | "instruct";

export const supervisionState = reactive({
  /** The open tab: the two list tabs, or 进度缓慢 (SlowPanel.vue, its own query). */
  tab: "overdue" as SupervisionTab | "slow",
  pages: { overdue: 0, dueSoon: 0 } as Record<SupervisionTab, number>,
  pageSize: 50,
});

/** The list filter behind a tab: overdue or due soon, earliest due date first. */
export function tabFilter(tab: SupervisionTab, page: number, pageSize: number): ListFilter {
  return {
    ...defaultListFilter(),
    overdue: tab === "overdue",
    dueSoon: tab === "dueSoon",
    sort: "due_asc",
    page,
    pageSize,
  };
}

/** Statuses in which a supervision notice may be issued (routed and not yet closed). */
const SUPERVISABLE: readonly Status[] = [
  "routed",
  "plan_submitted",
  "awaiting_approval",
  "awaiting_feedback",
  "follow_up",
  "talked",
  "tracking",
];

const NEEDS: Record<SupervisionMode, Action> = {
  supervise: "issueSupervision",
  escalate: "escalate",
  instruct: "instruct",
};

/**
 * The actions offered on a row, given what the session may do (`may`). Rust checks again (for
 * example that an escalation follows a notice, or that an instruction answers an escalation).
 */
export function rowActions(
  row: Pick<AppealRow, "status" | "escalated" | "supervisionCount">,
  may: (a: Action) => boolean,
): SupervisionMode[] {
  const out: SupervisionMode[] = [];
  const open = row.status !== "closed" && row.status !== "merged";
  if (may(NEEDS.supervise) && SUPERVISABLE.includes(row.status)) out.push("supervise");
  // Escalation follows a supervision notice that did not help (§五(二)).
  if (may(NEEDS.escalate) && open && row.supervisionCount > 0) out.push("escalate");
  if (may(NEEDS.instruct) && open && row.escalated) out.push("instruct");
  return out;
}

export const MODE_LABEL: Record<SupervisionMode, string> = {
  supervise: "督办",
  escalate: "提级",
  instruct: "批示",
};
