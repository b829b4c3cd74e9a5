// The bell: the badge counts the unread reminders, the panel lists them by kind, a reminder opens
// its appeal, 全部已读 marks up to what was shown; a new reminder while the window is not focused
// becomes one desktop notification (with no personal data), never the ones already there, and
// none when switched off or when the notification service fails.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryHistory, createRouter } from "vue-router";
import type { Reminder } from "../bindings/Reminder";
import type { Reminders } from "../bindings/Reminders";

vi.mock("../api/bell", () => ({ getReminders: vi.fn(), markRemindersRead: vi.fn() }));
vi.mock("../api/core", () => ({ inTauri: () => true }));
vi.mock("../lib/notify", () => ({ showError: vi.fn() }));
vi.mock("@tauri-apps/plugin-notification", () => ({ sendNotification: vi.fn() }));
const changed: (() => void)[] = [];
vi.mock("../lib/useDataChanged", () => ({ useDataChanged: (cb: () => void) => changed.push(cb) }));

import { sendNotification } from "@tauri-apps/plugin-notification";
import { getReminders, markRemindersRead } from "../api/bell";
import { setDesktopNotifications } from "../lib/desktopNotify";
import ReminderBell from "./ReminderBell.vue";

function reminder(over: Partial<Reminder>): Reminder {
  return {
    key: "e10",
    kind: "newTask",
    appealId: 7,
    regNumber: "20261120-0001",
    subject: "翠苑小区夜间施工噪音扰民",
    text: "分流：待制定处理方案",
    at: "2026-11-20T10:06:00+08:00",
    dueDate: null,
    unread: true,
    ...over,
  };
}

function bell(items: Reminder[], upToEvent = 10): Reminders {
  return { items, unread: items.filter((r) => r.unread).length, upToEvent, today: "2026-11-20" };
}

async function start() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: "/", component: { template: "<div>home</div>" } },
      { path: "/appeals/:id", component: { template: "<div>detail</div>" } },
    ],
  });
  await router.push("/");
  const w = mount(ReminderBell, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await flushPromises();
  return { w, router };
}

let focused = true;
beforeEach(() => {
  changed.length = 0;
  focused = true;
  vi.spyOn(document, "hasFocus").mockImplementation(() => focused);
  localStorage.clear();
});
afterEach(() => {
  vi.clearAllMocks();
  vi.restoreAllMocks();
  document.body.innerHTML = "";
});

describe("ReminderBell", () => {
  it("shows the unread count, lists the reminders and opens the appeal of one", async () => {
    vi.mocked(getReminders).mockResolvedValue(
      bell([
        reminder({ key: "d8:2026-11-23", kind: "dueTomorrow", appealId: 8, text: "明天到期：制定处理方案", at: null, dueDate: "2026-11-23" }),
        reminder({}),
        reminder({ key: "e4", kind: "supervision", appealId: 9, text: "收到督办通知", unread: false }),
      ]),
    );
    const { w, router } = await start();
    expect(w.get('[data-testid="bell-badge"]').text()).toContain("2");
    await w.get('[data-testid="bell"]').trigger("click");
    await flushPromises();
    const panel = document.querySelector('[data-testid="bell-panel"]')!;
    expect(panel.textContent).toContain("2 条未读");
    expect(panel.textContent).toContain("明天到期");
    expect(panel.textContent).toContain("督办");
    expect(panel.querySelector('[data-testid="bell-item-9"]')!.classList.contains("is-unread")).toBe(false);
    (panel.querySelector('[data-testid="bell-item-7"]') as HTMLElement).click();
    await flushPromises();
    expect(router.currentRoute.value.path).toBe("/appeals/7");
  });

  it("marks everything shown as read and reloads", async () => {
    vi.mocked(getReminders).mockResolvedValueOnce(bell([reminder({})], 42)).mockResolvedValueOnce(bell([reminder({ unread: false })], 42));
    vi.mocked(markRemindersRead).mockResolvedValue(null);
    const { w } = await start();
    await w.get('[data-testid="bell"]').trigger("click");
    await flushPromises();
    (document.querySelector('[data-testid="bell-all-read"]') as HTMLElement).click();
    await flushPromises();
    expect(markRemindersRead).toHaveBeenCalledWith(42);
    const sup = w.find('[data-testid="bell-badge"] sup');
    expect(!sup.exists() || !sup.isVisible()).toBe(true);
    expect(document.querySelector('[data-testid="bell-panel"]')!.textContent).toContain("没有未读提醒");
  });

  it("notifies a new reminder once while the window is not focused, with no subject", async () => {
    vi.mocked(getReminders).mockResolvedValueOnce(bell([reminder({})]));
    await start();
    // What was there at start is not announced.
    expect(sendNotification).not.toHaveBeenCalled();
    focused = false;
    vi.mocked(getReminders).mockResolvedValue(bell([reminder({ key: "e11", appealId: 12, regNumber: "20261120-0002" }), reminder({})], 11));
    changed[0]();
    await flushPromises();
    expect(sendNotification).toHaveBeenCalledTimes(1);
    const sent = vi.mocked(sendNotification).mock.calls[0][0] as { title: string; body: string };
    expect(sent.body).toBe("20261120-0002 分流：待制定处理方案");
    expect(sent.body).not.toContain("翠苑");
    // The same reminders again: nothing new.
    changed[0]();
    await flushPromises();
    expect(sendNotification).toHaveBeenCalledTimes(1);
  });

  it("does not notify when focused, when switched off, and survives a failing service", async () => {
    vi.mocked(getReminders).mockResolvedValueOnce(bell([]));
    await start();
    vi.mocked(getReminders).mockResolvedValue(bell([reminder({ key: "e20" })], 20));
    changed[0]();
    await flushPromises();
    expect(sendNotification).not.toHaveBeenCalled();

    focused = false;
    setDesktopNotifications(false);
    vi.mocked(getReminders).mockResolvedValue(bell([reminder({ key: "e21" })], 21));
    changed[0]();
    await flushPromises();
    expect(sendNotification).not.toHaveBeenCalled();

    setDesktopNotifications(true);
    vi.mocked(sendNotification).mockImplementation(() => {
      throw new Error("org.freedesktop.Notifications was not provided");
    });
    vi.mocked(getReminders).mockResolvedValue(bell([reminder({ key: "e22", appealId: 30 })], 22));
    changed[0]();
    await flushPromises();
    expect(sendNotification).toHaveBeenCalledTimes(1);
  });
});
