// 热点问题: asks for the period, lists the top and rising topics with their growth, and a topic's
// word opens the very appeals behind it (by their ids, paged).
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { defineComponent, h } from "vue";
import { createMemoryHistory, createRouter } from "vue-router";
import type { Hotspots } from "../bindings/Hotspots";
import type { Topic } from "../bindings/Topic";
import { presetPeriod } from "../lib/periods";
import { setVocabulary } from "../lib/vocab";

vi.mock("../api/analysis", () => ({ hotspots: vi.fn(), appealRows: vi.fn() }));
vi.mock("../api/admin", () => ({ departments: vi.fn() }));
vi.mock("../api/vocabulary", () => ({ vocabulary: vi.fn() }));
vi.mock("../components/analysis/StatsChart.vue", () => ({
  default: defineComponent({
    props: { option: { type: Object, required: true } },
    setup: (p) => () => h("pre", { class: "chart-stub" }, JSON.stringify(p.option)),
  }),
}));

import { departments } from "../api/admin";
import { appealRows, hotspots } from "../api/analysis";
import HotspotsView from "./HotspotsView.vue";

const topic = (word: string, appeals: number, previousAppeals: number, growth: number | null, ids: number[], subjects: string[] = []): Topic => ({
  word, appeals, previousAppeals, growth, score: appeals * 3, subjects, byChannel: [{ key: "hotline", label: "热线", count: appeals }], appealIds: ids,
});

const result: Hotspots = {
  query: { period: { from: "2026-11-01", to: "2026-11-29" }, category: null, channel: null, departmentId: null, limit: 20 },
  previousPeriod: { from: "2026-10-03", to: "2026-10-31" },
  appeals: 3000,
  previousAppeals: 2800,
  backgroundPeriod: { from: "2025-11-01", to: "2026-10-31" },
  backgroundAppeals: 12000,
  top: [
    topic("噪音", 120, 100, 0.2, [5, 9, 11]),
    topic("停车", 80, 90, -0.111, [7]),
    topic("物业收费", 30, 10, 2, [8, 12], ["关于朝阳新村物业收费的投诉", "物业收费标准咨询"]),
  ],
  rising: [topic("电梯故障", 30, 0, null, [21, 22])],
  risingMinAppeals: 10,
};

async function start() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: "/hotspots", component: HotspotsView },
      { path: "/appeals/:id", component: { template: "<div>detail</div>" } },
    ],
  });
  await router.push("/hotspots");
  const w = mount(HotspotsView, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await flushPromises();
  return { w, router };
}

beforeEach(() => {
  setVocabulary({
    channels: [], categories: [], statuses: [], stages: [], roles: [], urgencies: [], satisfactions: [], feedbackMethods: [], linkKinds: [], securityActions: [], accessKinds: [],
  });
  vi.mocked(hotspots).mockResolvedValue(result);
  vi.mocked(departments).mockResolvedValue([]);
  vi.mocked(appealRows).mockResolvedValue({ rows: [], total: 3, totalCapped: false, hasMore: false, page: 0, pageSize: 20 });
});
afterEach(() => {
  vi.clearAllMocks();
  setVocabulary(null);
  document.body.innerHTML = "";
});

describe("hot spots", () => {
  it("asks for this month and ranks the topics with their growth", async () => {
    const { w } = await start();
    expect(hotspots).toHaveBeenCalledWith({ period: presetPeriod("thisMonth"), category: null, channel: null, departmentId: null, limit: 20 });
    const top = w.findAll("[data-testid=hotspots-top-row]").map((r) => r.findAll("td").map((td) => td.text()));
    expect(top[0]).toEqual(["1", "噪音", "120", "100", "+20.0%", "热线 120"]);
    expect(top[1][4]).toBe("-11.1%");
    expect(w.get("[data-testid=hotspots-rising-row]").text()).toContain("新出现");
    expect(w.get("[data-testid=hotspots-period]").text()).toContain("本期 3,000 件诉求，上期 2,800 件");
    const chart = JSON.parse(w.get(".chart-stub").text());
    expect(chart.yAxis.data).toEqual(["物业收费", "停车", "噪音"]);
  });

  it("explains the ranking rule in one sentence and shows representative subjects", async () => {
    const { w } = await start();
    expect(w.get("[data-testid=hotspots-rule]").text()).toMatch(/^排序规则：.*此前一年.*老人、孩子.*不计）。$/);
    const rows = w.findAll("[data-testid=hotspots-top-row]");
    expect(rows[0].find("[data-testid=hotspots-top-subjects]").exists()).toBe(false);
    const subjects = rows[2].findAll("[data-testid=hotspots-top-subjects] li").map((li) => li.text());
    expect(subjects).toEqual(["关于朝阳新村物业收费的投诉", "物业收费标准咨询"]);
    expect(rows[2].get("[data-testid=hotspots-top-word]").text()).toBe("物业收费");
  });

  it("opens the appeals behind a topic by their ids", async () => {
    const { w } = await start();
    await w.get("[data-testid=hotspots-top-word]").trigger("click");
    await flushPromises();
    expect(appealRows).toHaveBeenCalledWith([5, 9, 11], 0, 20);
    expect(document.body.textContent).toContain("提到“噪音”的诉求（120 件）");
  });

  it("shows Rust's refusal", async () => {
    vi.mocked(hotspots).mockRejectedValueOnce({ code: "forbidden", message: "您的角色没有权限查看统计分析。" });
    const { w } = await start();
    expect(w.get("[data-testid=hotspots-error]").text()).toContain("您的角色没有权限查看统计分析。");
  });
});
