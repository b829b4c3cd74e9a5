// Mounts the real frame with a fake Rust side: the guard picks the page, the navigation shows the
// role's pages, the top bar names the user, sign-in shows Rust's error.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionInfo } from "./bindings/SessionInfo";

const handlers: Record<string, (args?: Record<string, unknown>) => unknown> = {};
vi.mock("@tauri-apps/api/core", () => ({
  // Operations of the command surface arrive as `call` with the request inside.
  invoke: vi.fn(async (cmd: string, args?: Record<string, unknown>) => {
    const request = cmd === "call" ? (args?.request as { command: string; args: Record<string, unknown> }) : null;
    const name = request ? request.command : cmd;
    const h = handlers[name];
    if (!h) throw `command ${name} not found`;
    return h(request ? request.args : args);
  }),
}));

const clerk: SessionInfo = {
  userId: 2,
  username: "li",
  displayName: "李四",
  departmentId: 1,
  departmentName: "诉求办",
  roles: ["intake_clerk"],
  agreementSignedOn: null,
  orgName: "某市民意诉求管理办公室",
  permissions: ["register", "initialReview", "route", "recordFeedback", "viewAppeal"],
};

const vocab = {
  channels: [], categories: [], statuses: [], stages: [], urgencies: [], satisfactions: [],
  feedbackMethods: [], linkKinds: [], roles: [{ code: "intake_clerk", label: "接收登记员" }],
};

async function start(path: string) {
  vi.resetModules();
  const { router } = await import("./router");
  const App = (await import("./App.vue")).default;
  await router.push(path);
  const w = mount(App, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await router.isReady();
  for (let i = 0; i < 5; i++) await flushPromises();
  await vi.waitFor(() => expect(w.find('[data-testid="page-title"]').exists()).toBe(true));
  return { w, router };
}

beforeEach(() => {
  for (const k of Object.keys(handlers)) delete handlers[k];
  handlers.vocabulary = () => vocab;
  handlers.startup_status = () => ({ phase: "ready", seconds: 0, message: null });
  handlers.idle_state = () => ({ locked: false, idleMinutes: 15, remainingSeconds: 900 });
  document.body.innerHTML = "";
});

describe("frame", () => {
  it("sends a first run to set-up", async () => {
    handlers.app_status = () => ({ needsSetup: true, orgName: "", session: null, dataDir: "/d" });
    // 单机 was chosen on the first start's first screen (SetupView.test.ts covers the choice).
    handlers.connection_info = () => ({ mode: "standalone", chosen: true, server: null, fingerprint: null, state: null, needsAdmin: false });
    const { w, router } = await start("/workbench");
    expect(router.currentRoute.value.path).toBe("/setup");
    expect(w.find('[data-testid="setup-org-name"]').exists()).toBe(true);
    w.unmount();
  });

  it("puts Rust's set-up error under its field and keeps what was typed", async () => {
    handlers.app_status = () => ({ needsSetup: true, orgName: "", session: null, dataDir: "/d" });
    // 单机 was chosen on the first start's first screen (SetupView.test.ts covers the choice).
    handlers.connection_info = () => ({ mode: "standalone", chosen: true, server: null, fingerprint: null, state: null, needsAdmin: false });
    let sent: Record<string, unknown> | undefined;
    handlers.setup = (args) => {
      sent = args;
      throw { code: "validation", message: "“system”是系统保留的登录名，请换一个。", field: "username" };
    };
    const { w } = await start("/setup");
    await w.get('input[data-testid="setup-org-name"]').setValue("某市民意诉求管理办公室");
    await w.get('input[data-testid="setup-username"]').setValue("system");
    await w.get('input[data-testid="setup-display-name"]').setValue("王芳");
    await w.get('input[data-testid="setup-password"]').setValue("abcd1234");
    await w.get('input[data-testid="setup-confirm"]').setValue("abcd1234");
    await w.get('[data-testid="setup-submit"]').trigger("click");
    await vi.waitFor(() => expect(w.text()).toContain("系统保留的登录名"));
    const input = sent?.input as { orgName: string; admin: { username: string; roles: string[] }; loadDemo: boolean };
    expect(input.orgName).toBe("某市民意诉求管理办公室");
    expect(input.admin.username).toBe("system");
    expect(input.admin.roles).toContain("administrator");
    expect(input.loadDemo).toBe(false);
    expect((w.get('input[data-testid="setup-display-name"]').element as HTMLInputElement).value).toBe("王芳");
    w.unmount();
  });

  it("shows the upgrade of an older database with the time so far, then the page", async () => {
    let status = { phase: "upgrading", seconds: 40, message: null as string | null };
    handlers.startup_status = () => status;
    handlers.app_status = () => ({ needsSetup: false, orgName: "某市", session: clerk, dataDir: "/d" });
    vi.resetModules();
    const { router } = await import("./router");
    const App = (await import("./App.vue")).default;
    void router.push("/");
    const w = mount(App, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
    await vi.waitFor(() => expect(w.find('[data-testid="startup-upgrading"]').exists()).toBe(true));
    expect(w.get('[data-testid="startup-upgrading-seconds"]').text()).toBe("已用时 40 秒");
    // The window asks again every second.
    status = { ...status, seconds: 41 };
    await vi.waitFor(() => expect(w.get('[data-testid="startup-upgrading-seconds"]').text()).toBe("已用时 41 秒"), { timeout: 4000 });
    status = { phase: "ready", seconds: 42, message: null };
    await vi.waitFor(() => expect(w.find('[data-testid="page-title"]').exists()).toBe(true), { timeout: 4000 });
    expect(w.find('[data-testid="startup-upgrading"]').exists()).toBe(false);
    expect(router.currentRoute.value.path).toBe("/workbench");
    w.unmount();
  });

  it("says why a failed upgrade stopped", async () => {
    handlers.startup_status = () => ({ phase: "failed", seconds: 9, message: "数据库升级到版本 3 失败，数据未被改动。" });
    vi.resetModules();
    const { router } = await import("./router");
    const App = (await import("./App.vue")).default;
    void router.push("/");
    const w = mount(App, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
    await vi.waitFor(() => expect(w.find('[data-testid="startup-error"]').exists()).toBe(true));
    expect(w.get('[data-testid="startup-error-message"]').text()).toBe("数据库升级到版本 3 失败，数据未被改动。");
    w.unmount();
  });

  it("shows a signed-in clerk the frame with only their pages", async () => {
    handlers.app_status = () => ({ needsSetup: false, orgName: "某市", session: clerk, dataDir: "/d" });
    const { w, router } = await start("/");
    expect(router.currentRoute.value.path).toBe("/workbench");
    const navs = w.findAll('[data-testid^="nav-"]').map((n) => n.attributes("data-testid"));
    expect(navs).toEqual(expect.arrayContaining(["nav-workbench", "nav-register", "nav-appeals", "nav-settings", "nav-help"]));
    expect(navs).not.toContain("nav-ledger");
    expect(w.get('[data-testid="topbar-user"]').text()).toBe("李四");
    expect(w.get('[data-testid="topbar-role"]').text()).toBe("接收登记员");
    expect(w.get('[data-testid="topbar-department"]').text()).toBe("诉求办");
    expect(w.get('[data-testid="page-title"]').text()).toBe("工作台");
    expect(document.title).toBe("民意诉求管理系统 — 李四（诉求办）");
    w.unmount();
  });

  it("locks from the top bar over the page, which stays (inert) until unlocked", async () => {
    handlers.app_status = () => ({ needsSetup: false, orgName: "某市", session: clerk, dataDir: "/d" });
    handlers.lock_window = () => null;
    handlers.unlock = () => clerk;
    const { w, router } = await start("/workbench");
    expect(w.find('[data-testid="idle-lock"]').exists()).toBe(false);
    await w.get('[data-testid="lock-window"]').trigger("click");
    await vi.waitFor(() => expect(w.find('[data-testid="idle-lock"]').exists()).toBe(true));
    expect(w.get('[data-testid="idle-lock-user"]').text()).toBe("李四（li）");
    // The page is still there underneath, out of reach.
    expect(w.get('[data-testid="page-title"]').text()).toBe("工作台");
    expect(w.get('[data-testid="main-frame"]').attributes("inert")).toBeDefined();
    expect(router.currentRoute.value.path).toBe("/workbench");
    await w.get('input[data-testid="idle-lock-password"]').setValue("Secret-2026");
    await w.get('[data-testid="idle-lock-unlock"]').trigger("click");
    await vi.waitFor(() => expect(w.find('[data-testid="idle-lock"]').exists()).toBe(false));
    expect(w.get('[data-testid="main-frame"]').attributes("inert")).toBeUndefined();
    w.unmount();
  });

  it("searches from the top bar and signs out", async () => {
    handlers.app_status = () => ({ needsSetup: false, orgName: "某市", session: clerk, dataDir: "/d" });
    handlers.sign_out = () => null;
    const { w, router } = await start("/workbench");
    const box = w.get('input[data-testid="global-search"]');
    await box.setValue(" 张三 ");
    await box.trigger("keyup", { key: "Enter" });
    await vi.waitFor(() => expect(w.find('[data-testid="appeals-search-term"]').exists()).toBe(true));
    expect(router.currentRoute.value.fullPath).toBe("/appeals?q=%E5%BC%A0%E4%B8%89");
    expect(w.get('[data-testid="appeals-search-term"]').text()).toBe("搜索：张三");
    await w.get('[data-testid="signout"]').trigger("click");
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe("/sign-in"));
    expect(document.title).toBe("民意诉求管理系统");
    w.unmount();
  });

  it("shows Rust's sign-in error under the form, and says when the account is locked", async () => {
    handlers.app_status = () => ({ needsSetup: false, orgName: "某市", session: null, dataDir: "/d" });
    handlers.sign_in = () => {
      throw { code: "locked", message: "密码连续输错5次，账号已锁定15分钟。" };
    };
    const { w, router } = await start("/ledger");
    expect(router.currentRoute.value.path).toBe("/sign-in");
    await w.get('input[data-testid="signin-username"]').setValue("li");
    await w.get('input[data-testid="signin-password"]').setValue("wrong-password");
    await w.get('input[data-testid="signin-password"]').trigger("keyup", { key: "Enter" });
    await flushPromises();
    const err = w.get('[data-testid="signin-error"]').text();
    expect(err).toContain("账号已锁定");
    expect(err).toContain("15分钟");
    w.unmount();
  });

  it("signs in and returns to the page asked for", async () => {
    handlers.app_status = () => ({ needsSetup: false, orgName: "某市", session: null, dataDir: "/d" });
    handlers.sign_in = () => clerk;
    const { w, router } = await start("/register");
    await w.get('input[data-testid="signin-username"]').setValue("li");
    await w.get('input[data-testid="signin-password"]').setValue("password1");
    await w.get('[data-testid="signin-submit"]').trigger("click");
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe("/register"));
    await vi.waitFor(() => expect(w.get('[data-testid="page-title"]').text()).toBe("登记"));
    w.unmount();
  });
});
