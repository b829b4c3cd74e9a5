import { beforeEach, describe, expect, it } from "vitest";
import { applyConnection, applyConnectionState, bannerText, connection, offline, stateText } from "./connection";

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
