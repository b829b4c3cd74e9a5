// 待我处理: each queue shows its count and earliest due date; one appeal opens itself, several
// open a drawer listing exactly the queue's appeals, an empty queue cannot be clicked.
import { enableAutoUnmount, flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryHistory, createRouter } from "vue-router";
import type { AppealRow } from "../../bindings/AppealRow";
import type { DecisionQueue } from "../../bindings/DecisionQueue";
import type { Page } from "../../bindings/Page";
import { appealRow, testVocabulary } from "../appeals/fixtures";
import { setVocabulary } from "../../lib/vocab";
import { queueTarget, queueTone } from "./queues";

const appealRows = vi.fn<(ids: number[], page: number, size: number) => Promise<Page<AppealRow>>>();
vi.mock("../../api/analysis", () => ({
  appealRows: (ids: number[], page: number, size: number) => appealRows(ids, page, size),
}));

import DecisionQueues from "./DecisionQueues.vue";

enableAutoUnmount(afterEach);

const Blank = { render: () => null };

const QUEUES: DecisionQueue[] = [
  { kind: "review", label: "处理方案待审核", count: 1, earliestDue: "2026-11-26", appealIds: [7] },
  { kind: "progress", label: "待报告进展", count: 3, earliestDue: "2000-01-03", appealIds: [4, 9, 2] },
  { kind: "followUp", label: "不满意待沟通", count: 0, earliestDue: null, appealIds: [] },
];

async function mountQueues(queues = QUEUES) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: "/workbench", component: Blank },
      { path: "/appeals/:id", component: Blank },
    ],
  });
  await router.push("/workbench");
  const w = mount(DecisionQueues, { props: { queues }, global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await flushPromises();
  return { w, router };
}

beforeEach(() => {
  setVocabulary(testVocabulary);
  appealRows.mockReset();
  appealRows.mockImplementation(async (ids) => ({
    rows: ids.map((id) => appealRow({ id, regNumber: `20261120-000${id}` })),
    total: ids.length,
    totalCapped: false,
    hasMore: false,
    page: 0,
    pageSize: 20,
  }));
});
afterEach(() => setVocabulary(null));

describe("DecisionQueues", () => {
  it("shows each queue with its count and earliest due date, an overdue one in red", async () => {
    const { w } = await mountQueues();
    expect(w.find('[data-testid="wb-queues"]').text()).toContain("待我处理");
    expect(w.find('[data-testid="wb-queue-review"]').text()).toContain("处理方案待审核");
    expect(w.find('[data-testid="wb-queue-count-progress"]').text()).toBe("3");
    expect(w.find('[data-testid="wb-queue-due-review"]').text()).toContain("2026-11-26");
    expect(w.find('[data-testid="wb-queue-due-progress"] span').attributes("style")).toContain("color");
    expect(w.find('[data-testid="wb-queue-due-followUp"]').text()).toBe("暂无");
    expect(w.find('[data-testid="wb-queue-followUp"]').attributes("disabled")).toBeDefined();
  });

  it("opens the appeal itself when the queue holds one", async () => {
    const { w, router } = await mountQueues();
    await w.find('[data-testid="wb-queue-review"]').trigger("click");
    await flushPromises();
    expect(router.currentRoute.value.path).toBe("/appeals/7");
  });

  it("lists exactly the queue's appeals when it holds several", async () => {
    const { w, router } = await mountQueues();
    await w.find('[data-testid="wb-queue-progress"]').trigger("click");
    await flushPromises();
    expect(appealRows).toHaveBeenCalledWith([4, 9, 2], 0, 20);
    expect(router.currentRoute.value.path).toBe("/workbench");
    expect(document.body.textContent).toContain("待报告进展（3 件）");
    expect(document.body.textContent).toContain("20261120-0009");
  });

  it("shows nothing for a role that decides nothing", async () => {
    const { w } = await mountQueues([]);
    expect(w.find('[data-testid="wb-queues"]').exists()).toBe(false);
  });
});

describe("queue helpers", () => {
  it("leads to the appeal, the list or nowhere", () => {
    expect(queueTarget({ count: 1, appealIds: [5] })).toEqual({ kind: "appeal", id: 5 });
    expect(queueTarget({ count: 2, appealIds: [5, 6] })).toEqual({ kind: "list", ids: [5, 6] });
    expect(queueTarget({ count: 0, appealIds: [] })).toBeNull();
  });
  it("colours the earliest due date", () => {
    expect(queueTone("2026-11-24", "2026-11-25")).toBe("danger");
    expect(queueTone("2026-11-25", "2026-11-25")).toBe("warning");
    expect(queueTone("2026-11-26", "2026-11-25")).toBe("");
    expect(queueTone(null, "2026-11-25")).toBe("");
  });
});
