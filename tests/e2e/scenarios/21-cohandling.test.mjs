// Scenario 21 — co-handling 会办: the appeals office routes a complaint to 城市管理局 (主办) with
// 交通运输局 assisting (协办) on its own part and deadline; the lead's plan dialog says it waits for
// that opinion; 交通运输局's handler finds the appeal under 协办事项 on the workbench and submits the
// opinion in the 会办 panel; then the lead's handler submits the plan.
import { test } from "node:test";
import assert from "node:assert/strict";
import { scenario, sleep } from "../lib/app.mjs";
import { act, fillDlg, openFromWorkbench, registerOnForm, seedOffice, waitStatus } from "../lib/flows.mjs";

/** A working day (Mon–Fri) about a week ahead, as YYYY-MM-DD (China time is close enough). */
function workingDayAhead(days = 7) {
  const d = new Date(Date.now() + days * 86400_000);
  while (d.getDay() === 0 || d.getDay() === 6) d.setDate(d.getDate() + 1);
  return d.toISOString().slice(0, 10);
}

scenario(test, "21-cohandling", "会办：主办部门与协办部门", { seed: seedOffice() }, async (app) => {
  await app.signIn("bangongshi");
  const reg = await registerOnForm(app, {
    channel: "walk_in",
    name: "孙先生",
    phone: "13700002222",
    category: "complaint",
    subject: "渣土车夜间经过小区噪音扰民",
    content: "每天夜里十一点后有大量渣土车从学院路小区门口经过，噪音很大，路面也被撒落的渣土弄脏。",
  });
  await act(app, "initialReview", () => app.click("dlg-decision-accept"));

  // 分流 with one assisting department, its part and deadline.
  const due = workingDayAhead();
  let msg = await act(app, "route", async () => {
    await app.select("dlg-departmentId", "城市管理局");
    await fillDlg(app, "note", "请会同交通运输局办理。");
    await app.click("assist-add");
    await app.select("assist-dept-0", "交通运输局");
    await app.type("assist-part-0", "核实渣土车夜间通行情况，提出通行时段管控意见。");
    const dateInput = await app.el("[data-testid=assist-due-0] input");
    await app.click(dateInput);
    await dateInput.sendKeys(due, app.Key.ENTER);
    await sleep(300);
    assert.equal(await dateInput.getAttribute("value"), due);
  });
  app.log(msg);
  assert.match(msg, /城市管理局/);
  assert.match(msg, /协办部门：交通运输局/);
  await waitStatus(app, "办理中");
  await app.waitText("cohandling-lead", "城市管理局");
  await app.waitText("cohandling-dept", "交通运输局");
  await app.waitText("cohandling-state", "待提交");
  await app.waitText("cohandling-pending", "交通运输局");

  // The lead's handler: the plan dialog names the missing opinion (no override for a handler).
  await app.switchUser("cg_cbr");
  await openFromWorkbench(app, reg.regNumber);
  await app.click("action-submitPlan");
  await app.el("action-dialog");
  const gate = await app.waitText("assist-gate-text", /交通运输局/);
  app.log("gate:", gate);
  assert.match(gate, /诉求管理员/);
  assert.equal(await app.has("assist-gate-override"), false);
  await app.click("dlg-cancel");
  await app.gone("action-dialog");

  // 交通运输局's handler: 协办事项 on the workbench, the opinion in the 会办 panel.
  await app.switchUser("jt_cbr");
  await app.nav("workbench");
  await app.waitText("wb-assists", reg.regNumber, 15000);
  await app.click(await app.elByText(reg.regNumber, { within: "wb-assists" }));
  await app.waitText("detail-reg-number", reg.regNumber, 15000);
  await app.dismissMessages();
  await app.click("[data-testid^=cohandling-submit-]");
  await app.el("action-dialog");
  await fillDlg(app, "opinion", "已将渣土车通行时段调整为6时至22时，并安排夜间巡查。");
  await app.click("dlg-submit");
  msg = await app.waitMessage(/协办意见已提交/, { type: "success" });
  app.log(msg);
  await app.gone("action-dialog");
  await app.waitText("cohandling-state", "已提交");
  await app.waitText("cohandling-opinion", /6时至22时/);
  await app.screenshot("21-cohandling-panel");

  // The lead's handler now submits the plan.
  await app.switchUser("cg_cbr");
  await openFromWorkbench(app, reg.regNumber);
  msg = await act(app, "submitPlan", async () => {
    assert.equal(await app.has("assist-gate"), false);
    await fillDlg(app, "factsFound", "经核实，渣土车夜间经学院路运输属实。");
    await fillDlg(app, "responsibleParty", "某渣土运输有限公司");
    await fillDlg(app, "measures", "按交通运输局意见限制通行时段，城管中队每晚巡查撒落。");
  });
  app.log(msg);
  assert.match(msg, /处理方案已提交/);
  await waitStatus(app, "待审核");
  await app.click("tab-timeline");
  await app.waitBodyText("提交协办意见");
});
