// The first start asks where this desktop works before anything else.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("vue-router", () => ({ useRouter: () => ({ replace: vi.fn() }) }));
vi.mock("../api/connection", () => ({
  connectionInfo: vi.fn(),
  workLocally: vi.fn(),
  probeServer: vi.fn(),
  trustServer: vi.fn(),
}));

import { connectionInfo, workLocally } from "../api/connection";
import SetupView from "./SetupView.vue";

const standalone = { mode: "standalone", chosen: true, server: null, fingerprint: null, state: null, needsAdmin: false } as const;

describe("first start", () => {
  beforeEach(() => vi.clearAllMocks());

  it("asks 单机 or 联网 first, and 单机 leads to the organisation's set-up", async () => {
    vi.mocked(connectionInfo).mockResolvedValue({ ...standalone, chosen: false });
    vi.mocked(workLocally).mockResolvedValue(standalone);
    const w = mount(SetupView, { global: { plugins: [ElementPlus] } });
    await flushPromises();
    expect(w.find('[data-testid="setup-choose-local"]').text()).toBe("单机使用（数据保存在本机）");
    expect(w.find('[data-testid="setup-choose-server"]').text()).toBe("连接办公室服务器");
    expect(w.find('[data-testid="setup-org-name"]').exists()).toBe(false);

    await w.find('[data-testid="setup-choose-local"]').trigger("click");
    await flushPromises();
    expect(workLocally).toHaveBeenCalled();
    expect(w.find('[data-testid="setup-org-name"]').exists()).toBe(true);
  });

  it("connecting asks for the server's address", async () => {
    vi.mocked(connectionInfo).mockResolvedValue({ ...standalone, chosen: false });
    const w = mount(SetupView, { global: { plugins: [ElementPlus] } });
    await flushPromises();
    await w.find('[data-testid="setup-choose-server"]').trigger("click");
    expect(w.find('[data-testid="setup-server-address"]').exists()).toBe(true);
    expect(w.find('[data-testid="setup-org-name"]').exists()).toBe(false);
  });

  it("goes straight to the set-up when 单机 was chosen before", async () => {
    vi.mocked(connectionInfo).mockResolvedValue(standalone);
    const w = mount(SetupView, { global: { plugins: [ElementPlus] } });
    await flushPromises();
    expect(w.find('[data-testid="setup-org-name"]').exists()).toBe(true);
  });
});
