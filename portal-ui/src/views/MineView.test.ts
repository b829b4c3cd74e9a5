// 我的诉求: asked to sign in when the session is gone (and the shared state told), the reply
// rated with the choice sent under the appeal's number, the thanks said and the list re-read.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";
import { createMemoryHistory, createRouter } from "vue-router";
import { ApiError, type PortalStatus } from "../api";
import { installVant } from "../vant";
import { portalState } from "../state";
import MineView from "./MineView.vue";

const { mine, rate } = vi.hoisted(() => ({ mine: vi.fn(), rate: vi.fn() }));
vi.mock("../api", async (original) => {
  const real = await original<typeof import("../api")>();
  return { ...real, api: { ...real.api, mine, rate } };
});

const replied: PortalStatus = {
  regNumber: "20261206-0002",
  category: "咨询",
  receivedOn: "2026-12-06",
  stage: "已办理，等待答复",
  expectedFeedbackDate: "2026-12-21",
  closed: false,
  repliedOn: "2026-12-07",
  subject: "电梯长期故障",
  reply: "已通知物业公司在三日内修复电梯。",
  canRate: true,
  satisfaction: null,
};

async function mountMine() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: "/mine", component: MineView },
      { path: "/:rest(.*)*", component: { template: "<p />" } },
    ],
  });
  await router.push("/mine");
  const wrapper = mount(MineView, { global: { plugins: [installVant, router] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

beforeEach(() => {
  mine.mockReset();
  rate.mockReset();
  portalState.portal = {
    orgName: "云江市民意诉求管理办公室",
    categories: [],
    captchaNeeded: false,
    maxFiles: 3,
    maxFileMb: 5,
    signedIn: { phone: "137****1111" },
  };
  document.body.innerHTML = "";
});

describe("MineView", () => {
  it("asks to sign in when the session has ended, and forgets the account", async () => {
    mine.mockRejectedValueOnce(new ApiError(401, "signed_out", "您还没有登录或登录已过期，请重新登录。"));
    const wrapper = await mountMine();
    expect(wrapper.find('[data-testid="go-sign-in"]').exists()).toBe(true);
    expect(portalState.portal!.signedIn).toBeNull();
    wrapper.unmount();
  });

  it("sends the chosen rating, thanks, and shows it recorded", async () => {
    mine.mockResolvedValueOnce({ phone: "137****1111", appeals: [replied] });
    const wrapper = await mountMine();
    expect(wrapper.find('[data-testid="reply"]').text()).toBe("已通知物业公司在三日内修复电梯。");

    // Nothing chosen: asked to choose, nothing sent.
    await wrapper.find('[data-testid="rate-form"]').trigger("submit");
    expect(wrapper.text()).toContain("请先选择满意、基本满意或不满意。");
    expect(rate).not.toHaveBeenCalled();

    rate.mockResolvedValueOnce(undefined);
    mine.mockResolvedValueOnce({
      phone: "137****1111",
      appeals: [{ ...replied, canRate: false, satisfaction: "基本满意", stage: "已办结", closed: true }],
    });
    await wrapper.find('[role="radio"][data-value="basically_satisfied"]').trigger("click");
    // Choosing answers the question: its message goes at once.
    expect(wrapper.text()).not.toContain("请先选择满意、基本满意或不满意。");
    await wrapper.find('[data-testid="rate-form"]').trigger("submit");
    await flushPromises();
    expect(rate).toHaveBeenCalledWith("20261206-0002", "basically_satisfied");
    expect(wrapper.find('[data-testid="thanks"]').text()).toMatch(/感谢您的评价/);
    expect(wrapper.find('[data-testid="rated"]').text()).toBe("基本满意");
    expect(wrapper.find('[data-testid="rate-form"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it("keeps the choice and says why when the rating is refused", async () => {
    mine.mockResolvedValueOnce({ phone: "137****1111", appeals: [replied] });
    const wrapper = await mountMine();
    rate.mockRejectedValueOnce(new ApiError(409, "cannot_rate", "这件诉求已经评价过了，无需再次评价。"));
    await wrapper.find('[role="radio"][data-value="dissatisfied"]').trigger("click");
    await wrapper.find('[data-testid="rate-form"]').trigger("submit");
    await flushPromises();
    expect(wrapper.find('[data-testid="rate-form"]').text()).toContain("这件诉求已经评价过了");
    expect(wrapper.find('[role="radio"][data-value="dissatisfied"]').attributes("aria-checked")).toBe("true");
    expect(wrapper.find('[data-testid="thanks"]').text()).toBe("");
    wrapper.unmount();
  });
});
