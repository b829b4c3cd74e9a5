import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("./notify", () => ({ showSuccess: vi.fn() }));
const { showSuccess } = await import("./notify");
const { applyConnection, applyConnectionState, bannerText, connection, offline, serverShort, stateText } = await import("./connection");

describe("the connection to the office server", () => {
  beforeEach(() =>
    applyConnection({ mode: "office", chosen: true, server: "https://192.168.1.10:8443", fingerprint: "AB12 CD34", state: "connected", needsAdmin: false }),
  );

  it("disables writing while the server does not answer, and enables it again", () => {
    expect(offline.value).toBe(false);
    applyConnectionState("reconnecting");
    expect(offline.value).toBe(true);
    expect(bannerText()).toContain("正在重新连接");
    applyConnectionState("unreachable");
    expect(bannerText()).toContain("无法连接办公室服务器 https://192.168.1.10:8443");
    expect(bannerText()).toContain("已填写的内容会保留");
    expect(stateText(connection.state)).toBe("无法连接");
    applyConnectionState("connected");
    expect(offline.value).toBe(false);
    expect(stateText(connection.state)).toBe("已连接");
  });

  it("shows the server in the top bar as host and port", () => {
    expect(serverShort("https://192.168.1.10:8443")).toBe("192.168.1.10:8443");
    expect(serverShort("https://minyi.office.example/")).toBe("minyi.office.example");
    expect(serverShort("http://127.0.0.1:8080")).toBe("127.0.0.1:8080");
    expect(serverShort(null)).toBe("");
  });

  it("says so when the server answers again, and only then", () => {
    vi.mocked(showSuccess).mockClear();
    applyConnectionState("connected");
    expect(showSuccess).not.toHaveBeenCalled();
    applyConnectionState("reconnecting");
    applyConnectionState("unreachable");
    expect(showSuccess).not.toHaveBeenCalled();
    applyConnectionState("connected");
    expect(showSuccess).toHaveBeenCalledTimes(1);
    expect(showSuccess).toHaveBeenCalledWith("已重新连接办公室服务器 https://192.168.1.10:8443。");
  });

  it("warns of a changed certificate, never accepting it", () => {
    applyConnectionState("untrusted");
    expect(offline.value).toBe(true);
    expect(stateText(connection.state)).toBe("证书不符");
    expect(bannerText()).toContain("证书与本机信任的不一致");
  });

  it("never shows a connection state in 单机 mode", () => {
    applyConnection({ mode: "standalone", chosen: true, server: null, fingerprint: null, state: null, needsAdmin: false });
    applyConnectionState("unreachable");
    expect(connection.state).toBeNull();
    expect(offline.value).toBe(false);
  });
});
