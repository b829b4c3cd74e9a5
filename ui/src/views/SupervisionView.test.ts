// Supervision: both tabs load with counts, rows offer what the role may do, a notice goes out
// with reason and new due date, and Rust's date error lands under the date with the reason kept;
// the notices issued on an appeal are listed and each prints by its own number.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryHistory, createRouter } from "vue-router";
import type { AppealRow } from "../bindings/AppealRow";
import type { ListFilter } from "../bindings/ListFilter";
import type { SessionInfo } from "../bindings/SessionInfo";
import { setSession } from "../lib/session";

vi.mock("../api/appeals", async (orig) => ({
  ...(await orig<typeof import("../api/appeals")>()),
  listAppeals: vi.fn(),
  appealDetail: vi.fn(),
}));
vi.mock("../api/paper", () => ({ printAppeal: vi.fn() }));
vi.mock("../api/dialog", () => ({ pickSavePath: vi.fn() }));
vi.mock("../api/export", () => ({ exportLedger: vi.fn(), cancelExport: vi.fn(), onExportProgress: vi.fn(async () => () => {}) }));
vi.mock("../api/actions", async (orig) => ({
  ...(await orig<typeof import("../api/actions")>()),
  issueSupervision: vi.fn(),
  escalate: vi.fn(),
  instruct: vi.fn(),
}));

vi.mock("../api/work", () => ({ slowAppeals: vi.fn() }));

import { issueSupervision, instruct } from "../api/actions";
import { slowAppeals } from "../api/work";
import type { SlowAppeal } from "../bindings/SlowAppeal";
import { appealDetail, listAppeals } from "../api/appeals";
import { pickSavePath } from "../api/dialog";
import { exportLedger } from "../api/export";
import { printAppeal } from "../api/paper";
import type { AppealDetail } from "../bindings/AppealDetail";
import type { SupervisionRecord } from "../bindings/SupervisionRecord";
import SupervisionView from "./SupervisionView.vue";

function appeal(id: number, overdue: boolean): AppealRow {
  return {
    id, regNumber: `20261101-000${id}`, archiveNumber: null, category: "complaint", subject: `事项${id}`,
    channel: "hotline", departmentId: 3, departmentName: "城管科", status: "routed", dueDate: "2026-11-03",
    due: { overdue, dueSoon: !overdue, remainingWorkingDays: overdue ? -2 : 1 },
    receivedAt: "2026-10-28T09:00:00+08:00", registeredAt: "2026-10-28T09:05:00+08:00", major: false,
    urgency: "normal", round: 1, escalated: id === 2, supervisionCount: id === 1 ? 2 : 0,
  };
}

function notice(n: number, reason: string): SupervisionRecord {
  return {
    id: n, number: `DB-2026-000${n}`, appealId: 1, departmentId: 3, issuedBy: 1, issuedAt: `2026-11-0${n + 2}T10:00:00+08:00`,
    reason, stage: "plan", oldDueDate: "2026-11-03", newDueDate: `2026-11-1${n}`,
  };
}

function page(rows: AppealRow[], total: number) {
  return { rows, total, totalCapped: false, hasMore: false, page: 0, pageSize: 50 };
}

function session(permissions: SessionInfo["permissions"]): SessionInfo {
  return {
    userId: 1, username: "u", displayName: "赵六", departmentId: 1, departmentName: "诉求办",
    roles: ["appeals_office"], agreementSignedOn: null, orgName: "某市", permissions,
  };
}

function errorUnder(el: Element): string {
  return el.closest(".el-form-item")?.querySelector(".el-form-item__error")?.textContent?.trim() ?? "";
}

async function start() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: "/supervision", component: SupervisionView },
      { path: "/appeals/:id", component: { template: "<div>detail</div>" } },
    ],
  });
  await router.push("/supervision");
  const w = mount(SupervisionView, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await flushPromises();
  return { w, router };
}

function slow(id: number, lastProgressAt: string | null): SlowAppeal {
  return { appeal: { ...appeal(id, false), subject: `缓慢${id}` }, stage: "plan", stageStartedOn: "2026-10-28", daysUsed: 4, daysAllowed: 5, lastProgressAt };
}

beforeEach(() => {
  vi.mocked(slowAppeals).mockResolvedValue({
    rows: [slow(5, null), slow(6, "2026-10-20T10:00:00+08:00")],
    total: 2,
    sharePercent: 60,
  });
  vi.mocked(appealDetail).mockResolvedValue({ supervisions: [notice(1, "逾期两个工作日未提交方案")] } as unknown as AppealDetail);
  vi.mocked(listAppeals).mockImplementation(async (f: ListFilter) =>
    f.overdue ? page([appeal(1, true)], 12) : page([appeal(2, false)], 3),
  );
});
afterEach(() => {
  vi.clearAllMocks();
  setSession(null);
  document.body.innerHTML = "";
});

describe("supervision", () => {
  it("lists 进度缓慢 with its rule, stage, days and last report, and issues a notice from there", async () => {
    setSession(session(["issueSupervision", "viewAppeal"]));
    const { w } = await start();
    expect(slowAppeals).toHaveBeenCalledWith(0, 50);
    expect(w.get('[data-testid="supervision-count-slow"]').text()).toBe("（2）");
    const panel = w.get('[data-testid="slow-panel"]');
    expect(panel.get('[data-testid="slow-rule"]').text()).toContain("本阶段期限已用去 60% 以上、尚未逾期");
    expect(panel.findAll('[data-testid="slow-row-number"]').map((n) => n.text())).toEqual(["20261101-0005", "20261101-0006"]);
    expect(panel.get('[data-testid="slow-row-days"]').text()).toBe("4 / 5");
    expect(panel.findAll('[data-testid="slow-row-last"]').map((n) => n.text())).toEqual(["从未报告", "2026-10-20"]);
    expect(panel.text()).toContain("本阶段前");
    vi.mocked(issueSupervision).mockResolvedValueOnce({
      appealId: 5, regNumber: "20261101-0005", archiveNumber: null, status: "routed", dueDate: "2030-01-07",
      message: "已发出督办通知 DB-2026-0003，新的办理期限 2030年1月7日。",
    });
    await panel.get('[data-testid="slow-supervise"]').trigger("click");
    await flushPromises();
    await w.get('textarea[data-testid="supervision-text"]').setValue("已用去本阶段八成期限，尚未报告进展");
    w.get('[data-testid="supervision-new-due"]').findComponent({ name: "ElDatePicker" }).vm.$emit("update:modelValue", "2030-01-07");
    await flushPromises();
    await w.get('[data-testid="supervision-submit"]').trigger("click");
    await flushPromises();
    expect(issueSupervision).toHaveBeenCalledWith(5, "已用去本阶段八成期限，尚未报告进展", "2030-01-07");
    expect(document.body.textContent).toContain("已发出督办通知 DB-2026-0003");
    w.unmount();
  });

  it("offers no notice on 进度缓慢 to a role that may not issue one", async () => {
    setSession(session(["instruct", "viewAppeal"]));
    const { w } = await start();
    expect(w.find('[data-testid="slow-supervise"]').exists()).toBe(false);
    expect(w.findAll('[data-testid="slow-row-number"]').length).toBe(2);
    w.unmount();
  });

  it("loads overdue and due-soon appeals, earliest due first, with counts", async () => {
    setSession(session(["issueSupervision", "escalate", "viewAppeal"]));
    const { w } = await start();
    const filters = vi.mocked(listAppeals).mock.calls.map((c) => c[0]);
    expect(filters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ overdue: true, dueSoon: false, sort: "due_asc", page: 0 }),
        expect.objectContaining({ overdue: false, dueSoon: true, sort: "due_asc", page: 0 }),
      ]),
    );
    expect(w.get('[data-testid="supervision-count-overdue"]').text()).toBe("（12）");
    expect(w.get('[data-testid="supervision-count-dueSoon"]').text()).toBe("（3）");
    const table = w.get('[data-testid="supervision-table-overdue"]');
    expect(table.get('[data-testid="supervision-row-number"]').text()).toBe("20261101-0001");
    expect(table.get('[data-testid="supervision-row-due"]').text()).toBe("逾期 2 个工作日");
    expect(table.find('[data-testid="supervision-supervise"]').exists()).toBe(true);
    expect(table.find('[data-testid="supervision-escalate"]').exists()).toBe(true);
    expect(table.find('[data-testid="supervision-instruct"]').exists()).toBe(false);
    w.unmount();
  });

  it("exports the open tab's appeals, all pages, masked for staff without the agreement", async () => {
    setSession(session(["issueSupervision", "viewPersonalData"]));
    vi.mocked(exportLedger).mockResolvedValue({ path: "/data/exports/即将到期诉求.xlsx", rows: 3, personalData: false, cancelled: false });
    const { w } = await start();
    await w.get('[data-testid="supervision-export-dueSoon"]').trigger("click");
    await flushPromises();
    expect(document.querySelector('[data-testid="export-personal"]')).toBeNull();
    document.querySelector<HTMLElement>('[data-testid="export-start"]')!.click();
    await flushPromises();
    expect(exportLedger).toHaveBeenCalledWith(
      expect.objectContaining({ overdue: false, dueSoon: true, sort: "due_asc", page: 0 }),
      false,
      null,
    );
    expect(document.querySelector('[data-testid="export-result"]')?.textContent).toContain("已导出 3 件诉求");
    w.unmount();
  });

  it("opens the appeal on row click", async () => {
    setSession(session(["issueSupervision"]));
    const { w, router } = await start();
    await w.get('[data-testid="supervision-table-overdue"] [data-testid="supervision-row-subject"]').trigger("click");
    await flushPromises();
    expect(router.currentRoute.value.path).toBe("/appeals/1");
    w.unmount();
  });

  it("issues a notice; a date error goes under the date and the reason stays", async () => {
    setSession(session(["issueSupervision", "escalate"]));
    vi.mocked(issueSupervision).mockRejectedValueOnce({
      code: "validation", message: "新的办理期限是休息日，请选择一个工作日。", field: "newDueDate",
    });
    const { w } = await start();
    await w.get('[data-testid="supervision-table-overdue"] [data-testid="supervision-supervise"]').trigger("click");
    await flushPromises();
    // Both fields are required before anything is sent.
    await w.get('[data-testid="supervision-submit"]').trigger("click");
    await vi.waitFor(() => expect(errorUnder(w.get('textarea[data-testid="supervision-text"]').element)).toBe("请填写督办事由。"));
    expect(issueSupervision).not.toHaveBeenCalled();

    await w.get('textarea[data-testid="supervision-text"]').setValue("逾期两个工作日未提交方案");
    w.get('[data-testid="supervision-new-due"]').findComponent({ name: "ElDatePicker" }).vm.$emit("update:modelValue", "2030-01-05");
    await flushPromises();
    await w.get('[data-testid="supervision-submit"]').trigger("click");
    await flushPromises();
    expect(issueSupervision).toHaveBeenCalledWith(1, "逾期两个工作日未提交方案", "2030-01-05");
    await vi.waitFor(() =>
      expect(errorUnder(w.get('[data-testid="supervision-new-due"]').element)).toBe("新的办理期限是休息日，请选择一个工作日。"),
    );
    expect((w.get('textarea[data-testid="supervision-text"]').element as HTMLTextAreaElement).value).toBe("逾期两个工作日未提交方案");

    vi.mocked(issueSupervision).mockResolvedValueOnce({
      appealId: 1, regNumber: "20261101-0001", archiveNumber: null, status: "routed", dueDate: "2030-01-07",
      message: "已发出督办通知 DB-2026-0001，新的办理期限 2030年1月7日。",
    });
    w.get('[data-testid="supervision-new-due"]').findComponent({ name: "ElDatePicker" }).vm.$emit("update:modelValue", "2030-01-07");
    await w.get('[data-testid="supervision-submit"]').trigger("click");
    await flushPromises();
    expect(document.body.textContent).toContain("已发出督办通知 DB-2026-0001");
    expect(vi.mocked(listAppeals).mock.calls.length).toBe(4);
    // The notices open at once, the new one ready to print.
    expect(appealDetail).toHaveBeenCalledWith(1);
    expect(w.get('[data-testid="notice-dialog"]').isVisible()).toBe(true);
    expect(w.get('[data-testid="notice-number"]').text()).toBe("DB-2026-0001");
    w.unmount();
  });

  it("lists the notices issued on an appeal and prints the one chosen, not only the latest", async () => {
    setSession(session(["issueSupervision", "escalate", "viewAppeal"]));
    vi.mocked(appealDetail).mockResolvedValue({
      supervisions: [notice(1, "方案逾期未交"), notice(2, "督办后仍未报送方案")],
    } as unknown as AppealDetail);
    vi.mocked(printAppeal).mockImplementation(async (_id, _doc, saveTo, number) => saveTo ?? `/data/prints/${number}.pdf`);
    vi.mocked(pickSavePath).mockResolvedValue("/home/u/第二次督办.pdf");
    const { w, router } = await start();
    // Only an appeal that has been supervised offers its notices.
    expect(w.find('[data-testid="supervision-table-dueSoon"] [data-testid="supervision-notices"]').exists()).toBe(false);
    await w.get('[data-testid="supervision-table-overdue"] [data-testid="supervision-notices"]').trigger("click");
    await flushPromises();
    expect(router.currentRoute.value.path).toBe("/supervision");
    expect(appealDetail).toHaveBeenCalledWith(1);
    const dialog = w.get('[data-testid="notice-dialog"]');
    expect(dialog.get('[data-testid="notice-dialog-appeal"]').text()).toContain("20261101-0001");
    expect(dialog.findAll('[data-testid="notice-number"]').map((n) => n.text())).toEqual(["DB-2026-0001", "DB-2026-0002"]);
    expect(dialog.text()).toContain("第1次");

    await dialog.get('[data-testid="notice-print-DB-2026-0001"]').trigger("click");
    await flushPromises();
    expect(printAppeal).toHaveBeenCalledWith(1, "supervision_notice", null, "DB-2026-0001");
    expect(document.body.textContent).toContain("督办通知单 DB-2026-0001 已生成。已打开 PDF，按 Ctrl+P 打印。");

    await dialog.get('[data-testid="notice-save-DB-2026-0002"]').trigger("click");
    await flushPromises();
    expect(pickSavePath).toHaveBeenCalledWith("另存督办通知单 DB-2026-0002", "20261101-0001-督办通知单-DB-2026-0002.pdf", [
      { name: "PDF 文件", extensions: ["pdf"] },
    ]);
    expect(printAppeal).toHaveBeenLastCalledWith(1, "supervision_notice", "/home/u/第二次督办.pdf", "DB-2026-0002");
    expect(document.body.textContent).toContain("督办通知单 DB-2026-0002 已保存到 /home/u/第二次督办.pdf");
    w.unmount();
  });

  it("lets management record an instruction", async () => {
    setSession({ ...session(["instruct", "viewAppeal"]), roles: ["management"] });
    vi.mocked(instruct).mockResolvedValueOnce({
      appealId: 2, regNumber: "20261101-0002", archiveNumber: null, status: "routed", dueDate: null, message: "批示已记录。",
    });
    const { w } = await start();
    await w.get('[data-testid="supervision-tab-dueSoon"]').trigger("click");
    const table = w.get('[data-testid="supervision-table-dueSoon"]');
    expect(table.find('[data-testid="supervision-supervise"]').exists()).toBe(false);
    await table.get('[data-testid="supervision-instruct"]').trigger("click");
    await flushPromises();
    expect(w.get('[data-testid="supervision-dialog"]').text()).toContain("批示内容");
    await w.get('textarea[data-testid="supervision-text"]').setValue("请城管科三日内协调解决");
    await w.get('[data-testid="supervision-submit"]').trigger("click");
    await flushPromises();
    expect(instruct).toHaveBeenCalledWith(2, "请城管科三日内协调解决");
    expect(document.body.textContent).toContain("批示已记录。");
    w.unmount();
  });
});
