// Scenario 4 — a mis-routed appeal: routed to the wrong department, returned by its handler with
// a reason, re-routed by the appeals office, and then in the right department's queue.
import { test } from "node:test";
import assert from "node:assert/strict";
import { scenario } from "../lib/app.mjs";
import { act, fillDlg, openFromWorkbench, registerOnForm, seedOffice, waitStatus } from "../lib/flows.mjs";

scenario(test, "04-misrouted", "分流有误：退回后重新分流", { seed: seedOffice() }, async (app) => {
  await app.signIn("bangongshi");
  const reg = await registerOnForm(app, {
    channel: "walk_in",
    name: "钱女士",
    phone: "13600001111",
    category: "complaint",
    subject: "人行道上的共享单车长期堆放无人清理",
    content: "学院路地铁站出口人行道上堆放大量共享单车，行人只能走机动车道，很危险。",
  });
  await act(app, "initialReview", () => app.click("dlg-decision-accept"));
  // Wrongly routed to 生态环境局.
  let msg = await act(app, "route", () => app.select("dlg-departmentId", "生态环境局"));
  assert.match(msg, /生态环境局/);
  await waitStatus(app, "办理中");

  // 生态环境局's handler returns it: not their duty.
  await app.switchUser("hb_cbr");
  await openFromWorkbench(app, reg.regNumber);
  msg = await act(app, "returnMisrouted", () =>
    fillDlg(app, "reason", "共享单车停放管理属于城市管理部门职责，不属于生态环境局。"),
  );
  app.log(msg);
  // Gone from 生态环境局's queue.
  await app.nav("workbench");
  await app.waitBodyText(/暂无待办|没有/);
  assert.ok(!(await app.driver.executeScript("return document.body.innerText")).includes(reg.regNumber));

  // The appeals office sees it back with the reason and routes it to 城市管理局.
  await app.switchUser("bangongshi");
  await openFromWorkbench(app, reg.regNumber);
  await waitStatus(app, "待分流");
  await app.click("tab-timeline");
  await app.waitBodyText("不属于生态环境局");
  msg = await act(app, "route", async () => {
    await app.select("dlg-departmentId", "城市管理局");
    await fillDlg(app, "note", "原分流有误，请城市管理局办理。");
  });
  app.log(msg);
  assert.match(msg, /城市管理局/);
  await waitStatus(app, "办理中");

  // Now in 城市管理局's queue.
  await app.switchUser("cg_cbr");
  await openFromWorkbench(app, reg.regNumber);
  const offered = await app.text("detail-actions");
  assert.match(offered, /提交处理方案/);
});
