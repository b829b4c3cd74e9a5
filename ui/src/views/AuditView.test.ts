// 日志审计: the security log and the access log, filtered and paged, for administrators.
import { enableAutoUnmount, flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AccessLogFilter } from "../bindings/AccessLogFilter";
import type { AccessLogPage } from "../bindings/AccessLogPage";
import type { SecurityLogFilter } from "../bindings/SecurityLogFilter";
import type { ExportOutcome } from "../bindings/ExportOutcome";
import type { SecurityLogPage } from "../bindings/SecurityLogPage";

const securityLog = vi.fn<(f: SecurityLogFilter, offset: number, limit: number) => Promise<SecurityLogPage>>();
const accessLog = vi.fn<(f: AccessLogFilter, offset: number, limit: number) => Promise<AccessLogPage>>();
const exportSecurityLog = vi.fn<(f: SecurityLogFilter, saveTo: string | null) => Promise<ExportOutcome>>();
vi.mock("../api/audit", () => ({
  securityLog: (f: SecurityLogFilter, o: number, l: number) => securityLog(f, o, l),
  accessLog: (f: AccessLogFilter, o: number, l: number) => accessLog(f, o, l),
  exportSecurityLog: (f: SecurityLogFilter, s: string | null) => exportSecurityLog(f, s),
  exportAccessLog: vi.fn(),
}));
vi.mock("../api/admin", () => ({
  users: () =>
    Promise.resolve([
      { id: 5, username: "lisi", displayName: "李四" },
      { id: 2, username: "wanggong", displayName: "王工" },
    ]),
}));
vi.mock("../api/vocabulary", () => ({
  vocabulary: () =>
    Promise.resolve({
      securityActions: [
        { code: "role_change", label: "变更角色" },
        { code: "backup", label: "备份" },
      ],
      accessKinds: [{ code: "address_search", label: "按地址检索" }],
    }),
}));
vi.mock("../api/export", () => ({ onExportProgress: () => Promise.resolve(() => undefined) }));

import AuditView from "./AuditView.vue";

enableAutoUnmount(afterEach);

beforeEach(() => {
  securityLog.mockReset();
  accessLog.mockReset();
  exportSecurityLog.mockReset().mockResolvedValue({ path: "/data/exports/安全日志.xlsx", rows: 120, personalData: false, cancelled: false });
  securityLog.mockResolvedValue({
    total: 120,
    rows: [
      {
        id: 3,
        at: "2026-11-20T09:00:00+08:00",
        actorId: 2,
        actorLabel: "命令行（系统用户 wanggong）",
        action: "role_change",
        actionLabel: "变更角色",
        target: "user:5",
        detail: { from: ["intake_clerk"], to: ["intake_clerk", "appeals_office"] },
        targetLabel: "账号 李四（lisi）",
        detailText: "接收登记员 → 接收登记员、诉求管理员",
      },
    ],
  });
  accessLog.mockResolvedValue({
    total: 1,
    rows: [
      {
        id: 1,
        at: "2026-11-21T10:00:00+08:00",
        userId: 3,
        userLabel: "bangongshi（办公室）",
        appealId: 7,
        regNumber: "20261120-0001",
        what: "appellant",
        whatLabel: "诉求人个人信息",
        purpose: "查看诉求详情",
      },
    ],
  });
});

async function mountView() {
  const w = mount(AuditView, { global: { plugins: [ElementPlus] }, attachTo: document.body });
  await flushPromises();
  return w;
}

describe("AuditView", () => {
  it("lists the newest security-log entries with who, what and the target", async () => {
    const w = await mountView();
    expect(securityLog).toHaveBeenCalledWith({ actorId: null, action: null, from: null, to: null }, 0, 50);
    const table = w.find('[data-testid="audit-security-table"]');
    expect(table.text()).toContain("命令行（系统用户 wanggong）");
    expect(table.text()).toContain("变更角色");
    // The target and the detail in Rust's words, not as stored.
    expect(table.text()).toContain("账号 李四（lisi）");
    expect(table.text()).toContain("接收登记员 → 接收登记员、诉求管理员");
    expect(table.text()).not.toContain("user:5");
    expect(w.find('[data-testid="audit-pages"]').text()).toContain("120");
  });

  it("pages and filters by action", async () => {
    const w = await mountView();
    await w.find('[data-testid="audit-pages"] .btn-next').trigger("click");
    await flushPromises();
    expect(securityLog).toHaveBeenLastCalledWith({ actorId: null, action: null, from: null, to: null }, 50, 50);
    // The filter starts again from the first page.
    (w.vm as unknown as { action: string }).action = "sign_in_failed";
    await w.find('[data-testid="audit-search"]').trigger("click");
    await flushPromises();
    expect(securityLog).toHaveBeenLastCalledWith(
      { actorId: null, action: "sign_in_failed", from: null, to: null },
      0,
      50,
    );
  });

  it("shows the personal-data access log on its tab", async () => {
    const w = await mountView();
    const tabs = w.findAll(".el-tabs__item");
    await tabs[1].trigger("click");
    await flushPromises();
    expect(accessLog).toHaveBeenCalled();
    const table = w.find('[data-testid="audit-access-table"]');
    expect(table.text()).toContain("20261120-0001");
    expect(table.text()).toContain("查看诉求详情");
    // What was seen, in words.
    expect(table.text()).toContain("诉求人个人信息");
    expect(table.text()).not.toContain("appellant");
  });

  it("filters by person and exports every entry of the filter to Excel", async () => {
    const w = await mountView();
    (w.vm as unknown as { person: number }).person = 5;
    (w.vm as unknown as { action: string }).action = "backup";
    await w.find('[data-testid="audit-search"]').trigger("click");
    await flushPromises();
    const filter = { actorId: 5, action: "backup", from: null, to: null };
    expect(securityLog).toHaveBeenLastCalledWith(filter, 0, 50);
    await w.find('[data-testid="audit-export"]').trigger("click");
    await flushPromises();
    expect(document.body.textContent).toContain("全部安全日志（不只本页）");
    document.querySelector<HTMLElement>('[data-testid="export-start"]')!.click();
    await flushPromises();
    expect(exportSecurityLog).toHaveBeenCalledWith(filter, null);
    expect(document.querySelector('[data-testid="export-result"]')?.textContent).toContain("120 条记录");
  });

  it("offers the actions in Rust's words and every account as a person", async () => {
    const w = await mountView();
    await flushPromises();
    const labels = w.findAllComponents({ name: "ElOption" }).map((o) => o.props("label"));
    expect(labels).toContain("备份");
    expect(labels).toContain("李四（lisi）");
  });

  it("says what went wrong in Chinese", async () => {
    securityLog.mockRejectedValue({ code: "forbidden", message: "您没有权限执行此操作。" });
    const w = await mountView();
    expect(w.find('[data-testid="audit-error"]').text()).toContain("没有权限");
  });
});
