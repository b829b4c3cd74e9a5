// Scenario 23 — the bell and 常用语 (issue 20 §8, §11): the appeals office routes a complaint to
// 城市管理局; its handler signs in, the bell in the top bar counts the new task, the reminder opens
// the appeal; in the plan dialog the handler inserts one of the demo office's stock texts with the
// 常用语 button, submits the plan, and 全部已读 empties the badge. A desktop notification sent on a
// machine without a notification service (this headless run) returns at once and breaks nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { scenario } from "../lib/app.mjs";
import { act, fillDlg, registerOnForm, seedOffice, waitStatus } from "../lib/flows.mjs";

scenario(test, "23-bell-phrases", "提醒与常用语：分流后承办人的铃铛提醒并打开诉求，处理方案插入常用语", { seed: seedOffice() }, async (app) => {
  await app.signIn("bangongshi");
  const reg = await registerOnForm(app, {
    channel: "walk_in",
    name: "孙先生",
    phone: "13700002222",
    category: "complaint",
    subject: "学院路餐馆油烟直排影响居民",
    content: "学院路52号一楼餐馆的油烟直接排到楼道里，楼上住户窗户都不敢开。",
  });
  await act(app, "initialReview", () => app.click("dlg-decision-accept"));
  await act(app, "route", () => app.select("dlg-departmentId", "城市管理局"));
  await waitStatus(app, "办理中");

  // 城市管理局's handler: the bell counts the new task and opens the appeal.
  await app.switchUser("cg_cbr");
  await app.waitText("bell-badge", /[1-9]/, 15000);
  await app.click("bell");
  const item = await app.el(`bell-item-${reg.id}`, { timeout: 15000 });
  assert.match(await app.textOf(item), /新任务[\s\S]*分流：待制定处理方案/);
  assert.ok((await item.getAttribute("class")).includes("is-unread"));
  await app.screenshot("23-bell-phrases-bell");
  await app.click(item);
  await app.waitText("detail-reg-number", reg.regNumber, 15000);

  // The plan dialog: 常用语 beside 处理措施 inserts the demo office's complaint text.
  const msg = await act(app, "submitPlan", async () => {
    await fillDlg(app, "factsFound", "经现场核查，该餐馆未安装油烟净化设施，油烟经楼道窗口直排。");
    await fillDlg(app, "responsibleParty", "学院路52号一楼餐馆经营者");
    await app.click("dlg-measures-stock");
    const pick = await app.elByText("责令整改", { within: "dlg-measures-stock-list", timeout: 15000 });
    await app.click(pick);
    await app.driver.wait(async () => /责令责任单位立即整改/.test(await app.value("dlg-measures")), 5000, "the stock text was not inserted");
    await app.screenshot("23-bell-phrases-picker");
  });
  app.log(msg);
  await waitStatus(app, "待审核");
  await app.click("tab-plans").catch(() => {});
  await app.waitBodyText("责令责任单位立即整改");

  // 全部已读 empties the badge.
  await app.click("bell");
  await app.click("bell-all-read");
  await app.driver.wait(
    async () => !(await app.driver.executeScript("const s = document.querySelector('[data-testid=bell-badge] sup'); return !!s && s.offsetParent !== null && /\\d/.test(s.innerText)")),
    10000,
    "the badge still shows unread reminders after 全部已读",
  );

  // A desktop notification with no notification service on the machine: answered at once, and the
  // window goes on working.
  const started = Date.now();
  const answer = await app.driver.executeAsyncScript(`
    const done = arguments[arguments.length - 1];
    window.__TAURI_INTERNALS__.invoke("plugin:notification|notify", { options: { title: "民意诉求提醒", body: "e2e" } })
      .then(() => done("ok"), (e) => done("error: " + String(e)));
  `);
  app.log(`notify: ${answer} in ${Date.now() - started} ms`);
  assert.equal(answer, "ok");
  assert.ok(Date.now() - started < 5000);
  await app.nav("workbench");
  await app.waitBodyText("暂无待办");
});
