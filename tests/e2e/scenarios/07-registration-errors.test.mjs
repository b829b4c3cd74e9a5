// Scenario 7 — registration with a bad phone number and a missing required field: each message
// appears under its own field, everything typed stays, and once corrected the appeal is saved.
import { test } from "node:test";
import assert from "node:assert/strict";
import { scenario } from "../lib/app.mjs";
import { seedOffice } from "../lib/flows.mjs";

scenario(test, "07-registration-errors", "登记：电话号码错误和必填项缺失", { seed: seedOffice() }, async (app) => {
  await app.signIn("jiedai");
  await app.nav("register");
  await app.click("reg-channel-walk_in");
  await app.type("reg-name", "周先生");
  await app.type("reg-phone", "1381234");
  await app.type("reg-address", "云江市学院路88号");
  await app.click("reg-category-complaint");
  await app.type("reg-subject", "菜市场周边占道经营");
  // Content left empty.

  // Leaving the phone field marks it (Rust's verdict through check_registration, a moment later).
  await app.blur("reg-phone");
  const phoneError = await app.waitText("reg-error-appellant-phone", /电话|号码/);
  app.log("phone:", phoneError);
  assert.equal(await app.fieldError("reg-phone"), phoneError, "the phone message sits under the phone field");

  // Saving refuses, marks the empty content and keeps everything typed.
  await app.click("reg-save");
  const warning = await app.waitMessage(/未填好|改正/, { type: "warning" });
  app.log("save:", warning);
  const contentError = await app.waitText("reg-error-content", /内容/);
  app.log("content:", contentError);
  assert.equal(await app.fieldError("reg-content"), contentError, "the content message sits under the content field");
  assert.ok(await app.has("reg-error-appellant-phone"), "the phone message is still shown");
  assert.ok(!(await app.has("reg-error-appellant-name")), "no message under a good field");
  assert.ok(!(await app.has("reg-result")), "nothing was registered");
  assert.equal(await app.value("reg-name"), "周先生");
  assert.equal(await app.value("reg-phone"), "1381234");
  assert.equal(await app.value("reg-address"), "云江市学院路88号");
  assert.equal(await app.value("reg-subject"), "菜市场周边占道经营");
  const active = await app.driver.executeScript("return document.activeElement && document.activeElement.dataset.testid");
  app.log("focus after save:", active);

  // Corrected: the messages go and the appeal is saved.
  await app.type("reg-phone", "13812345678");
  await app.blur("reg-phone");
  await app.gone("reg-error-appellant-phone");
  await app.type("reg-content", "菜市场门口每天早上摊贩占道，车辆无法通行。");
  await app.blur("reg-content");
  await app.gone("reg-error-content");
  await app.click("reg-save");
  const ok = await app.waitMessage(/登记成功/, { type: "success", timeout: 15000 });
  app.log(ok);
  assert.match(await app.text("reg-result-number"), /^\d{8}-\d{4,}$/);
});
