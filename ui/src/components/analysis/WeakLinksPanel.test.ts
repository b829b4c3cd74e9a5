// 薄弱环节 on 统计分析: asks for the view's query, says the rule in one sentence, ranks the
// departments and stages with their reasons in words, and a row opens the appeals behind it.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryHistory, createRouter } from "vue-router";
import type { StatsQuery } from "../../bindings/StatsQuery";
import type { WeakLinks } from "../../bindings/WeakLinks";

vi.mock("../../api/analysis", () => ({ weakLinks: vi.fn(), appealRows: vi.fn() }));
vi.mock("../../lib/notify", () => ({ showError: vi.fn() }));

import { appealRows, weakLinks } from "../../api/analysis";
import { showError } from "../../lib/notify";
import WeakLinksPanel from "./WeakLinksPanel.vue";

const query: StatsQuery = {
  period: { from: "2026-11-01", to: "2026-11-30" }, category: null, channel: null, departmentId: null, granularity: null,
};

const RULE = "按本时段受理诉求的各环节超期率从高到低排序（在办已超期也算超期），超期率相同再看诉求人不满意率和督办通知份数；部门按办理时所在的部门计算。";

function fixture(): WeakLinks {
  return {
    query,
    overdueRate: 0.18,
    rule: RULE,
    departments: [
      {
        departmentId: 4, department: "城市管理局", measured: 30, overdue: 12, overdueRate: 0.4, reached: 10, dissatisfied: 2,
        dissatisfactionRate: 0.2, supervisionNotices: 3,
        reasons: ["30 次环节中超期 12 次（超期率40.0%，高于全办18.0%）", "回访 10 人中 2 人不满意（20.0%）", "收到督办通知 3 份"],
        appealIds: [5, 9, 11],
      },
      {
        departmentId: 7, department: "教育局", measured: 8, overdue: 0, overdueRate: 0, reached: 3, dissatisfied: 0,
        dissatisfactionRate: 0, supervisionNotices: 0, reasons: [], appealIds: [],
      },
    ],
    stages: [
      {
        stage: "plan", label: "制定方案", measured: 40, overdue: 10, overdueRate: 0.25, supervisionNotices: 2,
        reasons: ["40 次环节中超期 10 次（超期率25.0%，高于全办18.0%）", "收到督办通知 2 份"], appealIds: [5, 21],
      },
      { stage: "routing", label: "分流", measured: 0, overdue: 0, overdueRate: null, supervisionNotices: 0, reasons: [], appealIds: [] },
    ],
  };
}

async function start(q: StatsQuery = query) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: "/statistics", component: { template: "<div>stats</div>" } },
      { path: "/appeals/:id", component: { template: "<div>detail</div>" } },
    ],
  });
  await router.push("/statistics");
  const w = mount(WeakLinksPanel, { props: { query: q }, global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await flushPromises();
  return { w, router };
}

const rows = (w: ReturnType<typeof mount>, testid: string) =>
  w.get(`[data-testid=${testid}]`).findAll(".el-table__body tr").map((r) => r.findAll("td").map((td) => td.text()));

beforeEach(() => {
  vi.mocked(weakLinks).mockResolvedValue(fixture());
  vi.mocked(appealRows).mockResolvedValue({ rows: [], total: 3, totalCapped: false, hasMore: false, page: 0, pageSize: 20 });
});
afterEach(() => {
  vi.clearAllMocks();
  document.body.innerHTML = "";
});

describe("weak links panel", () => {
  it("asks for the view's query and explains the rule in one sentence", async () => {
    const { w } = await start();
    expect(weakLinks).toHaveBeenCalledWith(query);
    expect(w.get("[data-testid=weak-links-rule]").text()).toBe(`${RULE}全办各环节超期率 18.0%。点击一行查看这些诉求。`);
  });

  it("ranks the departments weakest first with their reasons in words", async () => {
    const { w } = await start();
    const [first, second] = rows(w, "weak-links-departments");
    expect(first).toEqual([
      "1", "城市管理局", "40.0%", "20.0%", "3",
      "30 次环节中超期 12 次（超期率40.0%，高于全办18.0%）；回访 10 人中 2 人不满意（20.0%）；收到督办通知 3 份",
    ]);
    expect(second[0]).toBe("2");
    expect(second[5]).toBe("无超期、不满意和督办");
    expect(w.text()).toContain("承办部门（2）");
    expect(w.text()).toContain("办理环节（2）");
  });

  it("lists the stages, a stage with nothing measured showing a dash", async () => {
    const { w } = await start();
    const [plan, routing] = rows(w, "weak-links-stages");
    expect(plan.slice(0, 4)).toEqual(["1", "制定方案", "25.0%", "2"]);
    expect(routing[2]).toBe("—");
    expect(routing[4]).toBe("无超期、不满意和督办");
  });

  it("opens the appeals behind a department and a stage, and nothing for a row without any", async () => {
    const { w } = await start();
    const body = () => w.get("[data-testid=weak-links-departments]").findAll(".el-table__body tr");
    await body()[1].trigger("click");
    await flushPromises();
    expect(appealRows).not.toHaveBeenCalled();
    await body()[0].trigger("click");
    await flushPromises();
    expect(appealRows).toHaveBeenCalledWith([5, 9, 11], 0, 20);
    expect(document.body.textContent).toContain("城市管理局：超期、不满意或被督办的诉求（3 件）");
    await w.get("[data-testid=weak-links-stages]").findAll(".el-table__body tr")[0].trigger("click");
    await flushPromises();
    expect(appealRows).toHaveBeenLastCalledWith([5, 21], 0, 20);
    expect(document.body.textContent).toContain("制定方案环节：超期、不满意或被督办的诉求（2 件）");
  });

  it("asks again when the view's period changes, and shows Rust's refusal", async () => {
    const { w } = await start();
    vi.mocked(weakLinks).mockRejectedValueOnce({ code: "forbidden", message: "您的角色没有权限查看统计分析。" });
    const next = { ...query, period: { from: "2026-10-01", to: "2026-10-31" } };
    await w.setProps({ query: next });
    await flushPromises();
    expect(weakLinks).toHaveBeenLastCalledWith(next);
    expect(showError).toHaveBeenCalledWith({ code: "forbidden", message: "您的角色没有权限查看统计分析。" });
  });
});
