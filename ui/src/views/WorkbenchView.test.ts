// The workbench: counters and tasks by due date with what to do, empty state with a way to
// register, row click opens the appeal.
import { enableAutoUnmount, flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryHistory, createRouter } from "vue-router";
import type { BackupFailure } from "../bindings/BackupFailure";
import type { SessionInfo } from "../bindings/SessionInfo";
import type { Workbench } from "../bindings/Workbench";
import { appealRow, testVocabulary } from "../components/appeals/fixtures";
import { setSession } from "../lib/session";
import { setVocabulary } from "../lib/vocab";

const myTasks = vi.fn<(limit?: number) => Promise<Workbench>>();
vi.mock("../api/work", () => ({ myTasks: (limit?: number) => myTasks(limit) }));
const integrityNotice = vi.fn<() => Promise<string[]>>();
vi.mock("../api/audit", () => ({ integrityNotice: () => integrityNotice() }));
const pendingGrantCount = vi.fn<() => Promise<number>>();
vi.mock("../api/admin", () => ({ pendingGrantCount: () => pendingGrantCount() }));
const backupAlert = vi.fn<() => Promise<BackupFailure | null>>();
vi.mock("../api/backup", () => ({ backupAlert: () => backupAlert() }));
vi.mock("../api/assists", () => ({ assistTasks: async () => [] }));

import WorkbenchView from "./WorkbenchView.vue";

enableAutoUnmount(afterEach);

const Blank = { render: () => null };

async function mountView() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: "/workbench", component: WorkbenchView },
      { path: "/register", component: Blank },
      { path: "/appeals/:id", component: Blank },
      { path: "/settings", component: Blank },
    ],
  });
  await router.push("/workbench");
  const w = mount(WorkbenchView, { global: { plugins: [ElementPlus, router] } });
  await flushPromises();
  await flushPromises();
  return { w, router };
}

function clerk(permissions: SessionInfo["permissions"]): SessionInfo {
  return {
    userId: 1,
    username: "li",
    displayName: "李四",
    departmentId: 1,
    departmentName: "诉求办",
    roles: ["intake_clerk"],
    agreementSignedOn: null,
    orgName: "某市",
    permissions,
  };
}

beforeEach(() => {
  setVocabulary(testVocabulary);
  myTasks.mockReset();
  integrityNotice.mockReset();
  integrityNotice.mockResolvedValue([]);
  backupAlert.mockReset();
  pendingGrantCount.mockReset();
  pendingGrantCount.mockResolvedValue(0);
});
afterEach(() => {
  setVocabulary(null);
  setSession(null);
});

describe("WorkbenchView", () => {
  it("shows the counters and the tasks by due date with what to do", async () => {
    myTasks.mockResolvedValue({
      total: 3,
      overdue: 1,
      dueSoon: 1,
      queues: [],
      tasks: [
        { todo: "分流", appeal: appealRow({ id: 2, regNumber: "20261120-0002", status: "accepted", dueDate: "2026-11-26" }) },
        {
          todo: "初审",
          appeal: appealRow({
            id: 1,
            status: "registered",
            dueDate: "2026-11-18",
            due: { overdue: true, dueSoon: false, remainingWorkingDays: -2 },
          }),
        },
      ],
    });
    const { w, router } = await mountView();
    expect(myTasks).toHaveBeenCalledWith(200);
    expect(w.get('[data-testid="wb-total"]').text()).toBe("3");
    expect(w.get('[data-testid="wb-overdue"]').text()).toBe("1");
    expect(w.get('[data-testid="wb-due-soon"]').text()).toBe("1");
    expect(w.findAll('[data-testid="wb-todo"]').map((t) => t.text())).toEqual(["初审", "分流"]);
    expect(w.get('[data-testid="appeal-row-due"]').text()).toBe("逾期 2 个工作日");
    expect(w.get('[data-testid="wb-truncated"]').text()).toContain("共 3 件待办");

    await w.get('[data-testid="wb-count-overdue"]').trigger("click");
    expect(w.findAll('[data-testid="wb-todo"]').map((t) => t.text())).toEqual(["初审"]);

    await w.findAll("tr.appeal-table__row")[0].find("td").trigger("click");
    await flushPromises();
    expect(router.currentRoute.value.path).toBe("/appeals/1");
  });

  it("says what to do when there is nothing to do", async () => {
    setSession(clerk(["register", "initialReview"]));
    myTasks.mockResolvedValue({ total: 0, overdue: 0, dueSoon: 0, tasks: [], queues: [] });
    const { w, router } = await mountView();
    expect(w.get('[data-testid="wb-empty"]').text()).toContain("暂无待办，可以去登记新的诉求");
    await w.get('[data-testid="wb-empty-register"]').trigger("click");
    await flushPromises();
    expect(router.currentRoute.value.path).toBe("/register");
  });

  it("shows 待我处理 above the counters, even when no task is listed", async () => {
    setSession(clerk(["decideExtension"]));
    myTasks.mockResolvedValue({
      total: 0,
      overdue: 0,
      dueSoon: 0,
      tasks: [],
      queues: [{ kind: "extension", label: "延期申请待审批", count: 1, earliestDue: "2026-11-26", appealIds: [9] }],
    });
    const { w, router } = await mountView();
    expect(w.find('[data-testid="wb-empty"]').exists()).toBe(false);
    expect(w.get('[data-testid="wb-queue-count-extension"]').text()).toBe("1");
    expect(w.get('[data-testid="wb-total"]').text()).toBe("0");
    await w.get('[data-testid="wb-queue-extension"]').trigger("click");
    await flushPromises();
    expect(router.currentRoute.value.path).toBe("/appeals/9");
  });

  it("offers no register button to those who may not register", async () => {
    setSession(clerk(["submitPlan"]));
    myTasks.mockResolvedValue({ total: 0, overdue: 0, dueSoon: 0, tasks: [], queues: [] });
    const { w } = await mountView();
    expect(w.find('[data-testid="wb-empty-register"]').exists()).toBe(false);
  });

  it("shows Rust's error with a retry", async () => {
    myTasks.mockRejectedValueOnce({ code: "storage", message: "数据库暂时无法读取，请稍后重试。" });
    myTasks.mockResolvedValueOnce({ total: 0, overdue: 0, dueSoon: 0, tasks: [], queues: [] });
    const { w } = await mountView();
    expect(w.get('[data-testid="wb-error"]').text()).toContain("数据库暂时无法读取");
    await w.get('[data-testid="wb-retry"]').trigger("click");
    await flushPromises();
    expect(w.find('[data-testid="wb-error"]').exists()).toBe(false);
    expect(w.find('[data-testid="wb-empty"]').exists()).toBe(true);
  });

  it("shows an administrator the last backup failure until a backup succeeds, and no one else", async () => {
    myTasks.mockResolvedValue({ total: 0, overdue: 0, dueSoon: 0, tasks: [], queues: [] });
    backupAlert.mockResolvedValue({
      at: "2026-12-06T02:00:00+08:00",
      reason: "daily",
      message: "无法创建备份文件夹 E:\\备份，请检查该位置是否存在、磁盘空间和写入权限。",
    });
    setSession(clerk(["register"]));
    let { w } = await mountView();
    expect(backupAlert).not.toHaveBeenCalled();
    expect(w.find('[data-testid="wb-backup-failure"]').exists()).toBe(false);
    w.unmount();

    setSession(clerk(["manageSettings", "backup"]));
    ({ w } = await mountView());
    const alert = w.get('[data-testid="wb-backup-failure"]');
    expect(alert.text()).toContain("数据备份失败");
    expect(alert.text()).toContain("无法创建备份文件夹");
    const { lastSettingsTab } = await import("../components/settings/settingsTab");
    await w.get('[data-testid="wb-backup-open"]').trigger("click");
    await flushPromises();
    expect(lastSettingsTab.value).toBe("backup");

    backupAlert.mockResolvedValue(null);
    ({ w } = await mountView());
    expect(w.find('[data-testid="wb-backup-failure"]').exists()).toBe(false);
  });
});

describe("the integrity notice", () => {
  const wb: Workbench = { total: 0, overdue: 0, dueSoon: 0, tasks: [], queues: [] };

  it("shows administrators the problems of the quick chain check", async () => {
    setSession(clerk(["manageUsers"]));
    myTasks.mockResolvedValue(wb);
    integrityNotice.mockResolvedValue(["安全日志在第7条处校验失败：记录被改动或删除过。请运行完整性检查。"]);
    const { w } = await mountView();
    const notice = w.find('[data-testid="wb-integrity"]');
    expect(notice.exists()).toBe(true);
    expect(notice.text()).toContain("第7条");
  });

  it("asks nothing and shows nothing for others, or when all is well", async () => {
    setSession(clerk(["register"]));
    myTasks.mockResolvedValue(wb);
    const { w } = await mountView();
    expect(integrityNotice).not.toHaveBeenCalled();
    expect(w.find('[data-testid="wb-integrity"]').exists()).toBe(false);
    setSession(clerk(["manageUsers"]));
    const again = await mountView();
    expect(integrityNotice).toHaveBeenCalled();
    expect(again.w.find('[data-testid="wb-integrity"]').exists()).toBe(false);
  });
});

describe("the notice of waiting grants", () => {
  const wb: Workbench = { total: 0, overdue: 0, dueSoon: 0, tasks: [], queues: [] };

  it("tells administrators how many personal-data grants wait, and leads to the users tab", async () => {
    myTasks.mockResolvedValue(wb);
    pendingGrantCount.mockResolvedValue(2);
    setSession(clerk(["register"]));
    let { w } = await mountView();
    expect(pendingGrantCount).not.toHaveBeenCalled();
    expect(w.find('[data-testid="wb-grants"]').exists()).toBe(false);
    w.unmount();

    setSession(clerk(["manageUsers"]));
    ({ w } = await mountView());
    expect(w.get('[data-testid="wb-grants"]').text()).toContain("有 2 项查看个人信息的授权申请等待另一位系统管理员确认");
    const { lastSettingsTab } = await import("../components/settings/settingsTab");
    await w.get('[data-testid="wb-grants-open"]').trigger("click");
    await flushPromises();
    expect(lastSettingsTab.value).toBe("users");

    pendingGrantCount.mockResolvedValue(0);
    ({ w } = await mountView());
    expect(w.find('[data-testid="wb-grants"]').exists()).toBe(false);
  });
});
