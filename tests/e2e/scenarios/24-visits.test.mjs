// Scenario 24 — issue 20 §9 and §12: a walk-in complaint registered with an attachment picked on
// the form (the file dialog's answer queued, as WebDriver cannot reach the system dialog) shows
// it on the detail page; the result offers 打印受理回执. The complaint is closed (not accepted,
// the appellant told and satisfied) and so enters the 回访 queue: an unreached call, then a
// reached one with 满意, and the visit is listed as 已回访.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { scenario } from "../lib/app.mjs";
import { act, fillDlg, seedOffice, waitStatus } from "../lib/flows.mjs";

async function answerDialog(app, answer) {
  await app.driver.executeScript("(window.__MINYI_E2E_DIALOG_ANSWERS__ ||= []).push(arguments[0])", answer);
}

scenario(test, "24-visits", "登记带附件、回访（未联系上一次，再联系上满意）", { seed: seedOffice() }, async (app) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "minyi-e2e-24-"));
  const letter = path.join(dir, "来信扫描.pdf");
  fs.writeFileSync(letter, "%PDF-1.4\n% 来信扫描件（测试）\n");

  await app.signIn("bangongshi");
  await app.nav("register");
  await app.click("reg-channel-walk_in");
  await app.type("reg-name", "周女士");
  await app.type("reg-phone", "13912345678");
  await app.click("reg-category-complaint");
  await app.type("reg-subject", "小区门口夜市油烟扰民");
  await app.type("reg-content", "小区门口夜市每晚营业到凌晨，油烟和噪音很大，附来信扫描件。");
  await answerDialog(app, letter);
  await app.click("reg-attachments-pick");
  await app.waitText("reg-attachments-pending", "来信扫描.pdf");
  await app.click("reg-save");
  const saved = await app.waitMessage(/登记/, { type: "success", timeout: 15000 });
  app.log(saved);
  assert.match(saved, /已添加 1 个附件/);
  const regNumber = (await app.text("reg-result-number")).trim();
  await app.waitText("reg-attachments", "来信扫描.pdf");
  assert.ok(await app.has("reg-print-receipt"), "打印受理回执 is offered right after saving");

  await app.click("reg-view");
  await app.waitText("detail-reg-number", regNumber, 15000);
  await app.click("tab-attachments");
  await app.waitText("attachments", "来信扫描.pdf");

  // Closed: not accepted, the appellant told, satisfied.
  app.log(await act(app, "initialReview", async () => {
    await app.click("dlg-decision-reject");
    await fillDlg(app, "reason", "夜市经营不属于本单位受理范围，已告知向市场监管部门反映。");
  }));
  await waitStatus(app, "不予受理待告知");
  app.log(await act(app, "recordFeedback", async () => {
    await app.select("dlg-method", "电话");
    await fillDlg(app, "content", "电话告知不予受理的理由和应向哪个部门反映。");
    await app.click("dlg-satisfaction-satisfied");
  }));
  await waitStatus(app, "已办结");

  // 回访: the closed complaint is in the queue, with the phone (the office member signed the agreement).
  await app.nav("visits");
  await app.waitText("visits-table", regNumber, 15000);
  assert.equal((await app.text("visits-row-phone")).trim(), "13912345678");
  await app.click("visits-row-call");
  await app.click("visits-reached-no");
  await app.type("visits-remark", "无人接听");
  await app.click("visits-save");
  app.log(await app.waitMessage(/未联系上/, { type: "success", timeout: 15000 }));
  await app.dismissMessages();
  await app.waitText("visits-row-attempts", "1 次（未联系上 1 次）");
  await app.screenshot("24-visits-open");

  await app.click("visits-row-call");
  await app.click("visits-reached-yes");
  await app.click("visits-satisfaction-satisfied");
  await app.click("visits-save");
  app.log(await app.waitMessage(/回访已完成：满意/, { type: "success", timeout: 15000 }));
  await app.waitText("visits-total", "共 0 件");
  await app.click("visits-status-completed");
  await app.waitText("visits-row-result", "满意");
  await app.waitText("visits-row-attempts", "2 次（未联系上 1 次）");
  await app.screenshot("24-visits");
});
