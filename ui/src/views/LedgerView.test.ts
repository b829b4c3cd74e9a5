// The tracking ledger: asks for the right page, shows the lines with due checks marked, opens an
// appeal on row click, and reports progress with Rust's field error kept under its field.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryHistory, createRouter } from "vue-router";
import type { LedgerRow } from "../bindings/LedgerRow";
import type { SessionInfo } from "../bindings/SessionInfo";
import { ledgerFilter, resetLedgerFilter } from "../components/ledger/ledgerState";
import { toIsoDate } from "../lib/format";
import { setSession } from "../lib/session";

vi.mock("../api/work", async (orig) => ({ ...(await orig<typeof import("../api/work")>()), trackingLedger: vi.fn() }));
vi.mock("../api/admin", () => ({ departments: vi.fn() }));
vi.mock("../api/export", () => ({ exportTracking: vi.fn(), cancelExport: vi.fn(), onExportProgress: vi.fn(async () => () => {}) }));
vi.mock("../api/actions", async (orig) => ({ ...(await orig<typeof import("../api/actions")>()), addProgress: vi.fn() }));

import { addProgress } from "../api/actions";
import { departments } from "../api/admin";
import { exportTracking } from "../api/export";
import { trackingLedger } from "../api/work";
import LedgerView from "./LedgerView.vue";

const row: LedgerRow = {
  appealId: 7,
  regNumber: "20261101-0003",
  archiveNumber: "TS-2026-000012",
  subject: "小区路灯长期不亮",
  status: "tracking",
  departmentName: "城管科",
  measures: "更换路灯控制箱并每周巡查",
  responsible: "王五",
  nextCheckDate: "2020-01-06",
  startedAt: "2026-11-01T09:00:00+08:00",
  resolvedAt: null,
  progressCount: 2,
  lastProgress: "已更换控制箱",
  lastProgressAt: "2026-11-10T10:00:00+08:00",
};

function session(roles: SessionInfo["roles"], permissions: SessionInfo["permissions"]): SessionInfo {
  return {
    userId: 1, username: "u", displayName: "赵六", departmentId: 1, departmentName: "诉求办",
    roles, agreementSignedOn: null, orgName: "某市", permissions,
  };
}

/** The error text Element Plus shows under the form item holding `el`. */
function errorUnder(el: Element): string {
  return el.closest(".el-form-item")?.querySelector(".el-form-item__error")?.textContent?.trim() ?? "";
}

async function start() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: "/ledger", component: LedgerView },
      { path: "/appeals/:id", component: { template: "<div>detail</div>" } },
    ],
  });
  await router.push("/ledger");
  const w = mount(LedgerView, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await flushPromises();
  return { w, router };
}

beforeEach(() => {
  resetLedgerFilter();
  vi.mocked(trackingLedger).mockResolvedValue({ rows: [row], total: 61 });
  vi.mocked(departments).mockResolvedValue([{ id: 3, name: "城管科", active: true }]);
});
afterEach(() => {
  vi.clearAllMocks();
  setSession(null);
  document.body.innerHTML = "";
});

describe("tracking ledger", () => {
  it("lists open lines with the due check marked, for the office with a department filter", async () => {
    setSession(session(["appeals_office"], ["viewLedger", "addProgress", "viewAppeal"]));
    const { w } = await start();
    expect(trackingLedger).toHaveBeenCalledWith({ departmentId: null, includeResolved: false, checkDueBy: null, page: 0, pageSize: 50 });
    expect(w.get('[data-testid="ledger-row-number"]').text()).toBe("20261101-0003");
    expect(w.get('[data-testid="ledger-row-measures"]').text()).toBe("更换路灯控制箱并每周巡查");
    expect(w.get('[data-testid="ledger-row-next-check"]').text()).toBe("2020-01-06");
    expect(w.find('[data-testid="ledger-row-check-due"]').exists()).toBe(true);
    expect(w.get('[data-testid="ledger-row-progress-count"]').text()).toBe("2 次");
    expect(w.get('[data-testid="ledger-total"]').text()).toBe("共 61 条");
    expect(w.find('[data-testid="ledger-filter-department"]').exists()).toBe(true);
    expect(departments).toHaveBeenCalled();
    w.unmount();
  });

  it("exports the whole filtered ledger, not the page on screen", async () => {
    setSession(session(["appeals_office"], ["viewLedger", "addProgress"]));
    vi.mocked(exportTracking).mockResolvedValue({ path: "/data/exports/跟踪台账.xlsx", rows: 61, personalData: false, cancelled: false });
    const { w } = await start();
    await w.get('[data-testid="ledger-filter-resolved"] input').setValue(true);
    await flushPromises();
    ledgerFilter.page = 2;
    await w.get('[data-testid="export-open"]').trigger("click");
    await flushPromises();
    document.querySelector<HTMLElement>('[data-testid="export-start"]')!.click();
    await flushPromises();
    expect(exportTracking).toHaveBeenCalledWith(expect.objectContaining({ includeResolved: true, page: 0 }), null);
    expect(document.querySelector('[data-testid="export-result"]')?.textContent).toContain("已导出 61 条");
    w.unmount();
  });

  it("filters by check date and resolved lines, from the first page", async () => {
    setSession(session(["appeals_office"], ["viewLedger", "addProgress"]));
    const { w } = await start();
    await w.get('[data-testid="ledger-filter-due-today"]').trigger("click");
    await flushPromises();
    expect(trackingLedger).toHaveBeenLastCalledWith(expect.objectContaining({ checkDueBy: toIsoDate(), page: 0 }));
    await w.get('[data-testid="ledger-filter-resolved"] input').setValue(true);
    await flushPromises();
    expect(trackingLedger).toHaveBeenLastCalledWith(expect.objectContaining({ includeResolved: true }));
    w.unmount();
  });

  it("shows a handler only their department and opens the appeal on row click", async () => {
    setSession(session(["handler"], ["addProgress", "viewAppeal"]));
    const { w, router } = await start();
    expect(w.find('[data-testid="ledger-filter-department"]').exists()).toBe(false);
    expect(departments).not.toHaveBeenCalled();
    await w.get('[data-testid="ledger-row-subject"]').trigger("click");
    await flushPromises();
    expect(router.currentRoute.value.path).toBe("/appeals/7");
    w.unmount();
  });

  it("hides progress reporting from roles that may only look", async () => {
    setSession(session(["management"], ["viewLedger"]));
    const { w } = await start();
    expect(w.find('[data-testid="ledger-add-progress"]').exists()).toBe(false);
    w.unmount();
  });

  it("reports progress; Rust's date error goes under the date and the text stays", async () => {
    setSession(session(["handler"], ["addProgress"]));
    vi.mocked(addProgress).mockRejectedValueOnce({
      code: "validation",
      message: "下次检查日期是休息日，请选择一个工作日。",
      field: "nextCheck",
    });
    const { w } = await start();
    await w.get('[data-testid="ledger-add-progress"]').trigger("click");
    await flushPromises();
    await w.get('textarea[data-testid="progress-content"]').setValue("控制箱已更换，本周巡查两次");
    const picker = w.get('[data-testid="progress-next-check"]').findComponent({ name: "ElDatePicker" });
    picker.vm.$emit("update:modelValue", "2030-01-05");
    await flushPromises();
    await w.get('[data-testid="progress-submit"]').trigger("click");
    await flushPromises();
    expect(addProgress).toHaveBeenCalledWith(7, "控制箱已更换，本周巡查两次", "2030-01-05", { departmentId: null, person: null });
    // Element Plus shows a form item's error after a short debounce.
    await vi.waitFor(() => expect(errorUnder(w.get('[data-testid="progress-next-check"]').element)).toBe("下次检查日期是休息日，请选择一个工作日。"));
    const item = w.get('textarea[data-testid="progress-content"]');
    expect((item.element as HTMLTextAreaElement).value).toBe("控制箱已更换，本周巡查两次");

    vi.mocked(addProgress).mockResolvedValueOnce({
      appealId: 7, regNumber: "20261101-0003", archiveNumber: null, status: "tracking", dueDate: "2030-01-07", message: "进展情况已登记。",
    });
    picker.vm.$emit("update:modelValue", "2030-01-07");
    await w.get('[data-testid="progress-submit"]').trigger("click");
    await flushPromises();
    expect(addProgress).toHaveBeenLastCalledWith(7, "控制箱已更换，本周巡查两次", "2030-01-07", { departmentId: null, person: null });
    expect(document.body.textContent).toContain("进展情况已登记。");
    expect(trackingLedger).toHaveBeenCalledTimes(2);
    w.unmount();
  });
});
