// 设置 › 使用方式: an administrator switches between 单机 and 联网; the local database is kept.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus, { ElMessageBox } from "element-plus";
import { beforeEach, describe, expect, it, vi } from "vitest";

const replace = vi.fn();
vi.mock("vue-router", () => ({ useRouter: () => ({ replace }) }));
vi.mock("../../api/connection", () => ({ workLocally: vi.fn(), probeServer: vi.fn(), trustServer: vi.fn() }));
vi.mock("../../lib/session", () => ({ loadAppStatus: vi.fn(), setSession: vi.fn() }));

import { workLocally } from "../../api/connection";
import { applyConnection, connection } from "../../lib/connection";
import { setSession } from "../../lib/session";
import ConnectionTab from "./ConnectionTab.vue";

const standalone = { mode: "standalone", chosen: true, server: null, fingerprint: null, state: null, needsAdmin: false } as const;

describe("使用方式", () => {
  beforeEach(() => vi.clearAllMocks());

  it("switches a 联网 desktop back to 单机 after a confirmation saying nothing is deleted", async () => {
    applyConnection({ mode: "office", chosen: true, server: "https://192.168.1.10:8443", fingerprint: "AB12 CD34", state: "connected", needsAdmin: false });
    const confirm = vi.spyOn(ElMessageBox, "confirm").mockResolvedValue("confirm" as never);
    vi.mocked(workLocally).mockResolvedValue(standalone);
    const w = mount(ConnectionTab, { global: { plugins: [ElementPlus] } });
    expect(w.text()).toContain("https://192.168.1.10:8443");
    await w.find('[data-testid="settings-use-local"]').trigger("click");
    await flushPromises();
    expect(String(confirm.mock.calls[0][0])).toContain("本机数据库不会被删除");
    expect(workLocally).toHaveBeenCalled();
    expect(connection.mode).toBe("standalone");
    expect(setSession).toHaveBeenCalledWith(null);
    expect(replace).toHaveBeenCalledWith("/sign-in");
  });

  it("offers to connect a 单机 desktop to the office server", async () => {
    applyConnection(standalone);
    const w = mount(ConnectionTab, { global: { plugins: [ElementPlus] } });
    expect(w.find('[data-testid="settings-connection-mode"]').text()).toContain("单机使用");
    await w.find('[data-testid="settings-connect-server"]').trigger("click");
    expect(w.find('input[data-testid="setup-server-address"]').exists()).toBe(true);
  });
});
