// Registration: errors under their fields (client rule on leaving a field, Rust's check, Rust's
// error on saving) with everything typed kept; Ctrl+S builds the right register_appeal call;
// likely duplicates while typing; the result panel with number and feedback date.
import { enableAutoUnmount, flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryHistory, createRouter } from "vue-router";
import { ApiError } from "../api/core";
import type { CoreError } from "../bindings/CoreError";
import type { DuplicateHint } from "../bindings/DuplicateHint";
import type { RegisterInput } from "../bindings/RegisterInput";
import type { Registered } from "../bindings/Registered";
import { testVocabulary } from "../components/appeals/fixtures";
import { draft, resetDraft } from "../components/register/registerForm";
import { setVocabulary } from "../lib/vocab";

const api = vi.hoisted(() => ({
  checkRegistration: vi.fn<(i: RegisterInput) => Promise<CoreError[]>>(),
  findDuplicates: vi.fn<(i: RegisterInput) => Promise<DuplicateHint[]>>(),
  registerAppeal: vi.fn<(i: RegisterInput) => Promise<Registered>>(),
  addAttachment: vi.fn(),
}));
vi.mock("../api/appeals", () => api);
vi.mock("../api/dialog", () => ({ pickFile: async () => null }));

import RegisterView from "./RegisterView.vue";

enableAutoUnmount(afterEach);

const SLOW = 20000;
const PHONE_MESSAGE =
  "电话号码格式不正确：手机号应为11位数字（如 13812345678），座机应带区号（如 0571-86123456）。";
const Blank = { render: () => null };

async function mountView() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: "/register", component: RegisterView },
      { path: "/appeals/:id", component: Blank },
    ],
  });
  await router.push("/register");
  const w = mount(RegisterView, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await flushPromises();
  return { w, router };
}

const input = (w: ReturnType<typeof mount>, id: string) => w.get(`[data-testid="${id}"]`);
const value = (w: ReturnType<typeof mount>, id: string) => (input(w, id).element as HTMLInputElement).value;

/** A complete walk-in registration except what the test types itself. */
function prefill() {
  Object.assign(draft, {
    channel: "walk_in",
    receivedAt: "2026-11-20 09:30:00",
    category: "complaint",
    subject: "小区夜间施工噪音扰民",
    content: "每晚十点后仍在施工，影响休息。",
  });
}

beforeEach(() => {
  setVocabulary(testVocabulary);
  resetDraft();
  document.body.innerHTML = "";
  api.checkRegistration.mockReset().mockResolvedValue([]);
  api.findDuplicates.mockReset().mockResolvedValue([]);
  api.registerAppeal.mockReset();
});
afterEach(() => setVocabulary(null));

describe("RegisterView", () => {
  it("shows which channel fields apply and marks a bad phone when the field is left", async () => {
    const { w } = await mountView();
    expect(w.findAll('[data-testid^="reg-channel-"]').map((b) => b.text())).toEqual(["官网留言", "客服热线", "书信", "现场接待"]);
    expect(w.find('[data-testid="reg-postmark-date"]').exists()).toBe(false);
    draft.channel = "letter";
    await flushPromises();
    expect(w.find('[data-testid="reg-postmark-date"]').exists()).toBe(true);
    draft.channel = "walk_in";
    await flushPromises();
    expect(w.find('[data-testid="reg-postmark-date"]').exists()).toBe(false);

    // The verdict on a phone is Rust's (validate::phone through check_registration): one rule.
    api.checkRegistration.mockImplementation(async (i) =>
      i.appellant.phone === "12345"
        ? [{ code: "validation", field: "appellant.phone", message: PHONE_MESSAGE }]
        : [],
    );
    await input(w, "reg-phone").setValue("12345");
    expect(w.find('[data-testid="reg-error-appellant-phone"]').exists()).toBe(false);
    await input(w, "reg-phone").trigger("blur");
    await vi.waitFor(() =>
      expect(w.get('[data-testid="reg-error-appellant-phone"]').text()).toContain("电话号码格式不正确"),
    );
    expect(value(w, "reg-phone")).toBe("12345");
    // Fields not visited yet stay quiet.
    expect(w.find('[data-testid="reg-error-subject"]').exists()).toBe(false);
    w.unmount();
  }, SLOW);

  it("shows no phone error of its own for a phone written as people write it", async () => {
    const { w } = await mountView();
    await input(w, "reg-phone").setValue("+86 138 1234 5678");
    await input(w, "reg-phone").trigger("blur");
    await vi.waitFor(() => expect(api.checkRegistration).toHaveBeenCalled());
    await flushPromises();
    // Sent as typed: Rust normalises and judges it (and accepts it).
    expect(api.checkRegistration.mock.lastCall?.[0].appellant.phone).toBe("+86 138 1234 5678");
    expect(w.find('[data-testid="reg-error-appellant-phone"]').exists()).toBe(false);
    w.unmount();
  }, SLOW);

  it("shows Rust's check under the field the clerk left", async () => {
    api.checkRegistration.mockResolvedValue([
      { code: "validation", field: "appellant.organisation", message: "单位不能超过100个字（现有120个字），请精简后再保存。" },
      { code: "validation", field: "subject", message: "请填写诉求标题。" },
    ]);
    const { w } = await mountView();
    await input(w, "reg-organisation").setValue("某单位");
    await input(w, "reg-organisation").trigger("blur");
    await vi.waitFor(() => expect(w.find('[data-testid="reg-error-appellant-organisation"]').exists()).toBe(true));
    expect(w.get('[data-testid="reg-error-appellant-organisation"]').text()).toContain("单位不能超过100个字");
    expect(w.find('[data-testid="reg-error-subject"]').exists()).toBe(false);
    // Changing the value drops the old verdict at once.
    await input(w, "reg-organisation").setValue("某公司");
    expect(w.find('[data-testid="reg-error-appellant-organisation"]').exists()).toBe(false);
    w.unmount();
  }, SLOW);

  it("saves with Ctrl+S, puts Rust's error under its field and keeps everything typed", async () => {
    prefill();
    api.registerAppeal.mockRejectedValue(
      new ApiError("validation", "该号码已登记为空号，请核对后重新填写。", "appellant.phone"),
    );
    const { w } = await mountView();
    await input(w, "reg-name").setValue("张三");
    await input(w, "reg-phone").setValue("13812345678");
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "s", ctrlKey: true, bubbles: true }));
    await flushPromises();
    expect(api.registerAppeal).toHaveBeenCalledTimes(1);
    expect(api.registerAppeal.mock.calls[0][0]).toEqual({
      appellant: {
        name: "张三",
        phone: "13812345678",
        address: null,
        idNumber: null,
        email: null,
        organisation: null,
        anonymous: false,
      },
      channel: "walk_in",
      category: "complaint",
      subject: "小区夜间施工噪音扰民",
      content: "每晚十点后仍在施工，影响休息。",
      receivedAt: "2026-11-20T09:30:00+08:00",
      urgency: "normal",
      major: false,
      postmarkDate: null,
      callTime: null,
    });
    expect(w.get('[data-testid="reg-error-appellant-phone"]').text()).toBe("该号码已登记为空号，请核对后重新填写。");
    expect(value(w, "reg-phone")).toBe("13812345678");
    expect(value(w, "reg-name")).toBe("张三");
    expect(value(w, "reg-subject")).toBe("小区夜间施工噪音扰民");
    expect(w.find('[data-testid="reg-result"]').exists()).toBe(false);
    w.unmount();
  }, SLOW);

  it("does not call Rust while required fields are missing, and marks them all", async () => {
    const { w } = await mountView();
    await input(w, "reg-save").trigger("click");
    await flushPromises();
    expect(api.registerAppeal).not.toHaveBeenCalled();
    for (const id of ["channel", "appellant-name", "appellant-phone", "category", "subject", "content"]) {
      expect(w.find(`[data-testid="reg-error-${id}"]`).exists()).toBe(true);
    }
    w.unmount();
  }, SLOW);

  it("shows the number and feedback date after saving, then starts a new form", async () => {
    prefill();
    Object.assign(draft, { name: "张三", phone: "13812345678" });
    api.registerAppeal.mockResolvedValue({
      appealId: 42,
      regNumber: "20261120-0007",
      expectedFeedbackDate: "2026-12-04",
      initialReviewDue: "2026-11-24",
      likelyDuplicates: [],
      calendarWarning: null,
      message: "登记成功，登记号 20261120-0007，预计 2026年12月4日 前反馈。",
    });
    const { w, router } = await mountView();
    await input(w, "reg-save").trigger("click");
    await flushPromises();
    expect(w.get('[data-testid="reg-result-number"]').text()).toBe("20261120-0007");
    expect(w.get('[data-testid="reg-result-feedback-date"]').text()).toBe("2026年12月4日");
    expect(document.body.textContent).toContain("登记成功，登记号 20261120-0007");
    expect(draft.name).toBe("");

    await input(w, "reg-view").trigger("click");
    await flushPromises();
    expect(router.currentRoute.value.path).toBe("/appeals/42");
    w.unmount();
  }, SLOW);

  it("continues with an empty form", async () => {
    prefill();
    Object.assign(draft, { name: "张三", phone: "13812345678" });
    api.registerAppeal.mockResolvedValue({
      appealId: 42,
      regNumber: "20261120-0007",
      expectedFeedbackDate: "2026-12-04",
      initialReviewDue: "2026-11-24",
      likelyDuplicates: [],
      calendarWarning: null,
      message: "登记成功。",
    });
    const { w } = await mountView();
    await input(w, "reg-save").trigger("click");
    await flushPromises();
    await input(w, "reg-continue").trigger("click");
    await flushPromises();
    expect(w.find('[data-testid="reg-result"]').exists()).toBe(false);
    expect(value(w, "reg-name")).toBe("");
    expect(value(w, "reg-subject")).toBe("");
    w.unmount();
  }, SLOW);

  it("lists likely duplicates while the phone is typed, linking to them", async () => {
    api.findDuplicates.mockResolvedValue([
      {
        appealId: 9,
        regNumber: "20261118-0003",
        subject: "施工噪音",
        receivedAt: "2026-11-18T10:00:00+08:00",
        samePhone: true,
        sameIdNumber: false,
        similarity: 0.8,
      },
    ]);
    const { w } = await mountView();
    await input(w, "reg-phone").setValue("13812345678");
    await vi.waitFor(() => expect(w.find('[data-testid="reg-duplicates"]').exists()).toBe(true));
    const link = w.get('[data-testid="reg-duplicate-link"]');
    expect(link.text()).toBe("20261118-0003");
    expect(link.attributes("href")).toContain("/appeals/9");
    expect(w.get('[data-testid="reg-duplicates"]').text()).toContain("同一电话");
    expect(api.findDuplicates.mock.calls[0][0].appellant.phone).toBe("13812345678");
    w.unmount();
  }, SLOW);

  it("lists likely duplicates of the same ID number once it is typed", async () => {
    api.findDuplicates.mockResolvedValue([
      {
        appealId: 12,
        regNumber: "20261110-0001",
        subject: "路灯损坏",
        receivedAt: "2026-11-10T10:00:00+08:00",
        samePhone: false,
        sameIdNumber: true,
        similarity: 0.1,
      },
    ]);
    const { w } = await mountView();
    await input(w, "reg-id-number").setValue("11010519491231002X");
    await vi.waitFor(() => expect(w.find('[data-testid="reg-duplicates"]').exists()).toBe(true));
    const text = w.get('[data-testid="reg-duplicates"]').text();
    expect(text).toContain("同一证件号码");
    expect(text).not.toContain("同一电话");
    expect(text).not.toContain("内容相似");
    expect(api.findDuplicates.mock.calls[0][0].appellant.idNumber).toBe("11010519491231002X");
    w.unmount();
  }, SLOW);
});
