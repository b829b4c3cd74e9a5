// The appeal list's filter state, kept at module level (and in sessionStorage) so it survives
// leaving the page and coming back; plus the pure helpers that turn it into the one ListFilter
// sent to list_appeals and describe the page's total.
import { reactive } from "vue";
import type { AppealRow } from "../../bindings/AppealRow";
import type { ArchiveState } from "../../bindings/ArchiveState";
import type { Category } from "../../bindings/Category";
import type { Channel } from "../../bindings/Channel";
import type { ListFilter } from "../../bindings/ListFilter";
import type { Page } from "../../bindings/Page";
import type { SortKey } from "../../bindings/SortKey";
import type { Status } from "../../bindings/Status";
import { formatNumber } from "../../lib/format";

export const PAGE_SIZE = 50;
/** Pause after the last keystroke before a search runs (ms). */
export const TYPING_PAUSE = 300;
const STORAGE_KEY = "minyi.appeals.list";

export type ListState = {
  /** The user the state belongs to (another user signing in starts afresh). */
  owner: number | null;
  statuses: Status[];
  category: Category | null;
  channel: Channel | null;
  departmentId: number | null;
  /** Received from / to (YYYY-MM-DD), or null. */
  range: [string, string] | null;
  overdue: boolean;
  dueSoon: boolean;
  majorOnly: boolean;
  /** The applied search term (the box's text after the typing pause). */
  text: string;
  sort: SortKey;
  /** Zero-based. */
  page: number;
  /** Whether the second filter row is shown. */
  expanded: boolean;
  /** 纸质归档: 待归档 (closed, not filed) or 已归档; null for any. */
  archive?: ArchiveState | null;
  /** Filed in this volume (卷号); "" for any. */
  volume?: string;
};

export const SORTS: { value: SortKey; label: string }[] = [
  { value: "registered_desc", label: "登记时间（新→旧）" },
  { value: "registered_asc", label: "登记时间（旧→新）" },
  { value: "due_asc", label: "办理期限（近→远）" },
  { value: "due_desc", label: "办理期限（远→近）" },
];

export function defaultListState(owner: number | null = null): ListState {
  return {
    owner,
    statuses: [],
    category: null,
    channel: null,
    departmentId: null,
    range: null,
    overdue: false,
    dueSoon: false,
    majorOnly: false,
    text: "",
    sort: "registered_desc",
    page: 0,
    expanded: false,
    archive: null,
    volume: "",
  };
}

function restore(): ListState {
  try {
    const raw = typeof sessionStorage !== "undefined" ? sessionStorage.getItem(STORAGE_KEY) : null;
    if (raw) return { ...defaultListState(), ...(JSON.parse(raw) as Partial<ListState>) };
  } catch {
    // A damaged entry just means starting with no filters.
  }
  return defaultListState();
}

/** The list page's state (one per window). */
export const listState = reactive<ListState>(restore());

/** Writes the state to sessionStorage (survives a reload of the window). */
export function persistListState(): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(listState));
  } catch {
    // Storage unavailable: the module-level state still survives navigation.
  }
}

/** Starts afresh when a different user is signed in than the one the state belongs to. */
export function claimListState(userId: number | null): void {
  if (listState.owner !== userId) Object.assign(listState, defaultListState(userId));
}

/** Clears every filter and the search term (keeps the sort order and the row's open state). */
export function resetListFilters(): void {
  const keep = { owner: listState.owner, sort: listState.sort, expanded: listState.expanded };
  Object.assign(listState, defaultListState(), keep);
}

/** The ListFilter for list_appeals. */
export function buildListFilter(s: ListState): ListFilter {
  const text = s.text.trim();
  return {
    statuses: [...s.statuses],
    category: s.category,
    channel: s.channel,
    departmentId: s.departmentId,
    from: s.range?.[0] || null,
    to: s.range?.[1] || null,
    overdue: s.overdue,
    dueSoon: s.dueSoon,
    major: s.majorOnly ? true : null,
    text: text || null,
    sort: s.sort,
    page: s.page,
    pageSize: PAGE_SIZE,
    // Only when set, so that a list without them sends what it always sent.
    ...(s.archive ? { archive: s.archive } : {}),
    ...(s.volume?.trim() ? { volume: s.volume.trim() } : {}),
  };
}

/** A key of everything that selects rows (not the page): when it changes, paging restarts. */
export function criteriaKey(s: ListState): string {
  const { page: _page, ...rest } = buildListFilter(s);
  return JSON.stringify(rest);
}

/** How many filters of the collapsible second row are set (shown on its toggle). */
export function hiddenFilterCount(s: ListState): number {
  return [s.departmentId != null, !!s.range, s.overdue, s.dueSoon, s.majorOnly, !!s.archive, !!s.volume?.trim()].filter(
    Boolean,
  ).length;
}

/** Whether any filter or search term is set. */
export function anyFilter(s: ListState): boolean {
  return (
    s.statuses.length > 0 || s.category != null || s.channel != null || !!s.text.trim() || hiddenFilterCount(s) > 0
  );
}

/** "共 1,234 条"; "共 51+ 条" when the total was not counted; "共 1,000+ 条" at the search's count cap. */
export function totalText(p: Page<AppealRow>): string {
  if (p.total != null) return `共 ${formatNumber(p.total)}${p.totalCapped ? "+" : ""} 条`;
  const seen = p.page * p.pageSize + p.rows.length;
  return `共 ${formatNumber(seen)}${p.hasMore ? "+" : ""} 条`;
}
