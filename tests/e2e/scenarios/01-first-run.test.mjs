// Scenario 1 — first run: an empty data directory asks 单机 or 联网; 单机 shows the set-up form;
// completing it signs the administrator in, the workbench is shown and the window title names the
// user.
import { test } from "node:test";
import assert from "node:assert/strict";
import { scenario } from "../lib/app.mjs";
import { nativeWindowTitles } from "../lib/x11.mjs";

scenario(test, "01-first-run", "首次使用：设置单位和管理员后进入工作台", async (app) => {
  await app.waitText("page-title", "首次使用设置");
  assert.equal(await app.route(), "/setup");
  await app.click("setup-choose-local");

  await app.type("setup-org-name", "云江市民意诉求管理办公室");
  assert.equal(await app.value("setup-username"), "admin", "the login name is prefilled");
  await app.type("setup-username", "zhuren");
  await app.type("setup-display-name", "周主任");
  await app.type("setup-password", "yunjiang2026");
  await app.type("setup-confirm", "yunjiang2026");
  await app.click("setup-submit");

  await app.el("view-workbench", { timeout: 15000 });
  await app.waitText("page-title", "工作台");
  await app.waitText("topbar-user", "周主任");
  await app.waitText("topbar-org", "云江市民意诉求管理办公室");
  await app.driver.wait(async () => (await app.title()).includes("周主任"), 5000).catch(() => {});
  const title = await app.title();
  assert.match(title, /民意诉求管理系统/);
  assert.match(title, /周主任/, `window title ${JSON.stringify(title)} names the user`);
  const native = await nativeWindowTitles(app.display);
  app.log("window title:", title, "| X11 window names:", JSON.stringify(native));
  if (native !== null) {
    assert.ok(native.some((t) => t.includes("周主任")), `native window title names the user: ${JSON.stringify(native)}`);
  }
});
