// 统计分析: asks for the chosen period and filters, shows the headline figures, the stage table
// and charts built from the figures, and keeps the chosen dates on screen when Rust refuses them.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { defineComponent, h } from "vue";
import type { Statistics } from "../bindings/Statistics";
import { toIsoDate } from "../lib/format";
import { presetPeriod } from "../lib/periods";
import { setVocabulary } from "../lib/vocab";

vi.mock("../api/analysis", () => ({ statistics: vi.fn(), exportStats: vi.fn(), weakLinks: vi.fn(), appealRows: vi.fn() }));
vi.mock("../api/export", () => ({ onExportProgress: vi.fn(async () => () => {}) }));
vi.mock("../api/admin", () => ({ departments: vi.fn() }));
vi.mock("../api/vocabulary", () => ({ vocabulary: vi.fn() }));
// A canvas is not available here: the stub shows the option it was given, which is what the
// dashboard decides; ECharts' drawing is checked end to end.
vi.mock("../components/analysis/StatsChart.vue", () => ({
  default: defineComponent({
    props: { option: { type: Object, required: true } },
    setup: (p) => () => h("pre", { class: "chart-stub" }, JSON.stringify(p.option)),
  }),
}));

import { departments } from "../api/admin";
import { exportStats, statistics, weakLinks } from "../api/analysis";
import StatisticsView from "./StatisticsView.vue";

const stage = (s: Statistics["stages"][number]["stage"], label: string, onTime: number, late: number) => ({
  stage: s, label, finished: onTime + late, onTime, late, runningLate: 2, running: 5,
  onTimeRate: onTime / (onTime + late + 2), averageWorkingDays: 3.25, medianWorkingDays: 3,
  supervisionNotices: 1,
});

function fixture(): Statistics {
  return {
    query: { period: { from: "2026-11-01", to: "2026-11-30" }, category: null, channel: null, departmentId: null, granularity: null },
    previousPeriod: { from: "2026-10-01", to: "2026-10-31" },
    total: 1234,
    previousTotal: 1000,
    byCategory: [
      { key: "consultation", label: "咨询", count: 600 },
      { key: "complaint", label: "投诉", count: 634 },
      { key: "suggestion", label: "建议", count: 0 },
    ],
    byChannel: [{ key: "phone", label: "电话", count: 1234 }],
    byDepartment: [
      { key: "3", label: "城市管理局", count: 900 },
      { key: "4", label: "生态环境局", count: 334 },
    ],
    byStatus: [{ key: "closed", label: "已办结", count: 1200 }],
    stages: [stage("initial_review", "初审", 90, 10), stage("plan", "制定方案", 40, 20)],
    satisfaction: { satisfied: 70, basicallySatisfied: 20, dissatisfied: 10, unreachable: 5, rate: 0.9 },
    returnVisits: {
      visits: 40, open: 6, completed: 30, unreached: 4, attempts: 52,
      satisfied: 18, basicallySatisfied: 6, dissatisfied: 6, reachedRate: 30 / 34, satisfactionRate: 0.8,
    },
    reopened: 12,
    reopenRate: 0.0125,
    supervisionNotices: 8,
    supervisedAppeals: 6,
    escalatedAppeals: 3,
    majorAppeals: 2,
    granularity: "week",
    trend: [
      { label: "第1周", from: "2026-11-01", to: "2026-11-07", count: 300, previousCount: 250 },
      { label: "第2周", from: "2026-11-08", to: "2026-11-14", count: 320, previousCount: null },
    ],
    calendarWarning: null,
  };
}

async function start() {
  const w = mount(StatisticsView, { global: { plugins: [ElementPlus] }, attachTo: document.body });
  await flushPromises();
  return w;
}

const charts = (w: ReturnType<typeof mount>) => w.findAll(".chart-stub").map((c) => JSON.parse(c.text()));

beforeEach(() => {
  setVocabulary({
    channels: [{ code: "phone", label: "电话" }], categories: [{ code: "complaint", label: "投诉" }],
    statuses: [], stages: [], roles: [], urgencies: [], satisfactions: [], feedbackMethods: [], linkKinds: [], securityActions: [], accessKinds: [],
  });
  vi.mocked(statistics).mockResolvedValue(fixture());
  vi.mocked(departments).mockResolvedValue([{ id: 3, name: "城市管理局", active: true }]);
});
afterEach(() => {
  vi.clearAllMocks();
  setVocabulary(null);
  document.body.innerHTML = "";
});

describe("statistics dashboard", () => {
  it("asks for this month and shows the figures, stage table and charts built from them", async () => {
    const w = await start();
    const month = presetPeriod("thisMonth");
    expect(statistics).toHaveBeenCalledWith({ period: month, category: null, channel: null, departmentId: null, granularity: null });
    expect(w.get("[data-testid=stats-total]").text()).toContain("1,234 件");
    expect(w.get("[data-testid=stats-total]").text()).toContain("上期 1,000 件，+23.4%");
    expect(w.get("[data-testid=stats-satisfaction]").text()).toContain("90.0%");
    expect(w.get("[data-testid=stats-reopen]").text()).toContain("1.3%");
    // The return visits beside the feedback satisfaction.
    expect(w.get("[data-testid=stats-visit-satisfaction]").text()).toContain("80.0%");
    expect(w.get("[data-testid=stats-visit-satisfaction]").text()).toContain("办结后回访 30 人，联系上率 88.2%");
    expect(w.get("[data-testid=stats-visits-line]").text()).toContain("进入回访 40 件");
    expect(w.get("[data-testid=stats-visits-reached]").text()).toBe("88.2%");
    const visitRows = w.get("[data-testid=stats-visits-table]").findAll("tbody tr").map((tr) => tr.findAll("td").map((td) => td.text()));
    expect(visitRows[0]).toEqual(["满意", "18 人，60.0%", "70 人，70.0%"]);
    expect(visitRows[3]).toEqual(["满意率", "80.0%", "90.0%"]);
    expect(w.get("[data-testid=stats-supervision]").text()).toContain("8 份");
    expect(w.get("[data-testid=stats-period]").text()).toBe("2026年11月1日至2026年11月30日，对比上期 2026年10月1日至2026年10月31日");

    const plan = w.get("[data-testid=stats-stage-plan]").findAll("td").map((td) => td.text());
    expect(plan).toEqual(["制定方案", "60", "40", "20", "2", "5", "64.5%", "3.3", "3.0", "1"]);

    const [trend, pie, channel, dept] = charts(w);
    expect(trend.series.map((s: { data: unknown }) => s.data)).toEqual([[300, 320], [250, null]]);
    // Categories with no appeals are left out of the pie.
    expect(pie.series[0].data).toEqual([{ name: "咨询", value: 600 }, { name: "投诉", value: 634 }]);
    expect(channel.xAxis.data).toEqual(["电话"]);
    // Largest department on top: ECharts draws a category axis bottom-up.
    expect(dept.yAxis.data).toEqual(["生态环境局", "城市管理局"]);
    // The weak links beside the difficult issues are of the figures' own query.
    expect(weakLinks).toHaveBeenCalledWith(fixture().query);
    expect(w.text()).toContain("薄弱环节");
  });

  it("exports the workbook of the figures on screen", async () => {
    const w = await start();
    vi.mocked(exportStats).mockResolvedValue({ path: "/data/exports/统计分析.xlsx", rows: 1234, personalData: false, cancelled: false });
    await w.get("[data-testid=stats-export]").trigger("click");
    await flushPromises();
    document.querySelector<HTMLElement>('[data-testid="export-start"]')!.click();
    await flushPromises();
    expect(exportStats).toHaveBeenCalledWith(fixture().query, null);
    expect(document.querySelector('[data-testid="export-result"]')?.textContent).toContain("已导出 1,234 件诉求的统计，正在用表格软件打开。");
  });

  it("asks again for a quick period", async () => {
    const w = await start();
    await w.get("[data-testid=stats-preset-thisYear]").trigger("click");
    await flushPromises();
    const year = new Date().getFullYear();
    expect(vi.mocked(statistics).mock.lastCall?.[0].period).toEqual({ from: `${year}-01-01`, to: toIsoDate() });
    expect(w.get("[data-testid=stats-preset-thisYear]").classes()).toContain("el-button--primary");
  });

  it("shows Rust's refusal and keeps the chosen period", async () => {
    const w = await start();
    vi.mocked(statistics).mockRejectedValueOnce({ code: "validation", message: "统计时段不能超过十年，请缩短时段。", field: "to" });
    await w.get("[data-testid=stats-preset-lastMonth]").trigger("click");
    await flushPromises();
    expect(w.get("[data-testid=stats-error]").text()).toContain("统计时段不能超过十年，请缩短时段。");
    const last = presetPeriod("lastMonth");
    const inputs = w.findAll("[data-testid=stats-range] input, .el-range-input");
    expect(inputs.map((i) => (i.element as HTMLInputElement).value)).toContain(last.from);
  });
});
