// Scenario 3 — a consultation on the hotline, answered directly: registered, accepted at initial
// review, answered by the clerk without routing, the answer fed back and the appeal closed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { scenario } from "../lib/app.mjs";
import { act, fillDlg, offeredActions, registerOnForm, seedOffice, waitStatus } from "../lib/flows.mjs";

scenario(test, "03-consultation", "咨询：初审后直接答复并反馈", { seed: seedOffice() }, async (app) => {
  await app.signIn("jiedai");
  const reg = await registerOnForm(app, {
    channel: "hotline",
    name: "孙先生",
    phone: "0571-87654321",
    category: "consultation",
    subject: "咨询老旧小区加装电梯的补贴政策",
    content: "想了解本市老旧小区加装电梯有没有财政补贴，需要哪些材料，到哪里申请。",
  });
  app.log(`registered ${reg.regNumber}: ${reg.message}`);
  await waitStatus(app, "待初审");
  app.log("offered:", (await offeredActions(app)).join(", "));

  let msg = await act(app, "initialReview", async () => {
    await app.click("dlg-decision-accept");
    await app.select("dlg-category", "咨询");
  });
  app.log(msg);
  await app.waitText("detail-archive-number", /^ZX-\d{4}-\d+$/);
  const offered = await offeredActions(app);
  app.log("offered:", offered.join(", "));
  assert.ok(offered.includes("answerDirectly"), `直接答复 is offered for an accepted consultation (${offered})`);

  msg = await act(app, "answerDirectly", async () => {
    await fillDlg(app, "answer", "可申请加装电梯财政补贴，每台最高20万元；材料为业主同意书和设计方案，到所在街道住建窗口申请。");
  });
  app.log(msg);
  await waitStatus(app, "待反馈");

  msg = await act(app, "recordFeedback", async () => {
    await app.select("dlg-method", "电话");
    await fillDlg(app, "content", "电话告知补贴标准和申请材料。");
    await app.click("dlg-satisfaction-satisfied");
  });
  app.log(msg);
  const status = await app.waitText("detail-status", /已办结|跟踪落实/);
  app.log("status after feedback:", status);
  if (status.includes("跟踪落实")) {
    msg = await act(app, "close", async () => fillDlg(app, "summary", "已答复，诉求人满意。"));
    app.log(msg);
  }
  await waitStatus(app, "已办结");
  // No department was ever involved.
  await app.click("tab-timeline");
  const body = await app.waitBodyText("直接答复");
  assert.ok(!/分流至/.test(body), "the consultation was never routed");
});
