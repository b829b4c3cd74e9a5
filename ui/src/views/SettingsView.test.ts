// Settings: tabs by permission; settings saved with checks and Rust's error under its field; the
// calendar year view with its warning, a day edit and an import; a new user with Rust's error
// under the login name and nothing typed lost; departments added.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionInfo } from "../bindings/SessionInfo";
import { lastSettingsTab } from "../components/settings/settingsTab";
import { sessionState, setSession } from "../lib/session";
import { setVocabulary } from "../lib/vocab";

vi.mock("../api/admin", () => ({
  settings: vi.fn(),
  setSetting: vi.fn(),
  calendarYear: vi.fn(),
  calendarImport: vi.fn(),
  calendarSetDay: vi.fn(),
  calendarClearDay: vi.fn(),
  departments: vi.fn(),
  addDepartment: vi.fn(),
  updateDepartment: vi.fn(),
  users: vi.fn(),
  createUser: vi.fn(),
  updateUser: vi.fn(),
  recordAgreement: vi.fn(),
  resetPassword: vi.fn(),
  pendingGrants: vi.fn(),
  confirmGrant: vi.fn(),
  rejectGrant: vi.fn(),
}));
vi.mock("../api/dialog", () => ({ pickFile: vi.fn() }));
vi.mock("../api/paper", () => ({ printAgreement: vi.fn() }));

import * as admin from "../api/admin";
import { pickFile } from "../api/dialog";
import { printAgreement } from "../api/paper";
import SettingsView from "./SettingsView.vue";

const DEFAULT_CLAUSES = "对个人信息严格保密。\n离职后仍须保密。";

const ADMIN: SessionInfo = {
  userId: 1, username: "admin", displayName: "王芳", departmentId: 1, departmentName: "诉求办",
  roles: ["administrator"], agreementSignedOn: null, orgName: "某市民意诉求管理办公室",
  permissions: ["manageUsers", "manageSettings", "manageCalendar", "viewAppeal"],
};

function errorUnder(el: Element): string {
  return el.closest(".el-form-item")?.querySelector(".el-form-item__error")?.textContent?.trim() ?? "";
}

async function start(tab?: string) {
  if (tab) lastSettingsTab.value = tab;
  const w = mount(SettingsView, { global: { plugins: [ElementPlus] }, attachTo: document.body });
  await flushPromises();
  return w;
}

beforeEach(() => {
  setVocabulary({
    channels: [], categories: [], statuses: [], stages: [], urgencies: [], satisfactions: [], feedbackMethods: [], linkKinds: [], securityActions: [], accessKinds: [],
    roles: [
      { code: "intake_clerk", label: "接收登记员" },
      { code: "handler", label: "承办人" },
    ],
  });
  vi.mocked(admin.settings).mockResolvedValue([
    { key: "org.name", value: "某市民意诉求管理办公室", label: "单位名称", defaultValue: "民意诉求管理办公室" },
    { key: "deadline.plan", value: "5", label: "制定处理方案期限（工作日）", defaultValue: "5" },
    { key: "deadline.review", value: "3", label: "审核审批期限（工作日）", defaultValue: "3" },
    { key: "lockout.minutes", value: "15", label: "锁定时长（分钟）", defaultValue: "15" },
    { key: "lockout.idle_lock_minutes", value: "15", label: "无操作自动锁定窗口（分钟）", defaultValue: "15" },
    { key: "paper.agreement_clauses", value: "不得泄露。", label: "保密协议条款", defaultValue: DEFAULT_CLAUSES },
    { key: "paper.contact_phone", value: "", label: "咨询电话", defaultValue: "" },
    { key: "paper.contact_address", value: "", label: "接待地址", defaultValue: "" },
    { key: "paper.contact_hours", value: "", label: "接待时间", defaultValue: "" },
  ]);
  vi.mocked(admin.calendarYear).mockImplementation(async (year: number) => ({
    year,
    known: year <= 2026,
    days: [{ date: `${year}-10-01`, isOffDay: true, name: "国庆节", admin: false }],
  }));
  vi.mocked(admin.departments).mockResolvedValue([
    { id: 1, name: "诉求办", active: true },
    { id: 3, name: "城管科", active: true },
  ]);
  vi.mocked(admin.pendingGrants).mockResolvedValue({ rows: [], otherAdministrators: 0 });
  vi.mocked(admin.users).mockResolvedValue([
    {
      id: 2, username: "li", displayName: "李四", departmentId: 1, departmentName: "诉求办", roles: ["intake_clerk"],
      agreementSignedOn: null, active: true, canSignIn: true, failedAttempts: 0, lockedUntil: null,
    },
    {
      id: 9, username: "system", displayName: "系统（命令行）", departmentId: 1, departmentName: "诉求办", roles: ["administrator"],
      agreementSignedOn: "2026-01-01", active: true, canSignIn: false, failedAttempts: 0, lockedUntil: null,
    },
  ]);
});
afterEach(() => {
  vi.clearAllMocks();
  setSession(null);
  lastSettingsTab.value = "";
  document.body.innerHTML = "";
});

describe("settings", () => {
  it("shows each tab only to those who may use it", async () => {
    setSession(ADMIN);
    let w = await start();
    const tabs = () => w.findAll('[data-testid^="settings-tab-"]').map((t) => t.attributes("data-testid"));
    expect(tabs()).toEqual(["settings-tab-org", "settings-tab-paper", "settings-tab-calendar", "settings-tab-departments", "settings-tab-users", "settings-tab-connection", "settings-tab-display"]);
    w.unmount();
    setSession({ ...ADMIN, roles: ["intake_clerk"], permissions: ["register", "viewAppeal"] });
    w = await start();
    expect(tabs()).toEqual(["settings-tab-display"]);
    expect(w.find('[data-testid="large-text-switch"]').exists()).toBe(true);
    w.unmount();
  });

  it("checks values as the user leaves a field, and puts Rust's error under its field", async () => {
    setSession(ADMIN);
    vi.mocked(admin.setSetting).mockImplementation(async (key: string) => {
      if (key === "deadline.review") throw { code: "validation", message: "审核审批期限（工作日）应为0到365之间的整数。", field: key };
    });
    const w = await start("org");
    const plan = w.get('input[data-testid="setting-deadline.plan"]');
    await plan.setValue("abc");
    await plan.trigger("blur");
    await vi.waitFor(() => expect(errorUnder(plan.element)).toBe("制定处理方案期限（工作日）应为0到365之间的整数。"));
    await w.get('[data-testid="settings-save"]').trigger("click");
    expect(admin.setSetting).not.toHaveBeenCalled();

    await plan.setValue(" 7 ");
    await plan.trigger("blur");
    await w.get('input[data-testid="setting-deadline.review"]').setValue("4");
    await w.get('input[data-testid="setting-org.name"]').setValue("云江市民意诉求管理办公室");
    await w.get('[data-testid="settings-save"]').trigger("click");
    await flushPromises();
    expect(admin.setSetting).toHaveBeenCalledWith("org.name", "云江市民意诉求管理办公室");
    expect(admin.setSetting).toHaveBeenCalledWith("deadline.plan", "7");
    expect(admin.setSetting).toHaveBeenCalledWith("deadline.review", "4");
    const review = w.get('input[data-testid="setting-deadline.review"]');
    await vi.waitFor(() => expect(errorUnder(review.element)).toBe("审核审批期限（工作日）应为0到365之间的整数。"));
    expect((review.element as HTMLInputElement).value).toBe("4");
    expect(document.body.textContent).toContain("已保存：单位名称、制定处理方案期限（工作日）。");
    expect(sessionState.session?.orgName).toBe("云江市民意诉求管理办公室");
    w.unmount();
  });

  it("sets the idle lock of the window beside the other sign-in settings, within 1 to 240 minutes", async () => {
    setSession(ADMIN);
    vi.mocked(admin.setSetting).mockResolvedValue(undefined);
    const w = await start("org");
    const idle = w.get('input[data-testid="setting-lockout.idle_lock_minutes"]');
    // In the 登录安全 group, after the lockout's own minutes.
    const group = [...document.querySelectorAll(".el-divider, input")]
      .map((e) => (e.tagName === "INPUT" ? e.getAttribute("data-testid") : e.textContent?.trim()))
      .filter(Boolean);
    const at = group.indexOf("登录安全");
    expect(at).toBeGreaterThan(-1);
    expect(group.slice(at, at + 3)).toEqual(["登录安全", "setting-lockout.minutes", "setting-lockout.idle_lock_minutes"]);
    expect(document.body.textContent).toContain("窗口无操作超过设定的分钟数会自动锁定");

    await idle.setValue("0");
    await idle.trigger("blur");
    await vi.waitFor(() => expect(errorUnder(idle.element)).toBe("无操作自动锁定窗口（分钟）应为1到240之间的整数。"));
    await w.get('[data-testid="settings-save"]').trigger("click");
    expect(admin.setSetting).not.toHaveBeenCalled();

    await idle.setValue("5");
    await idle.trigger("blur");
    await w.get('[data-testid="settings-save"]').trigger("click");
    await flushPromises();
    expect(admin.setSetting).toHaveBeenCalledWith("lockout.idle_lock_minutes", "5");
    expect(document.body.textContent).toContain("已保存：无操作自动锁定窗口（分钟）。");
    w.unmount();
  });

  it("edits the agreement's clauses (with 恢复默认条款) and the receipt's contact on 打印文书", async () => {
    setSession(ADMIN);
    vi.mocked(admin.setSetting).mockImplementation(async (key: string) => {
      if (key === "paper.contact_address") throw { code: "validation", message: "接待地址不能超过100个字，请精简。", field: key };
    });
    const w = await start("paper");
    // The org tab's settings are not repeated here, nor these there.
    expect(w.find('[data-testid="setting-org.name"]').exists()).toBe(false);
    const clauses = () => w.get('textarea[data-testid="setting-paper.agreement_clauses"]').element as HTMLTextAreaElement;
    expect(clauses().value).toBe("不得泄露。");
    expect(w.get('[data-testid="paper-clause-count"]').text()).toBe("共 1 条");

    await w.get('[data-testid="paper-restore-clauses"]').trigger("click");
    await flushPromises();
    expect(clauses().value).toBe(DEFAULT_CLAUSES);
    expect(w.get('[data-testid="paper-clause-count"]').text()).toBe("共 2 条");
    expect(w.get('[data-testid="paper-restore-clauses"]').attributes("disabled")).toBeDefined();

    const hours = w.get('input[data-testid="setting-paper.contact_hours"]');
    await hours.setValue("上".repeat(61));
    await hours.trigger("blur");
    await vi.waitFor(() => expect(errorUnder(hours.element)).toBe("接待时间不能超过60个字，请精简。"));
    await w.get('[data-testid="paper-save"]').trigger("click");
    expect(admin.setSetting).not.toHaveBeenCalled();

    await hours.setValue("工作日 8:30—17:30");
    await hours.trigger("blur");
    await w.get('input[data-testid="setting-paper.contact_phone"]').setValue("0579-88123456");
    const address = w.get('input[data-testid="setting-paper.contact_address"]');
    await address.setValue("云江市人民路1号");
    expect(w.get('[data-testid="paper-dirty"]').text()).toContain("有 4 项修改尚未保存");
    await w.get('[data-testid="paper-save"]').trigger("click");
    await flushPromises();
    expect(admin.setSetting).toHaveBeenCalledWith("paper.agreement_clauses", DEFAULT_CLAUSES);
    expect(admin.setSetting).toHaveBeenCalledWith("paper.contact_phone", "0579-88123456");
    expect(admin.setSetting).toHaveBeenCalledWith("paper.contact_hours", "工作日 8:30—17:30");
    // After saving, the stored values are read again; what Rust refused stays as typed, with its reason.
    expect(admin.settings).toHaveBeenCalledTimes(2);
    await vi.waitFor(() => expect(errorUnder(address.element)).toBe("接待地址不能超过100个字，请精简。"));
    expect((address.element as HTMLInputElement).value).toBe("云江市人民路1号");
    expect(document.body.textContent).toContain("已保存：保密协议条款、咨询电话、接待时间。");
    w.unmount();
  });

  it("shows the year with holidays, warns about a year without data, and edits a day", async () => {
    setSession(ADMIN);
    vi.mocked(admin.calendarSetDay).mockResolvedValue({
      daysWritten: 1, deadlinesRecomputed: 4, message: "已将2026-10-09设为休息日，重新计算了4条在办诉求的期限。",
    });
    const w = await start("calendar");
    const year = new Date().getFullYear();
    expect(admin.calendarYear).toHaveBeenCalledWith(year);
    expect(w.findAll('[data-testid^="cal-month-"]')).toHaveLength(12);
    expect(w.get(`[data-testid="cal-day-${year}-10-01"]`).attributes("data-kind")).toBe("holiday");

    await w.get('[data-testid="cal-next-year"]').trigger("click");
    await flushPromises();
    expect(admin.calendarYear).toHaveBeenLastCalledWith(year + 1);
    expect(w.find('[data-testid="cal-unknown-year"]').text()).toContain(`${year + 1}年还没有国务院放假安排数据`);
    await w.get('[data-testid="cal-prev-year"]').trigger("click");
    await flushPromises();
    expect(w.find('[data-testid="cal-unknown-year"]').exists()).toBe(year > 2026);

    await w.get(`[data-testid="cal-day-${year}-10-09"]`).trigger("click");
    await flushPromises();
    await w.get('input[data-testid="day-dialog-name"]').setValue("国庆节");
    await w.get('[data-testid="day-dialog-save"]').trigger("click");
    await flushPromises();
    // The dialog proposes the opposite of what the day is now.
    const weekday = new Date(year, 9, 9).getDay();
    const wasOff = weekday === 0 || weekday === 6;
    expect(admin.calendarSetDay).toHaveBeenCalledWith(`${year}-10-09`, !wasOff, "国庆节");
    expect(w.get('[data-testid="cal-last-change"]').text()).toContain("重新计算了 4 条在办诉求的期限");
    w.unmount();
  });

  it("imports a holiday file picked in the dialog", async () => {
    setSession(ADMIN);
    vi.mocked(pickFile).mockResolvedValue("/home/u/2027.json");
    vi.mocked(admin.calendarImport).mockResolvedValue({
      daysWritten: 35, deadlinesRecomputed: 12, message: "已导入2027年节假日安排（35天），重新计算了12条在办诉求的期限。",
    });
    const w = await start("calendar");
    await w.get('[data-testid="cal-import"]').trigger("click");
    await flushPromises();
    expect(admin.calendarImport).toHaveBeenCalledWith("/home/u/2027.json");
    expect(w.get('[data-testid="cal-last-change"]').text()).toContain("已导入2027年节假日安排");
    w.unmount();
  });

  it("creates a user; Rust's error goes under the login name and the form stays filled", async () => {
    setSession(ADMIN);
    vi.mocked(admin.createUser).mockRejectedValueOnce({ code: "validation", message: "登录名“li”已被使用，请换一个。", field: "username" });
    const w = await start("users");
    expect(w.findAll('[data-testid="user-row-username"]').map((x) => x.text())).toEqual(["li"]);
    expect(w.get('[data-testid="user-unsigned-count"]').text()).toContain("未签保密协议 1 人");
    await w.get('[data-testid="user-create"]').trigger("click");
    await flushPromises();
    await w.get('input[data-testid="user-username"]').setValue("li");
    await w.get('input[data-testid="user-display-name"]').setValue("李小四");
    w.get('[data-testid="user-department"]').findComponent({ name: "ElSelect" }).vm.$emit("update:modelValue", 3);
    await w.get('[data-testid="user-role-handler"] input').setValue(true);
    await w.get('input[data-testid="user-password"]').setValue("abcd1234");
    await w.get('[data-testid="user-submit"]').trigger("click");
    await flushPromises();
    expect(admin.createUser).toHaveBeenCalledWith({
      username: "li", displayName: "李小四", departmentId: 3, roles: ["handler"], password: "abcd1234", agreementSignedOn: null,
    });
    const username = w.get('input[data-testid="user-username"]');
    await vi.waitFor(() => expect(errorUnder(username.element)).toBe("登录名“li”已被使用，请换一个。"));
    expect((w.get('input[data-testid="user-display-name"]').element as HTMLInputElement).value).toBe("李小四");
    w.unmount();
  });

  it("says after saving that an agreement waits for a second administrator, and lists it", async () => {
    setSession(ADMIN);
    const waiting = {
      rows: [{
        id: 5, userId: 2, username: "li", displayName: "李四", roles: [], agreementSignedOn: "2026-12-01",
        requestedBy: 1, requestedByLabel: "王芳", requestedAt: "2026-12-06T09:30:00+08:00", status: "pending" as const,
        decidedByLabel: null, decidedAt: null, mayDecide: false, whyNot: "这是您提出的授权申请，须由另一位系统管理员确认或驳回。",
      }],
      otherAdministrators: 0,
    };
    vi.mocked(admin.recordAgreement).mockImplementationOnce(async () => {
      vi.mocked(admin.pendingGrants).mockResolvedValue(waiting);
    });
    const w = await start("users");
    expect(w.find('[data-testid="grants-panel"]').exists()).toBe(false);
    const picker = w.get('[data-testid="user-row-agreement"]').findComponent({ name: "ElDatePicker" });
    picker.vm.$emit("update:modelValue", "2026-12-01");
    picker.vm.$emit("change", "2026-12-01");
    await flushPromises();
    expect(admin.recordAgreement).toHaveBeenCalledWith(2, "2026-12-01");
    await vi.waitFor(() =>
      expect(document.body.textContent).toContain("“李四”的查看个人信息权限（保密协议签署日期 2026年12月1日）须由另一位系统管理员确认后才生效。"),
    );
    expect(document.body.textContent).toContain("只有您一位系统管理员");
    expect(w.get('[data-testid="grant-user"]').text()).toBe("李四（li）");
    expect(w.get('[data-testid="grant-confirm"]').attributes("disabled")).toBeDefined();
    w.unmount();
  });

  it("prints a person's confidentiality agreement, and shows Rust's refusal", async () => {
    setSession(ADMIN);
    vi.mocked(printAgreement).mockResolvedValueOnce("/data/prints/保密协议-li.pdf");
    const w = await start("users");
    await w.get('[data-testid="user-print-agreement"]').trigger("click");
    await flushPromises();
    expect(printAgreement).toHaveBeenCalledWith(2);
    await vi.waitFor(() => expect(document.body.textContent).toContain("李四的保密协议已生成。已打开 PDF，按 Ctrl+P 打印。"));
    const refusal = { code: "not_found", message: "没有找到这位工作人员，请刷新列表后再试。" };
    vi.mocked(printAgreement).mockRejectedValueOnce(refusal);
    await w.get('[data-testid="user-print-agreement"]').trigger("click");
    await flushPromises();
    await vi.waitFor(() => expect(document.body.textContent).toContain("没有找到这位工作人员，请刷新列表后再试。"));
    w.unmount();
  });

  it("adds a department", async () => {
    setSession(ADMIN);
    vi.mocked(admin.addDepartment).mockResolvedValue(4);
    const w = await start("departments");
    expect(w.findAll('[data-testid="dept-name"]').map((x) => x.text())).toEqual(["诉求办", "城管科"]);
    await w.get('input[data-testid="dept-new-name"]').setValue(" 住建科 ");
    await w.get('[data-testid="dept-add"]').trigger("click");
    await flushPromises();
    expect(admin.addDepartment).toHaveBeenCalledWith("住建科");
    expect(document.body.textContent).toContain("已添加部门“住建科”。");
    w.unmount();
  });
});
