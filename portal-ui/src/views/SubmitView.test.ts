// The form's error handling: the server's field messages beside their fields (and announced),
// what was typed kept, a captcha fetched when the server asks for one, and the receipt page
// after a submission that went through.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import { createMemoryHistory, createRouter } from "vue-router";
import { ApiError, type Portal } from "../api";
import { installVant } from "../vant";
import { lastReceipt, portalState } from "../state";
import SubmitView from "./SubmitView.vue";

const { submit, captcha } = vi.hoisted(() => ({ submit: vi.fn(), captcha: vi.fn() }));
vi.mock("../api", async (original) => {
  const real = await original<typeof import("../api")>();
  return { ...real, api: { ...real.api, submit, captcha, portal: vi.fn(async () => portalState.portal) } };
});

const portal: Portal = {
  orgName: "云江市民意诉求管理办公室",
  categories: [
    { code: "consultation", label: "咨询" },
    { code: "complaint", label: "投诉" },
  ],
  captchaNeeded: false,
  maxFiles: 3,
  maxFileMb: 5,
  signedIn: null,
};

async function mountForm() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: "/submit", component: SubmitView },
      { path: "/receipt", component: { template: "<p>receipt</p>" } },
      { path: "/account", component: { template: "<p>account</p>" } },
    ],
  });
  await router.push("/submit");
  const wrapper = mount(SubmitView, { global: { plugins: [installVant, router] }, attachTo: document.body });
  return { wrapper, router };
}

async function fill(wrapper: Awaited<ReturnType<typeof mountForm>>["wrapper"]) {
  await wrapper.find('[role="radio"][data-value="complaint"]').trigger("click");
  await wrapper.find("#f-subject").setValue("路灯不亮");
  await wrapper.find("#f-content").setValue("小区门口的路灯坏了一个多月。");
  await wrapper.find("#f-name").setValue("王五");
  await wrapper.find("#f-phone").setValue("12345");
}

beforeEach(() => {
  portalState.portal = structuredClone(portal);
  lastReceipt.value = null;
  submit.mockReset();
  captcha.mockReset();
  document.body.innerHTML = "";
});

describe("SubmitView", () => {
  it("labels every field with 必填 or 选填", async () => {
    const { wrapper } = await mountForm();
    expect(wrapper.find('label[for="f-subject"]').text()).toBe("标题（必填）");
    expect(wrapper.find('label[for="f-address"]').text()).toBe("联系地址（选填）");
    expect(wrapper.find("#f-phone").attributes("aria-required")).toBe("true");
    expect(wrapper.find("#f-email").attributes("aria-required")).toBe("false");
    wrapper.unmount();
  });

  it("shows each field's message beside it, keeps the input, and announces the summary", async () => {
    submit.mockRejectedValueOnce(
      new ApiError(422, "validation", "请修改标出的内容后再提交。", {
        phone: "电话号码格式不正确，请填写11位手机号码或带区号的固定电话。",
        email: "电子邮箱格式不正确。",
      }),
    );
    const { wrapper, router } = await mountForm();
    await fill(wrapper);
    await wrapper.find("form").trigger("submit");
    await flushPromises();

    expect(submit).toHaveBeenCalledOnce();
    const [sent, files] = submit.mock.calls[0]!;
    expect(sent).toMatchObject({ category: "complaint", subject: "路灯不亮", phone: "12345" });
    expect(files).toEqual([]);

    expect(wrapper.find("#f-phone-err").text()).toMatch(/电话号码格式不正确/);
    expect(wrapper.find("#f-email-err").text()).toBe("电子邮箱格式不正确。");
    const phone = wrapper.find("#f-phone");
    expect(phone.attributes("aria-invalid")).toBe("true");
    expect(phone.attributes("aria-describedby")).toBe("f-phone-hint f-phone-err");
    expect(wrapper.find("#f-subject").attributes("aria-invalid")).toBeUndefined();

    const summary = wrapper.find('[role="alert"][data-testid="errors"]');
    expect(summary.text()).toMatch(/电话号码格式不正确/);
    expect(summary.text()).toMatch(/电子邮箱格式不正确/);
    expect(summary.findAll("li").map((li) => li.text())).toHaveLength(2);
    expect(document.activeElement).toBe(summary.element);

    expect((wrapper.find("#f-subject").element as HTMLInputElement).value).toBe("路灯不亮");
    expect((wrapper.find("#f-phone").element as HTMLInputElement).value).toBe("12345");
    expect(router.currentRoute.value.path).toBe("/submit");
    expect(lastReceipt.value).toBeNull();

    // The phone corrected: its message goes at once, the e-mail's stays until it is edited.
    await wrapper.find("#f-phone").setValue("13812345678");
    await flushPromises();
    expect(wrapper.find("#f-phone-err").exists()).toBe(false);
    expect(wrapper.find("#f-phone").attributes("aria-invalid")).toBeUndefined();
    expect(wrapper.find('[data-testid="errors"]').text()).toBe("电子邮箱格式不正确。");
    await wrapper.find("#f-email").setValue("wangwu@example.com");
    await flushPromises();
    expect(wrapper.find('[data-testid="errors"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it("asks for a captcha when the server wants one and sends its answer with the next try", async () => {
    submit.mockRejectedValueOnce(
      new ApiError(428, "captcha_required", "为防止恶意提交，请输入图片中的验证码后再提交。", {
        captcha: "请输入图片中的验证码。",
      }),
    );
    captcha.mockResolvedValueOnce({ id: "c1", image: "/captcha/c1.png" });
    const { wrapper } = await mountForm();
    await fill(wrapper);
    await wrapper.find("form").trigger("submit");
    await flushPromises();

    expect(captcha).toHaveBeenCalledOnce();
    expect(wrapper.find('img[alt="验证码图片"]').attributes("src")).toBe("/captcha/c1.png");
    expect(wrapper.find("#f-captcha-err").text()).toBe("请输入图片中的验证码。");
    expect((wrapper.find("#f-name").element as HTMLInputElement).value).toBe("王五");

    // A wrong answer uses the captcha up: a new one comes with the refusal.
    submit.mockRejectedValueOnce(
      new ApiError(422, "validation", "请修改。", { captcha: "验证码不正确或已过期，请按新的图片重新输入。" }),
    );
    captcha.mockResolvedValueOnce({ id: "c2", image: "/captcha/c2.png" });
    await wrapper.find("#f-captcha").setValue("abcd");
    await wrapper.find("form").trigger("submit");
    await flushPromises();
    expect(submit.mock.calls[1]![0]).toMatchObject({ captchaId: "c1", captcha: "abcd" });
    expect(wrapper.find('img[alt="验证码图片"]').attributes("src")).toBe("/captcha/c2.png");
    expect((wrapper.find("#f-captcha").element as HTMLInputElement).value).toBe("");
    expect(wrapper.find("#f-captcha-err").text()).toMatch(/验证码不正确/);
    wrapper.unmount();
  });

  it("shows the captcha from the start when the portal says one is due", async () => {
    portalState.portal!.captchaNeeded = true;
    captcha.mockResolvedValueOnce({ id: "c9", image: "/captcha/c9.png" });
    const { wrapper } = await mountForm();
    await flushPromises();
    expect(wrapper.find('img[alt="验证码图片"]').attributes("src")).toBe("/captcha/c9.png");
    expect(wrapper.find('label[for="f-captcha"]').text()).toBe("验证码（必填）");
    wrapper.unmount();
  });

  it("says what went wrong when the connection is lost, and keeps the form", async () => {
    submit.mockRejectedValueOnce(new ApiError(0, "network", "网络连接失败，请检查手机网络后重试。"));
    const { wrapper } = await mountForm();
    await fill(wrapper);
    await wrapper.find("form").trigger("submit");
    await flushPromises();
    expect(wrapper.find('[data-testid="errors"]').text()).toBe("网络连接失败，请检查手机网络后重试。");
    expect((wrapper.find("#f-content").element as HTMLTextAreaElement).value).toBe("小区门口的路灯坏了一个多月。");
    wrapper.unmount();
  });

  it("keeps the receipt in memory and opens the receipt page after a submission", async () => {
    const receipt = {
      orgName: portal.orgName,
      submitted: { appealId: 7, regNumber: "20261206-0001", queryCode: "AB3K9MZQ", expectedFeedbackDate: "2026-12-21" },
      salutation: "王五：",
      paragraphs: ["您于2026年12月6日通过线上平台提出的诉求已收到。"],
      date: "2026-12-06",
      attachments: [],
    };
    submit.mockResolvedValueOnce({ receipt });
    const { wrapper, router } = await mountForm();
    await fill(wrapper);
    await wrapper.find("form").trigger("submit");
    await flushPromises();
    expect(lastReceipt.value).toEqual(receipt);
    expect(router.currentRoute.value.path).toBe("/receipt");
    expect(router.currentRoute.value.fullPath).not.toMatch(/AB3K9MZQ|13812345678/);
    wrapper.unmount();
  });
});
