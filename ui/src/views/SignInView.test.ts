// The sign-in screen asks for the frame's chunks once it is shown (router/prefetch.test.ts checks
// what that loads), so that signing in only waits for the user's tasks.
import { mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { describe, expect, it, vi } from "vitest";

vi.mock("vue-router", () => ({ useRoute: () => ({ query: {} }), useRouter: () => ({}) }));
vi.mock("../router", () => ({ prefetchHome: vi.fn() }));

import { prefetchHome } from "../router";
import SignInView from "./SignInView.vue";

describe("sign-in", () => {
  it("prefetches the frame after it is shown", async () => {
    const w = mount(SignInView, { global: { plugins: [ElementPlus] } });
    expect(w.find('[data-testid="signin-username"]').exists()).toBe(true);
    await vi.waitFor(() => expect(prefetchHome).toHaveBeenCalledTimes(1));
    w.unmount();
  });
});
