// 回访: lists the open visits with the phone as Rust sent it, records a call (unreached, then
// reached with a satisfaction) and reloads; Rust's field error stays under its field; masked
// lists say why; finished visits are listed by status without the call button.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryHistory, createRouter } from "vue-router";
import type { VisitList } from "../bindings/VisitList";
import type { VisitRow } from "../bindings/VisitRow";

vi.mock("../api/visits", async (orig) => ({
  ...(await orig<typeof import("../api/visits")>()),
  listVisits: vi.fn(),
  recordVisit: vi.fn(),
}));

import { listVisits, recordVisit } from "../api/visits";
import VisitsView from "./VisitsView.vue";

const row: VisitRow = {
  visitId: 5,
  appealId: 7,
  regNumber: "20261120-0001",
  archiveNumber: "TS-2026-000001",
  subject: "小区夜间施工噪音",
  category: "complaint",
  departmentName: "城市管理局",
  closedAt: "2026-11-25T10:00:00+08:00",
  feedbackSatisfaction: "satisfied",
  queuedAt: "2026-11-25T10:00:00+08:00",
  status: "open",
  satisfaction: null,
  attempts: 1,
  unreachedAttempts: 1,
  lastAttemptAt: "2026-11-26T09:00:00+08:00",
  lastRemark: "无人接听",
  appellantName: "张三丰",
  phone: "13812345678",
};

const page = (rows: VisitRow[], shown = true): VisitList => ({ rows, total: rows.length, page: 0, pageSize: 50, personalDataShown: shown });

async function start() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: "/visits", component: VisitsView },
      { path: "/appeals/:id", component: { template: "<div>detail</div>" } },
    ],
  });
  await router.push("/visits");
  const w = mount(VisitsView, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await flushPromises();
  return { w, router };
}

const click = (testid: string) => document.querySelector<HTMLElement>(`[data-testid="${testid}"]`)!.click();

beforeEach(() => {
  vi.mocked(listVisits).mockResolvedValue(page([row]));
});
afterEach(() => {
  vi.clearAllMocks();
  document.body.innerHTML = "";
});

describe("return visits", () => {
  it("asks for the open visits with personal data and shows whom to call", async () => {
    const { w, router } = await start();
    expect(listVisits).toHaveBeenCalledWith({ status: "open", personal: "full", page: 0, pageSize: 50 });
    expect(w.get('[data-testid="visits-row-phone"]').text()).toBe("13812345678");
    expect(w.get('[data-testid="visits-row-name"]').text()).toBe("张三丰");
    expect(w.get('[data-testid="visits-row-attempts"]').text()).toBe("1 次（未联系上 1 次）");
    expect(w.get('[data-testid="visits-total"]').text()).toBe("共 1 件");
    expect(w.find('[data-testid="visits-masked"]').exists()).toBe(false);
    await w.get('[data-testid="visits-row-number"]').trigger("click");
    await flushPromises();
    expect(router.currentRoute.value.path).toBe("/appeals/7");
    w.unmount();
  });

  it("records an unreached call, then a reached one with its satisfaction, reloading after each", async () => {
    vi.mocked(recordVisit).mockResolvedValueOnce({ visitId: 5, appealId: 7, regNumber: row.regNumber, status: "open", attempts: 2, message: "已记录第 2 次未联系上，还可再回访 1 次。" });
    const { w } = await start();
    await w.get('[data-testid="visits-row-call"]').trigger("click");
    await flushPromises();
    click("visits-reached-no");
    await flushPromises();
    expect(document.querySelector('[data-testid="visits-satisfaction"]')).toBeNull();
    const remark = document.querySelector<HTMLTextAreaElement>('textarea[data-testid="visits-remark"]')!;
    remark.value = "无人接听";
    remark.dispatchEvent(new Event("input"));
    click("visits-save");
    await flushPromises();
    expect(recordVisit).toHaveBeenCalledWith(5, { reached: false, satisfaction: null, remark: "无人接听" });
    expect(document.body.textContent).toContain("已记录第 2 次未联系上");
    expect(listVisits).toHaveBeenCalledTimes(2);

    vi.mocked(recordVisit).mockResolvedValueOnce({ visitId: 5, appealId: 7, regNumber: row.regNumber, status: "completed", attempts: 3, message: "回访已完成：基本满意。" });
    vi.mocked(listVisits).mockResolvedValue(page([]));
    await w.get('[data-testid="visits-row-call"]').trigger("click");
    await flushPromises();
    click("visits-satisfaction-basically_satisfied");
    await flushPromises();
    click("visits-save");
    await flushPromises();
    expect(recordVisit).toHaveBeenLastCalledWith(5, { reached: true, satisfaction: "basically_satisfied", remark: null });
    expect(document.body.textContent).toContain("回访已完成：基本满意");
    expect(w.text()).toContain("暂无需要回访的诉求");
    w.unmount();
  });

  it("keeps Rust's field error under the satisfaction and the dialog open", async () => {
    vi.mocked(recordVisit).mockRejectedValueOnce({ code: "validation", message: "满意度请选择满意、基本满意或不满意。", field: "satisfaction" });
    const { w } = await start();
    await w.get('[data-testid="visits-row-call"]').trigger("click");
    await flushPromises();
    click("visits-save");
    await flushPromises();
    const item = document.querySelector('[data-testid="visits-satisfaction"]')!.closest(".el-form-item")!;
    // Element Plus shows a form item's error after a short debounce.
    await vi.waitFor(() => expect(item.querySelector(".el-form-item__error")?.textContent ?? "").toContain("满意度请选择"));
    expect(document.querySelector('[data-testid="visits-dialog"]')).not.toBeNull();
    expect(listVisits).toHaveBeenCalledTimes(1);
    w.unmount();
  });

  it("says why names are masked and lists finished visits without the call button", async () => {
    vi.mocked(listVisits).mockResolvedValue(page([{ ...row, phone: "138****5678", appellantName: "张**" }], false));
    const { w } = await start();
    expect(w.get('[data-testid="visits-masked"]').text()).toContain("已隐去");
    expect(w.get('[data-testid="visits-row-phone"]').text()).toBe("138****5678");
    vi.mocked(listVisits).mockResolvedValue(page([{ ...row, status: "completed", satisfaction: "dissatisfied" }]));
    await w.get('[data-testid="visits-status-completed"] input').setValue(true);
    await flushPromises();
    expect(listVisits).toHaveBeenLastCalledWith(expect.objectContaining({ status: "completed", page: 0 }));
    expect(w.get('[data-testid="visits-row-result"]').text()).toBe("不满意");
    expect(w.find('[data-testid="visits-row-call"]').exists()).toBe(false);
    w.unmount();
  });
});
