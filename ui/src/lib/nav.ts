// The left navigation: pages grouped by work, each shown only to sessions holding one of the
// permissions it needs. The router uses the same list to refuse pages a role may not open.
import type { Action } from "../bindings/Action";
import type { SessionInfo } from "../bindings/SessionInfo";
import { hasAny } from "./session";

export type NavItem = {
  /** Route name and data-testid suffix (`nav-<key>`). */
  key: string;
  path: string;
  label: string;
  /** Element Plus icon component name. */
  icon: string;
  /** Any one of these permissions shows the item; empty = everyone signed in. */
  anyOf: readonly Action[];
};

export type NavGroup = { title: string; items: NavItem[] };

export const NAV: readonly NavGroup[] = [
  {
    title: "日常办理",
    items: [
      {
        key: "workbench",
        path: "/workbench",
        label: "工作台",
        icon: "Monitor",
        anyOf: ["initialReview", "submitPlan", "review", "approve", "recordFeedback", "followUp"],
      },
      { key: "register", path: "/register", label: "登记", icon: "EditPen", anyOf: ["register"] },
      { key: "import", path: "/import", label: "导入", icon: "Upload", anyOf: ["import"] },
      { key: "appeals", path: "/appeals", label: "诉求列表", icon: "Tickets", anyOf: ["viewAppeal"] },
    ],
  },
  {
    title: "跟踪督办",
    items: [
      { key: "ledger", path: "/ledger", label: "跟踪台账", icon: "Notebook", anyOf: ["viewLedger", "addProgress"] },
      {
        key: "supervision",
        path: "/supervision",
        label: "督办",
        icon: "Bell",
        anyOf: ["issueSupervision", "instruct", "decideExtension"],
      },
      { key: "visits", path: "/visits", label: "回访", icon: "Phone", anyOf: ["returnVisit"] },
    ],
  },
  {
    title: "分析考核",
    items: [
      { key: "statistics", path: "/statistics", label: "统计分析", icon: "DataAnalysis", anyOf: ["viewStatistics"] },
      { key: "hotspots", path: "/hotspots", label: "热点问题", icon: "TrendCharts", anyOf: ["viewStatistics"] },
      { key: "recommendations", path: "/recommendations", label: "决策参考", icon: "Opportunity", anyOf: ["viewStatistics", "recommend"] },
      { key: "assessment", path: "/assessment", label: "考核", icon: "Medal", anyOf: ["assessment"] },
      { key: "disclosure", path: "/disclosure", label: "信息公开", icon: "Promotion", anyOf: ["disclosure"] },
    ],
  },
  {
    title: "系统",
    items: [
      // Everyone has personal settings (larger text, password); admin sections show by permission.
      { key: "settings", path: "/settings", label: "设置", icon: "Setting", anyOf: [] },
      { key: "audit", path: "/audit", label: "日志审计", icon: "DocumentChecked", anyOf: ["manageUsers"] },
      { key: "help", path: "/help", label: "帮助", icon: "Help", anyOf: [] },
    ],
  },
];

/** The groups and items `session` may see (groups left empty are dropped). */
export function visibleNav(session: SessionInfo | null | undefined): NavGroup[] {
  return NAV.map((g) => ({ title: g.title, items: g.items.filter((i) => hasAny(session, i.anyOf)) })).filter(
    (g) => g.items.length > 0,
  );
}

/** The nav item a route name belongs to, if any. */
export function navItem(key: string): NavItem | undefined {
  for (const g of NAV) {
    const found = g.items.find((i) => i.key === key);
    if (found) return found;
  }
  return undefined;
}

/** Where a session lands after sign-in: its first visible page. */
export function homePath(session: SessionInfo | null | undefined): string {
  return visibleNav(session)[0]?.items[0]?.path ?? "/help";
}
