// The detail page against a fake Rust side: header numbers and tags, only the allowed actions
// with the primary first, the timeline, revealing personal data (logged, so asked explicitly),
// an action that reloads the page with Rust's message, attachments, and a failed load.
import { flushPromises, mount, type VueWrapper } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryHistory, createRouter } from "vue-router";
import type { TimelineEntry } from "../bindings/TimelineEntry";
import { VOCAB, makeDetail, makeSession } from "../components/detail/detail.fixture";
import { setSession } from "../lib/session";
import { setVocabulary } from "../lib/vocab";

vi.mock("../api/appeals", () => ({
  appealDetail: vi.fn(),
  appellantHistory: vi.fn(async () => null),
  findAppeal: vi.fn(),
  addAttachment: vi.fn(),
  openAttachment: vi.fn(),
}));
vi.mock("../api/admin", () => ({ departments: vi.fn(async () => [{ id: 3, name: "城管科", active: true }]) }));
vi.mock("../api/dialog", () => ({ pickFile: vi.fn() }));
vi.mock("../api/assists", () => ({ cohandling: vi.fn(async () => ({ assists: [], earlier: [], pending: [], mayAdd: false })) }));
vi.mock("../api/events", () => ({ onDataChanged: vi.fn(async () => () => {}) }));
vi.mock("../lib/notify", () => ({ showSuccess: vi.fn(), showError: vi.fn() }));
vi.mock("../api/actions", async (orig) => ({
  ...(await orig<typeof import("../api/actions")>()),
  routeAppeal: vi.fn(),
}));

const appeals = await import("../api/appeals");
const actions = await import("../api/actions");
const dialog = await import("../api/dialog");
const notify = await import("../lib/notify");
const events = await import("../api/events");
const View = (await import("./AppealDetailView.vue")).default;

const entry = (over: Partial<TimelineEntry>): TimelineEntry => ({
  id: 1, appealId: 7, at: "2026-11-20T09:35:00+08:00", actorId: 2, actorName: "李四", action: "register",
  actionLabel: "登记", fromStatus: null, toStatus: "registered", reason: null, payload: null,
  onBehalfDepartment: null, onBehalfDepartmentName: null, onBehalfPerson: null, prevHash: "", hash: "",
  ...over,
});

const detail = makeDetail(
  {},
  {
    allowedActions: ["link", "submitPlan", "returnMisrouted", "addProgress", "addAttachment"],
    archiveNumbers: [
      { number: "ZX-2026-000010", category: "consultation", year: 2026, seq: 10, issuedAt: "2026-11-20T10:00:00+08:00", superseded: true },
      { number: "TS-2026-000123", category: "complaint", year: 2026, seq: 123, issuedAt: "2026-11-21T10:00:00+08:00", superseded: false },
    ],
    due: { overdue: true, dueSoon: false, remainingWorkingDays: -2 },
    timeline: [
      entry({}),
      entry({
        id: 2, at: "2026-11-23T10:00:00+08:00", actorId: 9, actorName: "王芳", action: "route", actionLabel: "分流",
        fromStatus: "accepted", toStatus: "routed", reason: "请一周内答复", payload: { departmentName: "城管科" },
      }),
      entry({
        id: 3, action: "return_misrouted", actionLabel: "退回（分流有误）", fromStatus: "routed", toStatus: "accepted",
        reason: "不属于本科", onBehalfDepartmentName: "城管科", onBehalfPerson: "赵六",
      }),
    ],
  },
);

let w: VueWrapper | null = null;

async function open(id = 7) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: "/appeals/:id", component: View },
      { path: "/:rest(.*)*", component: { template: "<div />" } },
    ],
  });
  await router.push(`/appeals/${id}`);
  w = mount(View, { props: { id }, global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await settle();
  return w;
}

async function settle() {
  for (let i = 0; i < 4; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 0));
  }
}

const q = (testid: string) => document.body.querySelector<HTMLElement>(`[data-testid="${testid}"]`);
const all = (testid: string) => Array.from(document.body.querySelectorAll<HTMLElement>(`[data-testid="${testid}"]`));
async function click(testid: string) {
  q(testid)!.click();
  await settle();
}

beforeEach(() => {
  vi.clearAllMocks();
  setVocabulary(VOCAB);
  setSession(makeSession(["handler"], 3));
  document.body.innerHTML = "";
  vi.mocked(appeals.appealDetail).mockResolvedValue(detail);
});
afterEach(() => {
  w?.unmount();
  w = null;
});

describe("appeal detail", () => {
  it("shows no history tab at all when Rust sends none (no right to look people up)", async () => {
    await open();
    expect(appeals.appellantHistory).toHaveBeenCalledWith(7);
    expect(q("tab-history")).toBeNull();
    expect(document.body.textContent).not.toContain("历次诉求");
  });

  it("shows the appellant's history in its own tab, asked for once per appeal opened", async () => {
    vi.mocked(appeals.appellantHistory).mockResolvedValueOnce({
      appealId: 7,
      truncated: false,
      appeals: [
        {
          appealId: 3, regNumber: "20261020-0001", archiveNumber: null, subject: "路灯损坏", category: "complaint",
          receivedAt: "2026-10-20T09:30:00+08:00", earlier: true, status: "closed", departmentName: "城管科",
          closedAt: "2026-11-01T09:30:00+08:00", closingResult: "已修复。", satisfaction: "satisfied", matchedOn: ["phone"],
        },
      ],
    });
    await open();
    expect(q("tab-history")?.textContent).toBe("诉求人的历次诉求（1）");
    await click("tab-history");
    expect(q("history-open-3")?.getAttribute("href")).toBe("/appeals/3");
    expect(appeals.appellantHistory).toHaveBeenCalledTimes(1);
  });

  it("shows both numbers, the superseded one, status and the overdue mark", async () => {
    await open();
    expect(appeals.appealDetail).toHaveBeenCalledWith(7, "masked");
    expect(q("detail-reg-number")?.textContent).toBe("20261127-0007");
    expect(q("detail-archive-number")?.textContent).toBe("TS-2026-000123");
    expect(q("detail-old-numbers")?.textContent).toContain("ZX-2026-000010");
    expect(q("detail-status")?.textContent?.trim()).toBe("已分流");
    expect(q("detail-overdue")).not.toBeNull();
    expect(q("detail-remaining")?.textContent).toContain("逾期 2 个工作日");
    expect(q("detail-due")?.textContent).toContain("2026年11月30日");
  });

  it("offers only the allowed actions, the primary one first", async () => {
    await open();
    const buttons = Array.from(q("detail-actions")!.querySelectorAll<HTMLElement>("button"));
    expect(buttons.map((b) => b.dataset.testid)).toEqual([
      "action-submitPlan", "action-link", "action-returnMisrouted", "action-addProgress", "action-addAttachment",
    ]);
    expect(buttons[0].classList.contains("el-button--primary")).toBe(true);
    expect(q("action-route")).toBeNull();
  });

  it("renders the appellant's words as text and every timeline entry", async () => {
    await open();
    expect(q("detail-content")?.textContent).toContain("<b>摊贩</b>");
    expect(q("detail-content")?.querySelector("b")).toBeNull();
    const entries = all("timeline-entry");
    expect(entries).toHaveLength(3);
    expect(entries[1].textContent).toContain("王芳");
    expect(entries[1].textContent).toContain("已受理 → 已分流");
    expect(entries[1].textContent).toContain("请一周内答复");
    expect(entries[1].textContent).toContain("承办部门：城管科");
    expect(entries[2].textContent).toContain("代 城管科 赵六 录入");
  });

  it("reveals personal data only when asked, saying that it is logged", async () => {
    await open();
    expect(q("detail-reveal-hint")?.textContent).toContain("记入");
    vi.mocked(appeals.appealDetail).mockResolvedValue({
      ...detail,
      personalDataMasked: false,
      appellant: { ...detail.appellant, name: "张三", phone: "13812345678" },
    });
    await click("detail-reveal");
    expect(appeals.appealDetail).toHaveBeenLastCalledWith(7, "full");
    expect(q("detail-appellant-name")?.textContent).toBe("张三");
    expect(q("detail-hide")).not.toBeNull();
  });

  it("runs an action from its dialog, shows Rust's message and reloads", async () => {
    vi.mocked(appeals.appealDetail).mockResolvedValue(makeDetail({ status: "accepted", departmentId: null }, { allowedActions: ["route"] }));
    vi.mocked(actions.routeAppeal).mockResolvedValue({
      appealId: 7, regNumber: "20261127-0007", archiveNumber: null, status: "routed", dueDate: "2026-12-03",
      message: "已分流至 城管科，办理期限 2026年12月3日",
    });
    await open();
    await click("action-route");
    expect(q("action-dialog")).not.toBeNull();
    await click("dlg-departmentId-3");
    await click("dlg-submit");
    expect(actions.routeAppeal).toHaveBeenCalledWith(7, 3, null);
    expect(notify.showSuccess).toHaveBeenCalledWith("已分流至 城管科，办理期限 2026年12月3日");
    expect(appeals.appealDetail).toHaveBeenCalledTimes(2);
  });

  it("keeps the version the user decided on under an open dialog, and reloads after a conflict", async () => {
    vi.mocked(appeals.appealDetail).mockResolvedValue(makeDetail({ status: "accepted", departmentId: null }, { allowedActions: ["route"] }));
    vi.mocked(actions.routeAppeal).mockRejectedValue({
      code: "conflict",
      message: "此诉求已由王五于12月6日 10:05退回，请刷新后再操作。",
    });
    await open();
    const calls = vi.mocked(events.onDataChanged).mock.calls;
    const changed = calls[calls.length - 1][0] as () => void;
    await click("action-route");
    changed(); // another desk changed it while the dialog is open: not reloaded yet
    await flushPromises();
    expect(appeals.appealDetail).toHaveBeenCalledTimes(1);
    await click("dlg-departmentId-3");
    await click("dlg-submit");
    expect(appeals.appealDetail).toHaveBeenCalledTimes(2);
    expect(document.body.textContent).toContain("此诉求已由王五");
    expect(document.body.textContent).toContain("页面已刷新为最新情况");
    expect(q("action-dialog")).not.toBeNull();
    // Without a dialog, a change elsewhere reloads at once.
    await click("dlg-cancel");
    await flushPromises();
    changed();
    await flushPromises();
    expect(appeals.appealDetail).toHaveBeenCalledTimes(3);
  });

  it("goes back to the work queue when the action moved the appeal out of the user's reach", async () => {
    vi.mocked(appeals.appealDetail)
      .mockResolvedValueOnce(makeDetail({ status: "accepted", departmentId: null }, { allowedActions: ["route"] }))
      .mockRejectedValueOnce({ code: "not_found", message: "找不到该诉求，或它不在您的办理范围内。" });
    vi.mocked(actions.routeAppeal).mockResolvedValue({
      appealId: 7, regNumber: "20261127-0007", archiveNumber: null, status: "routed", dueDate: "2026-12-03",
      message: "已分流至 城管科，办理期限 2026年12月3日",
    });
    const view = await open();
    await click("action-route");
    await click("dlg-departmentId-3");
    await click("dlg-submit");
    expect(notify.showSuccess).toHaveBeenCalled();
    expect(notify.showError).not.toHaveBeenCalled();
    expect(view.vm.$router.currentRoute.value.path).toBe("/workbench");
  });

  it("adds an attachment chosen in the file dialog", async () => {
    vi.mocked(dialog.pickFile).mockResolvedValue("/home/u/来信.pdf");
    vi.mocked(appeals.addAttachment).mockResolvedValue({
      id: 5, appealId: 7, sha256: "x", fileName: "来信.pdf", size: 2048, addedBy: 9, addedAt: "2026-11-23T10:00:00+08:00",
    });
    await open();
    await click("action-addAttachment");
    expect(appeals.addAttachment).toHaveBeenCalledWith(7, "/home/u/来信.pdf");
    expect(notify.showSuccess).toHaveBeenCalledWith("已添加附件“来信.pdf”。");
    expect(appeals.appealDetail).toHaveBeenCalledTimes(2);
  });

  it("opens attachments only for who may see personal data, and says why otherwise", async () => {
    const attachments = [
      { id: 5, appealId: 7, sha256: "x", fileName: "来信.pdf", size: 2048, addedBy: 9, addedAt: "2026-11-23T10:00:00+08:00" },
    ];
    vi.mocked(appeals.appealDetail).mockResolvedValue(makeDetail({}, { attachments, mayReveal: true }));
    await open();
    expect(q("attachment-open-5")).not.toBeNull();
    expect(q("attachments-locked")).toBeNull();
    (q("attachment-open-5") as HTMLElement).click();
    expect(appeals.openAttachment).toHaveBeenCalledWith(5);
    w?.unmount();
    document.body.innerHTML = "";

    vi.mocked(appeals.appealDetail).mockResolvedValue(makeDetail({}, { attachments, mayReveal: false }));
    await open();
    expect(q("attachment-open-5")).toBeNull();
    expect(q("attachment-name-5")?.textContent).toBe("来信.pdf");
    expect(q("attachments-locked")?.textContent).toContain("保密协议");
  });

  it("says so when there is nothing the user may do", async () => {
    vi.mocked(appeals.appealDetail).mockResolvedValue(makeDetail({}, { allowedActions: ["viewAppeal"], mayReveal: false }));
    await open();
    expect(q("detail-no-actions")).not.toBeNull();
    expect(q("detail-reveal")).toBeNull();
    expect(q("detail-reveal-denied")).not.toBeNull();
  });

  it("shows Rust's sentence when the appeal cannot be opened", async () => {
    vi.mocked(appeals.appealDetail).mockRejectedValue({ code: "not_found", message: "找不到该诉求，或它不在您的办理范围内。" });
    await open(99);
    expect(q("detail-error")?.textContent).toContain("找不到该诉求");
  });
});
