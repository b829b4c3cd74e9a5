// The top bar in 联网 mode names the server by host and port with its state, the full address in
// the tooltip, and marks itself so that a narrow window gives the roles' words up first; in 单机
// mode there is no server and nothing gives way.
import { mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryHistory, createRouter } from "vue-router";
import type { SessionInfo } from "../bindings/SessionInfo";
import { applyConnection } from "../lib/connection";
import { setSession } from "../lib/session";
import TopBar from "./TopBar.vue";

const head: SessionInfo = {
  userId: 5,
  username: "wang",
  displayName: "王建国",
  departmentId: 3,
  departmentName: "城市管理局",
  roles: ["department_head"],
  agreementSignedOn: null,
  orgName: "某市民意诉求管理办公室",
  permissions: ["viewAppeal"],
};

function bar() {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: "/", component: { template: "<div />" } }] });
  return mount(TopBar, { global: { plugins: [ElementPlus, router], stubs: { ReminderBell: true } } });
}

afterEach(() => setSession(null));

describe("the top bar", () => {
  it("shows the office server as host and port with its state", () => {
    applyConnection({ mode: "office", chosen: true, server: "https://192.168.1.10:8443", fingerprint: "AB12", state: "connected", needsAdmin: false });
    setSession(head);
    const w = bar();
    const server = w.get('[data-testid="topbar-server"]');
    expect(server.text()).toBe("服务器 192.168.1.10:8443已连接");
    expect(server.attributes("title")).toBe("办公室服务器 https://192.168.1.10:8443");
    expect(w.classes()).toContain("top-bar--office");
    expect(w.get('[data-testid="topbar-department"]').text()).toBe("城市管理局");
    w.unmount();
  });

  it("has no server and nothing to give way in 单机 mode", () => {
    applyConnection({ mode: "standalone", chosen: true, server: null, fingerprint: null, state: null, needsAdmin: false });
    setSession(head);
    const w = bar();
    expect(w.find('[data-testid="topbar-server"]').exists()).toBe(false);
    expect(w.classes()).not.toContain("top-bar--office");
    w.unmount();
  });
});
