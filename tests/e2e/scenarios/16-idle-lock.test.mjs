// Scenario 16 — the idle lock of the window: the administrator sets it to one minute in 设置; a
// clerk begins a registration and leaves the desk; about a minute later the window locks over the
// form (Rust refuses every call meanwhile); a wrong password is refused, the right one opens the
// form as it was; the top bar's 锁定 locks at once and 切换用户 on the lock screen signs out; the
// administrator finds the lock and the unlocks in 安全日志. Screenshot: output/idle-lock.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO_PASSWORD, scenario, tid } from "../lib/app.mjs";
import { seedOffice } from "../lib/flows.mjs";

scenario(
  test,
  "16-idle-lock",
  "无操作自动锁定窗口：锁定后页面和已填内容保留，输错密码计次，输入本人密码解锁，切换用户",
  { seed: seedOffice() },
  async (app) => {
    await app.signIn("admin");
    await app.nav("settings");
    await app.click("settings-tab-org");
    await app.type(tid("setting-lockout.idle_lock_minutes"), "1");
    await app.click("settings-save");
    await app.waitMessage(/已保存：无操作自动锁定窗口/, { type: "success" });

    // A clerk begins a registration and leaves the desk.
    await app.switchUser("jiedai");
    await app.nav("register");
    await app.click("reg-channel-walk_in");
    await app.type("reg-name", "周先生");
    await app.type("reg-subject", "菜市场周边占道经营");
    const typedAt = Date.now();
    // One minute after the last input reached Rust (input is reported at most every half minute).
    await app.el("idle-lock", { timeout: 120_000 });
    app.log(`locked ${Math.round((Date.now() - typedAt) / 1000)} s after the last typing`);
    await app.waitText("idle-lock", /窗口已锁定/);
    assert.match(await app.text("idle-lock-user"), /（jiedai）/);
    await app.screenshot("idle-lock");

    // A wrong password is refused (and counted); the right one opens the form as it was.
    await app.type("idle-lock-password", "wrong-password", { enter: true });
    await app.waitText("idle-lock-error", /密码不正确/);
    await app.type("idle-lock-password", DEMO_PASSWORD, { enter: true });
    await app.gone("idle-lock");
    assert.equal(await app.value("reg-name"), "周先生");
    assert.equal(await app.value("reg-subject"), "菜市场周边占道经营");

    // Locked by hand from the top bar; 切换用户 on the lock screen goes to sign-in.
    await app.click("lock-window");
    await app.el("idle-lock");
    await app.click("idle-lock-switch");
    await app.el("signin-username", { timeout: 15000 });

    await app.signIn("admin");
    await app.nav("audit");
    await app.waitText("audit-security-table", /窗口自动锁定/, 15000);
    await app.waitText("audit-security-table", /解锁窗口失败/);
    await app.waitText("audit-security-table", /解锁窗口/);
  },
);
