// The appeal list: ?q= becomes the search, one list_appeals call per change (typing waits for a
// pause), paging, "N+" totals for uncounted searches, row click, state kept across visits.
import { enableAutoUnmount, flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { nextTick } from "vue";
import { createMemoryHistory, createRouter } from "vue-router";
import type { AppealRow } from "../bindings/AppealRow";
import type { ListFilter } from "../bindings/ListFilter";
import type { Page } from "../bindings/Page";
import { appealRow, testVocabulary } from "../components/appeals/fixtures";
import { defaultListState, listState } from "../components/appeals/listState";
import { setVocabulary } from "../lib/vocab";
import { setSession } from "../lib/session";
import { makeSession } from "../components/detail/detail.fixture";

const listAppeals = vi.fn<(f: ListFilter) => Promise<Page<AppealRow>>>();
vi.mock("../api/appeals", () => ({ listAppeals: (f: ListFilter) => listAppeals(f) }));
const batchPrintCount = vi.fn(async (_f: ListFilter) => ({ matched: 1234, max: 5000 }));
vi.mock("../api/batch", () => ({
  batchPrintCount: (f: ListFilter) => batchPrintCount(f),
  batchPrint: vi.fn(),
  cancelBatchPrint: vi.fn(),
  onBatchProgress: vi.fn(),
}));
vi.mock("../api/admin", () => ({ departments: async () => [{ id: 3, name: "城管科", active: true }] }));

import AppealsView from "./AppealsView.vue";

enableAutoUnmount(afterEach);

/** Element Plus is slow to render in happy-dom; these tests mount the whole page. */
const SLOW = 20000;

const Blank = { render: () => null };

function page(p: Partial<Page<AppealRow>> = {}): Page<AppealRow> {
  return { rows: [appealRow()], total: 1, totalCapped: false, hasMore: false, page: 0, pageSize: 50, ...p };
}

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: "/appeals", component: AppealsView },
      { path: "/appeals/:id", component: Blank },
    ],
  });
  await router.push(path);
  const w = mount(AppealsView, { global: { plugins: [ElementPlus, router] } });
  await flushPromises();
  await flushPromises();
  return { w, router };
}

const lastFilter = () => listAppeals.mock.calls[listAppeals.mock.calls.length - 1][0];

beforeEach(() => {
  setVocabulary(testVocabulary);
  sessionStorage.clear();
  Object.assign(listState, defaultListState());
  listAppeals.mockReset();
  listAppeals.mockImplementation(async (f) => page({ page: f.page }));
});
afterEach(() => setVocabulary(null));

describe("AppealsView", () => {
  it("searches the term from the address and lists the rows with the total", async () => {
    const rows = Array.from({ length: 50 }, (_, i) => appealRow({ id: i + 1, regNumber: `20261120-${1000 + i}` }));
    listAppeals.mockResolvedValue(page({ rows, total: null, hasMore: true }));
    const { w } = await mountAt("/appeals?q=%E5%BC%A0%E4%B8%89");
    expect(listAppeals).toHaveBeenCalledTimes(1);
    expect(lastFilter()).toMatchObject({ text: "张三", page: 0, pageSize: 50, sort: "registered_desc" });
    expect(w.get('[data-testid="appeals-search-term"]').text()).toBe("搜索：张三");
    expect((w.get('input[data-testid="appeals-search"]').element as HTMLInputElement).value).toBe("张三");
    expect(w.findAll('[data-testid="appeal-row-number"]')).toHaveLength(50);
    expect(w.get('[data-testid="appeals-total"]').text()).toBe("共 50+ 条");
    w.unmount();
  }, SLOW);

  it("makes one call per change, back on the first page, and waits for a typing pause", async () => {
    const { w } = await mountAt("/appeals");
    expect(listAppeals).toHaveBeenCalledTimes(1);
    listState.page = 2;
    await flushPromises();
    expect(listAppeals).toHaveBeenCalledTimes(2);
    expect(lastFilter().page).toBe(2);

    listState.category = "complaint";
    listState.overdue = true;
    await nextTick();
    await flushPromises();
    expect(listAppeals).toHaveBeenCalledTimes(3);
    expect(lastFilter()).toMatchObject({ category: "complaint", overdue: true, page: 0 });

    const box = w.get('input[data-testid="appeals-search"]');
    await box.setValue("噪");
    await box.setValue("噪音");
    await box.setValue("噪音扰民");
    expect(listAppeals).toHaveBeenCalledTimes(3);
    await vi.waitFor(() => expect(listAppeals).toHaveBeenCalledTimes(4));
    expect(lastFilter()).toMatchObject({ text: "噪音扰民", category: "complaint" });
    w.unmount();
  }, SLOW);

  it("pages through an uncounted search with previous/next", async () => {
    listAppeals.mockImplementation(async (f) =>
      page({ rows: [appealRow({ id: f.page + 1 })], total: null, hasMore: f.page === 0, page: f.page }),
    );
    const { w } = await mountAt("/appeals?q=ab");
    await w.get('[data-testid="appeals-next"]').trigger("click");
    await flushPromises();
    expect(lastFilter().page).toBe(1);
    expect(w.get('[data-testid="appeals-total"]').text()).toBe("共 51 条");
    expect(w.get('[data-testid="appeals-next"]').attributes("disabled")).toBeDefined();
    w.unmount();
  }, SLOW);

  it("opens an appeal on row click and keeps the filters for the next visit", async () => {
    const first = await mountAt("/appeals");
    listState.channel = "letter";
    await flushPromises();
    await first.w.findAll("tr.appeal-table__row")[0].find("td").trigger("click");
    await flushPromises();
    expect(first.router.currentRoute.value.path).toBe("/appeals/1");
    first.w.unmount();

    listAppeals.mockClear();
    const again = await mountAt("/appeals");
    expect(listAppeals).toHaveBeenCalledTimes(1);
    expect(lastFilter()).toMatchObject({ channel: "letter" });
    again.w.unmount();
  }, SLOW);

  it("shows Rust's error", async () => {
    listAppeals.mockRejectedValue({ code: "validation", message: "搜索词太长，请控制在100个字以内。", field: "text" });
    const { w } = await mountAt("/appeals");
    expect(w.get('[data-testid="appeals-error"]').text()).toContain("搜索词太长");
    w.unmount();
  }, SLOW);
});

describe("AppealsView selection (batch work)", () => {
  beforeEach(() => setSession({ ...makeSession(["appeals_office"]), permissions: ["route", "close", "paperArchive"] }));
  afterEach(() => setSession(null));

  it("ticks rows and the page, selects the whole filter with its count and the limit, and clears on a new filter", async () => {
    const rows = [1, 2, 3].map((id) => appealRow({ id, regNumber: `20261120-000${id}` }));
    listAppeals.mockImplementation(async (f) => page({ rows, total: 1234, page: f.page }));
    const { w } = await mountAt("/appeals");
    expect(w.find('[data-testid="batch-bar"]').exists()).toBe(false);
    await w.get('[data-testid="select-row-20261120-0001"] input').setValue(true);
    await w.get('[data-testid="select-row-20261120-0003"] input').setValue(true);
    expect(w.get('[data-testid="batch-selected"]').text()).toBe("已选 2 件");
    await w.get('[data-testid="select-page"] input').setValue(true);
    expect(w.get('[data-testid="batch-selected"]').text()).toBe("已选 3 件");
    expect(w.find('[data-testid="batch-route"]').exists()).toBe(true);
    expect(w.find('[data-testid="batch-archive"]').exists()).toBe(true);
    expect(w.find('[data-testid="batch-print-selected"]').exists()).toBe(false); // no personal data

    await w.get('[data-testid="batch-select-all"]').trigger("click");
    await flushPromises();
    expect(batchPrintCount).toHaveBeenCalledWith(expect.objectContaining({ page: 0 }));
    expect(w.get('[data-testid="batch-selected"]').text()).toBe("已选中筛选结果全部 1,234 件");
    expect(w.get('[data-testid="batch-too-many-selected"]').text()).toContain("一次最多批量处理 1,000 件");
    expect(w.get('[data-testid="batch-route"]').attributes("disabled")).toBeDefined();

    listState.category = "complaint";
    await flushPromises();
    expect(w.find('[data-testid="batch-bar"]').exists()).toBe(false);
    w.unmount();
  }, SLOW);
});
