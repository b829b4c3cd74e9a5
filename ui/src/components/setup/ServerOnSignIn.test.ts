// Sign-in in 联网 mode shows the server and its state, and offers a way out of a refused server.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { beforeEach, describe, expect, it, vi } from "vitest";

const replace = vi.fn();
vi.mock("vue-router", () => ({ useRouter: () => ({ replace }) }));
vi.mock("../../api/connection", () => ({ workLocally: vi.fn(), probeServer: vi.fn(), trustServer: vi.fn() }));
vi.mock("../../lib/session", () => ({ loadAppStatus: vi.fn() }));

import { workLocally } from "../../api/connection";
import { ApiError } from "../../api/core";
import { applyConnection } from "../../lib/connection";
import ServerOnSignIn from "./ServerOnSignIn.vue";

describe("the server on the sign-in screen", () => {
  beforeEach(() => vi.clearAllMocks());

  it("shows a refused certificate and lets the user reconnect or go back to 单机", async () => {
    applyConnection({ mode: "office", chosen: true, server: "https://192.168.1.10:8443", fingerprint: "AB12", state: "untrusted", needsAdmin: false });
    vi.mocked(workLocally).mockResolvedValue({ mode: "standalone", chosen: true, server: null, fingerprint: null, state: null, needsAdmin: false });
    const w = mount(ServerOnSignIn, { global: { plugins: [ElementPlus] } });
    expect(w.text()).toContain("https://192.168.1.10:8443");
    expect(w.find('[data-testid="signin-connection-state"]').text()).toContain("证书不符");
    await w.find('[data-testid="signin-change-server"]').trigger("click");
    expect(w.find('input[data-testid="setup-server-address"]').exists()).toBe(true);
    await w.find('[data-testid="signin-use-local"]').trigger("click");
    await flushPromises();
    expect(workLocally).toHaveBeenCalledWith(null);
    expect(replace).toHaveBeenCalledWith("/");
    expect(w.find('[data-testid="signin-server"]').exists()).toBe(false);
  });

  it("asks this computer's administrator before going back to 单机, keeping the input on refusal", async () => {
    applyConnection({ mode: "office", chosen: true, server: "https://192.168.1.10:8443", fingerprint: "AB12", state: "unreachable", needsAdmin: true });
    vi.mocked(workLocally).mockRejectedValue(new ApiError("auth", "用户名或密码不正确。"));
    const w = mount(ServerOnSignIn, { global: { plugins: [ElementPlus] } });
    await w.find('[data-testid="signin-change-server"]').trigger("click");
    await w.find('input[data-testid="admin-consent-username"]').setValue("admin");
    await w.find('input[data-testid="admin-consent-password"]').setValue("wrong");
    await w.find('[data-testid="signin-use-local"]').trigger("click");
    await flushPromises();
    expect(workLocally).toHaveBeenCalledWith({ username: "admin", password: "wrong" });
    expect(replace).not.toHaveBeenCalled();
    expect(w.find('input[data-testid="admin-consent-username"]').element).toHaveProperty("value", "admin");
  });

  it("shows nothing in 单机 mode", () => {
    applyConnection({ mode: "standalone", chosen: true, server: null, fingerprint: null, state: null, needsAdmin: false });
    const w = mount(ServerOnSignIn, { global: { plugins: [ElementPlus] } });
    expect(w.find('[data-testid="signin-server"]').exists()).toBe(false);
  });
});
