// Attachments on the registration form (issue 20 §12): files picked or dropped onto the window
// wait on the form (a kind the app does not take is refused by name), are attached one by one
// right after the appeal is saved — a file Rust refuses is named with its reason while the appeal
// stays registered — and 打印受理回执 is offered in the result. The waiting files are part of the
// draft: leaving the page and coming back keeps them; 清空 and another user signing in drop them.
import { enableAutoUnmount, flushPromises, mount } from "@vue/test-utils";
import ElementPlus, { ElMessageBox } from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { h } from "vue";
import { createMemoryHistory, createRouter, RouterView } from "vue-router";
import { ApiError } from "../api/core";
import type { RegisterInput } from "../bindings/RegisterInput";
import type { Registered } from "../bindings/Registered";
import type { SessionInfo } from "../bindings/SessionInfo";
import { testVocabulary } from "../components/appeals/fixtures";
import { claimDraft, draft, draftFiles, resetDraft } from "../components/register/registerForm";
import { setSession } from "../lib/session";
import { setVocabulary } from "../lib/vocab";

const api = vi.hoisted(() => ({
  checkRegistration: vi.fn(async () => []),
  findDuplicates: vi.fn(async () => []),
  registerAppeal: vi.fn<(i: RegisterInput) => Promise<Registered>>(),
  addAttachment: vi.fn(),
}));
const picked = vi.hoisted(() => ({ next: null as string | null }));
const dropped = vi.hoisted(() => ({ handler: null as ((paths: string[]) => void) | null }));
const paper = vi.hoisted(() => ({ printAppeal: vi.fn(async () => "/data/prints/回执.pdf") }));
vi.mock("../api/appeals", () => api);
vi.mock("../api/dialog", () => ({ pickFile: async () => picked.next }));
vi.mock("../api/drop", () => ({
  onFilesDropped: async (h: (paths: string[]) => void) => {
    dropped.handler = h;
    return () => {
      dropped.handler = null;
    };
  },
}));
vi.mock("../api/paper", () => paper);

import RegisterView from "./RegisterView.vue";

enableAutoUnmount(afterEach);

/** Mounting the page with Element Plus takes a few seconds on a busy machine. */
const SLOW = 20000;

const session: SessionInfo = {
  userId: 1, username: "jiedai", displayName: "钱小红", departmentId: 1, departmentName: "诉求办",
  roles: ["intake_clerk"], agreementSignedOn: null, orgName: "某市", permissions: ["register", "addAttachment", "viewAppeal"],
};

const registered: Registered = {
  appealId: 42,
  regNumber: "20261120-0007",
  expectedFeedbackDate: "2026-12-04",
  initialReviewDue: "2026-11-24",
  likelyDuplicates: [],
  calendarWarning: null,
  message: "登记成功，登记号 20261120-0007。",
};

async function mountView() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: "/register", component: RegisterView },
      { path: "/appeals/:id", component: { render: () => null } },
    ],
  });
  await router.push("/register");
  const w = mount(RegisterView, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await flushPromises();
  // After mounting: the page claims the draft for the signed-in user (a new owner starts empty).
  Object.assign(draft, {
    channel: "walk_in",
    receivedAt: "2026-11-20 09:30:00",
    category: "complaint",
    subject: "小区夜间施工噪音扰民",
    content: "每晚十点后仍在施工，影响休息。",
    name: "张三",
    phone: "13812345678",
  });
  await flushPromises();
  return w;
}

/** The page inside a RouterView, as in the app: navigating away unmounts it. */
async function mountInRouter() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: "/register", component: RegisterView },
      { path: "/appeals/:id", component: { render: () => h("p", { "data-testid": "elsewhere" }, "诉求详情") } },
    ],
  });
  await router.push("/register");
  const w = mount({ render: () => h(RouterView) }, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await flushPromises();
  return { w, router };
}

const names = (w: ReturnType<typeof mount>) => w.findAll('[data-testid="reg-attachment-name"]').map((n) => n.text());

beforeEach(() => {
  setVocabulary(testVocabulary);
  setSession(session);
  resetDraft();
  document.body.innerHTML = "";
  api.registerAppeal.mockReset().mockResolvedValue(registered);
  api.addAttachment.mockReset();
  paper.printAppeal.mockClear();
  picked.next = null;
});
afterEach(() => {
  setVocabulary(null);
  setSession(null);
});

describe("attachments on the registration form", () => {
  it("takes picked and dropped files, attaches them after saving and names the one refused", async () => {
    const w = await mountView();
    picked.next = "/home/q/扫描/来信.pdf";
    await w.get('[data-testid="reg-attachments-pick"]').trigger("click");
    await flushPromises();
    dropped.handler!(["/home/q/照片/现场.JPG", "/home/q/工具.exe", "/home/q/扫描/来信.pdf"]);
    await flushPromises();
    expect(w.findAll('[data-testid="reg-attachment-name"]').map((n) => n.text())).toEqual(["来信.pdf", "现场.JPG"]);
    expect(w.get('[data-testid="reg-attachments-refused"]').text()).toContain("“工具.exe”不是可添加的附件类型");
    // Removed before saving: not attached.
    dropped.handler!(["/home/q/录音.mp3"]);
    await flushPromises();
    await w.findAll('[data-testid="reg-attachment-remove"]')[2].trigger("click");

    api.addAttachment
      .mockResolvedValueOnce({ id: 1, appealId: 42, fileName: "来信.pdf", size: 2048, sha256: "ab", addedBy: 1, addedAt: "2026-11-20T09:31:00+08:00" })
      .mockRejectedValueOnce(new ApiError("validation", "附件超过大小上限（20 MB），请压缩后再添加。", "file"));
    await w.get('[data-testid="reg-save"]').trigger("click");
    await flushPromises();
    expect(api.registerAppeal).toHaveBeenCalledTimes(1);
    expect(api.addAttachment.mock.calls).toEqual([
      [42, "/home/q/扫描/来信.pdf"],
      [42, "/home/q/照片/现场.JPG"],
    ]);
    expect(w.get('[data-testid="reg-result-number"]').text()).toBe("20261120-0007");
    expect(w.get('[data-testid="reg-attachments"]').text()).toContain("来信.pdf");
    expect(w.get('[data-testid="reg-attachments-failed"]').text()).toContain("现场.JPG：附件超过大小上限（20 MB）");
    expect(document.body.textContent).toContain("已添加 1 个附件");
  });

  it("saves with no attachment when none waits, and offers the receipt print", async () => {
    const w = await mountView();
    await w.get('[data-testid="reg-save"]').trigger("click");
    await flushPromises();
    expect(api.addAttachment).not.toHaveBeenCalled();
    expect(w.find('[data-testid="reg-attachments-failed"]').exists()).toBe(false);
    await w.get('[data-testid="reg-print-receipt"]').trigger("click");
    await flushPromises();
    expect(paper.printAppeal).toHaveBeenCalledWith(42, "receipt");
    expect(document.body.textContent).toContain("受理回执已生成");
  });

  it("keeps the waiting files when the clerk looks at another page and comes back", async () => {
    const { w, router } = await mountInRouter();
    Object.assign(draft, { channel: "walk_in", category: "complaint", subject: "小区夜间施工噪音扰民", content: "每晚十点后仍在施工。", name: "张三", phone: "13812345678" });
    dropped.handler!(["/home/q/扫描/来信.pdf", "/home/q/照片/现场.jpg"]);
    await flushPromises();
    expect(names(w)).toEqual(["来信.pdf", "现场.jpg"]);

    await router.push("/appeals/9");
    await flushPromises();
    expect(w.find('[data-testid="view-register"]').exists()).toBe(false);
    expect(w.find('[data-testid="elsewhere"]').exists()).toBe(true);
    await router.push("/register");
    await flushPromises();
    expect(names(w)).toEqual(["来信.pdf", "现场.jpg"]);
    expect((w.get('[data-testid="reg-subject"]').element as HTMLInputElement).value).toBe("小区夜间施工噪音扰民");

    api.addAttachment.mockResolvedValue({ id: 1, appealId: 42, fileName: "x", size: 1, sha256: "ab", addedBy: 1, addedAt: "2026-11-20T09:31:00+08:00" });
    await w.get('[data-testid="reg-save"]').trigger("click");
    await flushPromises();
    expect(api.addAttachment.mock.calls).toEqual([
      [42, "/home/q/扫描/来信.pdf"],
      [42, "/home/q/照片/现场.jpg"],
    ]);
    // Saved: the next form starts with no file waiting.
    expect(draftFiles.value).toEqual([]);
    await w.get('[data-testid="reg-continue"]').trigger("click");
    await flushPromises();
    expect(w.find('[data-testid="reg-attachments-pending"]').exists()).toBe(false);
  }, SLOW);

  it("drops the waiting files with 清空, and gives another user none of them", async () => {
    const w = await mountView();
    dropped.handler!(["/home/q/扫描/来信.pdf"]);
    await flushPromises();
    expect(names(w)).toEqual(["来信.pdf"]);
    const confirm = vi.spyOn(ElMessageBox, "confirm").mockResolvedValue("confirm" as never);
    await w.get('[data-testid="reg-clear"]').trigger("click");
    await flushPromises();
    expect(confirm).toHaveBeenCalledTimes(1);
    confirm.mockRestore();
    expect(w.find('[data-testid="reg-attachments-pending"]').exists()).toBe(false);
    expect(draft.subject).toBe("");

    dropped.handler!(["/home/q/照片/现场.jpg"]);
    await flushPromises();
    expect(draftFiles.value).toEqual(["/home/q/照片/现场.jpg"]);
    w.unmount();
    claimDraft(session.userId + 1);
    expect(draftFiles.value).toEqual([]);
  }, SLOW);
});
