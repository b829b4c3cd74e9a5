// Connecting to the office server: the fingerprint the server presented is shown for comparison,
// and only the user's confirmation trusts it.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { beforeEach, describe, expect, it, vi } from "vitest";

const replace = vi.fn();
vi.mock("vue-router", () => ({ useRouter: () => ({ replace }) }));
vi.mock("../../api/connection", () => ({ probeServer: vi.fn(), trustServer: vi.fn() }));
vi.mock("../../lib/session", () => ({ loadAppStatus: vi.fn() }));

import { probeServer, trustServer } from "../../api/connection";
import { ApiError } from "../../api/core";
import { applyConnection, connection } from "../../lib/connection";
import { loadAppStatus } from "../../lib/session";
import ConnectServer from "./ConnectServer.vue";

const FINGERPRINT = "3F9A 2C41 " + "AB12 ".repeat(13) + "CD34";

function connectTo(address: string) {
  const w = mount(ConnectServer, { global: { plugins: [ElementPlus] } });
  return (async () => {
    await w.find('input[data-testid="setup-server-address"]').setValue(address);
    await w.find('[data-testid="setup-server-probe"]').trigger("click");
    await flushPromises();
    return w;
  })();
}

describe("connecting to the office server", () => {
  beforeEach(() => vi.clearAllMocks());

  it("shows the presented fingerprint and trusts it only when confirmed", async () => {
    vi.mocked(probeServer).mockResolvedValue({ server: "https://192.168.1.10:8443", fingerprint: FINGERPRINT });
    vi.mocked(trustServer).mockResolvedValue({
      mode: "office",
      chosen: true,
      server: "https://192.168.1.10:8443",
      fingerprint: FINGERPRINT,
      state: "connected",
      needsAdmin: false,
    });
    vi.mocked(loadAppStatus).mockResolvedValue({ needsSetup: false, orgName: "某市", session: null, dataDir: null });
    const w = await connectTo(" https://192.168.1.10:8443 ");
    expect(probeServer).toHaveBeenCalledWith("https://192.168.1.10:8443");
    expect(w.find('[data-testid="setup-fingerprint"]').text()).toBe(FINGERPRINT);
    expect(w.text()).toContain("请与服务器管理员念出");
    expect(trustServer).not.toHaveBeenCalled();

    await w.find('[data-testid="setup-server-trust"]').trigger("click");
    await flushPromises();
    expect(trustServer).toHaveBeenCalledWith("https://192.168.1.10:8443", FINGERPRINT, null);
    expect(replace).toHaveBeenCalledWith("/sign-in");
    expect(w.find('[data-testid="admin-consent"]').exists()).toBe(false);
  });

  it("asks the server's administrator when the desk is not at its first start", async () => {
    applyConnection({ ...connection, needsAdmin: true });
    vi.mocked(probeServer).mockResolvedValue({ server: "https://192.168.1.10:8443", fingerprint: FINGERPRINT });
    vi.mocked(trustServer).mockRejectedValue(new ApiError("forbidden", "该账号不是管理员，不能更改这台电脑的使用方式。请由管理员填写。"));
    const w = await connectTo("https://192.168.1.10:8443");
    await w.find('input[data-testid="admin-consent-username"]').setValue("wangwu");
    await w.find('input[data-testid="admin-consent-password"]').setValue("Clerk-2026");
    await w.find('[data-testid="setup-server-trust"]').trigger("click");
    await flushPromises();
    expect(trustServer).toHaveBeenCalledWith("https://192.168.1.10:8443", FINGERPRINT, { username: "wangwu", password: "Clerk-2026" });
    expect(w.find('[data-testid="setup-error"]').text()).toContain("不是管理员");
    expect(w.find('input[data-testid="admin-consent-username"]').element).toHaveProperty("value", "wangwu");
    expect(replace).not.toHaveBeenCalled();
    applyConnection({ ...connection, needsAdmin: false });
  });

  it("says in Chinese when the server cannot be reached, and trusts nothing", async () => {
    vi.mocked(probeServer).mockRejectedValue(
      new ApiError("unreachable", "无法连接办公室服务器 https://10.0.0.9:8443。请检查网络和服务器地址；服务器可能正在重启，请稍后重试。"),
    );
    const w = await connectTo("https://10.0.0.9:8443");
    expect(w.find('[data-testid="setup-error"]').text()).toContain("无法连接办公室服务器");
    expect(w.find('[data-testid="setup-fingerprint-box"]').exists()).toBe(false);
    expect(trustServer).not.toHaveBeenCalled();
  });

  it("does not go to sign-in when the server's office is not set up yet", async () => {
    vi.mocked(probeServer).mockResolvedValue({ server: "https://192.168.1.10:8443", fingerprint: FINGERPRINT });
    vi.mocked(trustServer).mockResolvedValue({
      mode: "office",
      chosen: true,
      server: "https://192.168.1.10:8443",
      fingerprint: FINGERPRINT,
      state: "connected",
      needsAdmin: false,
    });
    vi.mocked(loadAppStatus).mockResolvedValue({ needsSetup: true, orgName: "", session: null, dataDir: null });
    const w = await connectTo("https://192.168.1.10:8443");
    await w.find('[data-testid="setup-server-trust"]').trigger("click");
    await flushPromises();
    expect(w.find('[data-testid="setup-error"]').text()).toContain("尚未完成首次设置");
    expect(replace).not.toHaveBeenCalled();
  });
});
