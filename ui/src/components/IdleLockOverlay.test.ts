// The lock screen and its composable: a call answered `window_locked` shows it over the page,
// which keeps what was typed; unlocking calls Rust's `unlock` with the password; a wrong one is
// shown, one that locked the account goes to sign-in; 切换用户 signs out; input is reported at
// most once per half minute (and not while locked); the window's own timer asks Rust before it
// shows the lock.
import { enableAutoUnmount, flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { defineComponent, h, ref } from "vue";

const replace = vi.fn();
vi.mock("vue-router", () => ({ useRouter: () => ({ replace }) }));
vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
/** The window's `session-ended` listener (联网 mode), as the lock subscribed it. */
let sessionEnded: ((message: string) => void) | null = null;
vi.mock("../api/events", () => ({
  announceDataChanged: vi.fn(async () => {}),
  onSessionEnded: vi.fn(async (cb: (message: string) => void) => {
    sessionEnded = cb;
    return () => (sessionEnded = null);
  }),
}));
vi.mock("../lib/notify", () => ({ showError: vi.fn(), showSuccess: vi.fn() }));

const { invoke } = await import("@tauri-apps/api/core");
const { call } = await import("../api/core");
const { setSession, sessionState } = await import("../lib/session");
const { idleLock, throttleInput, REPORT_EVERY_MS } = await import("../lib/useIdleLock");
const IdleLockOverlay = (await import("./IdleLockOverlay.vue")).default;

const session = {
  userId: 2,
  username: "lisi",
  displayName: "李四",
  departmentId: 1,
  departmentName: "诉求办",
  roles: ["intake_clerk" as const],
  agreementSignedOn: null,
  orgName: "某市民意诉求管理办公室",
  permissions: [],
};
const LOCKED = { code: "window_locked", message: "长时间无操作，窗口已锁定。请输入密码解锁后继续，或切换用户。" };

/** Rust's answers by command name (a function may throw, i.e. reject). */
let answers: Record<string, (args: unknown) => unknown> = {};

/** A page with a half-typed form, and the lock screen over it. */
const Page = defineComponent(() => {
  const text = ref("");
  return () =>
    h("div", [
      h("input", {
        "data-testid": "under",
        value: text.value,
        onInput: (e: Event) => (text.value = (e.target as HTMLInputElement).value),
      }),
      h(IdleLockOverlay),
    ]);
});

function mountPage() {
  return mount(Page, { global: { plugins: [ElementPlus] }, attachTo: document.body });
}

const el = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const calls = (cmd: string) => vi.mocked(invoke).mock.calls.filter((c) => c[0] === cmd);

beforeEach(() => {
  setSession(session);
  answers = {
    idle_state: () => ({ locked: false, idleMinutes: 15, remainingSeconds: 900 }),
    report_input: () => ({ locked: false, idleMinutes: 15, remainingSeconds: 900 }),
    call: () => {
      throw LOCKED;
    },
    unlock: () => session,
    sign_out: () => undefined,
  };
  vi.mocked(invoke).mockImplementation(async (cmd: string, args?: unknown) => {
    const answer = answers[cmd];
    if (!answer) throw new Error(`unexpected command ${cmd}`);
    return answer(args);
  });
});

enableAutoUnmount(afterEach);

afterEach(() => {
  vi.useRealTimers();
  vi.clearAllMocks();
  document.body.innerHTML = "";
});

async function lockByACall() {
  await expect(call("vocabulary", {})).rejects.toMatchObject({ code: "window_locked" });
  await flushPromises();
}

describe("the lock screen", () => {
  it("appears when a call answers window_locked and keeps the page underneath", async () => {
    const w = mountPage();
    await flushPromises();
    expect(el("idle-lock")).toBeNull();
    await w.find('[data-testid="under"]').setValue("反映小区噪音问题，已经写了一半");

    await lockByACall();
    expect(el("idle-lock")?.textContent).toContain("窗口已锁定");
    expect(el("idle-lock-user")?.textContent).toContain("李四（lisi）");
    // An overlay, not a navigation: the form and what was typed are still there.
    expect(replace).not.toHaveBeenCalled();
    expect((el("under") as HTMLInputElement).value).toBe("反映小区噪音问题，已经写了一半");
    w.unmount();
  });

  it("makes dialogs outside the frame inert while locked, and gives them back", async () => {
    const dialog = document.createElement("div");
    dialog.dataset.testid = "open-dialog";
    document.body.appendChild(dialog);
    const w = mountPage();
    await flushPromises();
    await lockByACall();
    expect(dialog.hasAttribute("inert")).toBe(true);
    // Not the lock screen itself.
    expect(el("idle-lock")?.closest("[inert]")).toBeNull();
    await w.find('input[data-testid="idle-lock-password"]').setValue("Secret-2026");
    await w.find('[data-testid="idle-lock-unlock"]').trigger("click");
    await flushPromises();
    expect(el("idle-lock")).toBeNull();
    expect(dialog.hasAttribute("inert")).toBe(false);
    w.unmount();
  });

  it("unlocks through Rust's unlock command with the password", async () => {
    const w = mountPage();
    await flushPromises();
    await w.find('[data-testid="under"]').setValue("半句话");
    await lockByACall();

    await w.find('input[data-testid="idle-lock-password"]').setValue("Secret-2026");
    await w.find('[data-testid="idle-lock-unlock"]').trigger("click");
    await flushPromises();
    expect(calls("unlock")).toEqual([["unlock", { password: "Secret-2026" }]]);
    expect(el("idle-lock")).toBeNull();
    expect(idleLock.locked).toBe(false);
    expect((el("under") as HTMLInputElement).value).toBe("半句话");
    w.unmount();
  });

  it("shows a wrong password and goes to sign-in once the account is locked", async () => {
    const w = mountPage();
    await flushPromises();
    await lockByACall();
    answers.unlock = () => {
      throw { code: "auth", message: "密码不正确，请重新输入。连续输错5次，账号将被锁定15分钟，需要重新登录。" };
    };
    await w.find('input[data-testid="idle-lock-password"]').setValue("guess");
    await w.find('[data-testid="idle-lock-unlock"]').trigger("click");
    await flushPromises();
    expect(el("idle-lock-error")?.textContent).toContain("密码不正确");
    expect(el("idle-lock")).not.toBeNull();
    expect(replace).not.toHaveBeenCalled();

    answers.unlock = () => {
      throw { code: "locked", message: "密码连续输错5次，账号已锁定15分钟。" };
    };
    await w.find('input[data-testid="idle-lock-password"]').setValue("guess");
    await w.find('[data-testid="idle-lock-unlock"]').trigger("click");
    await flushPromises();
    expect(replace).toHaveBeenCalledWith("/sign-in");
    expect(sessionState.session).toBeNull();
    expect(el("idle-lock")).toBeNull();
    w.unmount();
  });

  it("switches user by signing out", async () => {
    const w = mountPage();
    await flushPromises();
    await lockByACall();
    await w.find('[data-testid="idle-lock-switch"]').trigger("click");
    await flushPromises();
    expect(calls("sign_out")).toHaveLength(1);
    expect(replace).toHaveBeenCalledWith({ path: "/sign-in", query: { switch: "1" } });
    expect(sessionState.session).toBeNull();
    w.unmount();
  });

  it("in 联网 mode covers the page when the server forgot the session, says why, and goes on with the password", async () => {
    const w = mountPage();
    await flushPromises();
    await w.find('[data-testid="under"]').setValue("服务器重启前填了一半");
    const why = "办公室服务器上的登录已结束（长时间无操作，或登录已在服务器上被清除）。请输入密码继续，已填写的内容会保留；或切换用户。";
    sessionEnded?.(why);
    await flushPromises();
    expect(el("idle-lock-reason")?.textContent).toBe(why);
    expect(replace).not.toHaveBeenCalled();

    await w.find('input[data-testid="idle-lock-password"]').setValue("Secret-2026");
    await w.find('[data-testid="idle-lock-unlock"]').trigger("click");
    await flushPromises();
    expect(calls("unlock")).toEqual([["unlock", { password: "Secret-2026" }]]);
    expect(el("idle-lock")).toBeNull();
    expect((el("under") as HTMLInputElement).value).toBe("服务器重启前填了一半");
    // The next lock by the idle time says the usual sentence again.
    await lockByACall();
    expect(el("idle-lock-reason")?.textContent).toBe(LOCKED.message);
    w.unmount();
    expect(sessionEnded).toBeNull();
  });

  it("does not ask Rust over and over when it answers that the window never locks (联网 mode)", async () => {
    vi.useFakeTimers();
    answers.idle_state = () => ({ locked: false, idleMinutes: 0, remainingSeconds: 2_147_483_647 });
    const w = mountPage();
    await flushPromises();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls("idle_state")).toHaveLength(1);
    w.unmount();
  });

  it("asks Rust when its own timer runs out and shows the lock only when Rust agrees", async () => {
    vi.useFakeTimers();
    answers.idle_state = () => ({ locked: false, idleMinutes: 1, remainingSeconds: 60 });
    const w = mountPage();
    await flushPromises();
    // The window's clock ran ahead: Rust says ten seconds more.
    answers.idle_state = () => ({ locked: false, idleMinutes: 1, remainingSeconds: 10 });
    await vi.advanceTimersByTimeAsync(61_000);
    expect(el("idle-lock")).toBeNull();
    answers.idle_state = () => ({ locked: true, idleMinutes: 1, remainingSeconds: 0 });
    await vi.advanceTimersByTimeAsync(11_000);
    expect(el("idle-lock")).not.toBeNull();
    expect(calls("idle_state")).toHaveLength(3);
    w.unmount();
  });
});

describe("input reporting", () => {
  it("reports the first input at once, then at most once per half minute", async () => {
    vi.useFakeTimers();
    const w = mountPage();
    await flushPromises();
    const key = () => window.dispatchEvent(new KeyboardEvent("keydown", { key: "a" }));
    key();
    expect(calls("report_input")).toHaveLength(1);
    for (let i = 0; i < 20; i++) {
      await vi.advanceTimersByTimeAsync(1000);
      window.dispatchEvent(new Event("pointermove"));
      key();
    }
    expect(calls("report_input")).toHaveLength(1);
    // The input within the half minute is reported once, at its end.
    await vi.advanceTimersByTimeAsync(REPORT_EVERY_MS);
    expect(calls("report_input")).toHaveLength(2);
    // Nothing more without input.
    await vi.advanceTimersByTimeAsync(5 * REPORT_EVERY_MS);
    expect(calls("report_input")).toHaveLength(2);
    w.unmount();
  });

  it("does not report input while locked (typing the password is not using the page)", async () => {
    const w = mountPage();
    await flushPromises();
    await lockByACall();
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "a" }));
    await flushPromises();
    expect(calls("report_input")).toHaveLength(0);
    w.unmount();
  });

  it("throttles with a trailing report", () => {
    vi.useFakeTimers();
    const report = vi.fn();
    const t = throttleInput(report, 1000);
    t.input();
    t.input();
    expect(report).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(999);
    expect(report).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(report).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5000);
    t.input();
    expect(report).toHaveBeenCalledTimes(3);
    t.stop();
  });
});
