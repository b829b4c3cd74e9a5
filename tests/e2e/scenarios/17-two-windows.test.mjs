// Scenario 17 — two desks on one office server (联网): window A is the reception desk, window B
// the department's. Reception registers a complaint and the appeals office routes it to 城市管理局
// (切换用户 in window A); the handler in window B sees it in her workbench and her bell without
// pressing 刷新 (the server's event reaches the window as data-changed), opens it and submits a plan; the
// department head reviews it in window B; the open appeals list in window A follows each new
// status by itself. Both headers show the server and 已连接.
// Screenshots: output/17-two-windows-<step>-{a,b}.png, and both windows side by side in
// output/17-two-windows-<step>.png when ImageMagick's convert is there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { officeScenario, sleep } from "../lib/app.mjs";
import { act, appealRow, fillDlg, registerOnForm, seedOffice, waitStatus } from "../lib/flows.mjs";
import { screenshotWindows } from "../lib/office.mjs";

/** How long a change made at one desk may take to show at the other (SSE → data-changed → reload). */
const PUSH_MS = 5000;

officeScenario(
  test,
  "17-two-windows",
  "联网：两台电脑同时办理，一台登记转办，另一台不刷新即看到并办理",
  { office: { seed: seedOffice() }, windows: ["a", "b"] },
  async ({ server, apps: { a, b } }) => {
    const shoot = (step) => screenshotWindows(`17-two-windows-${step}`, [a, b]);

    await a.signIn("jiedai");
    await b.signIn("cg_cbr");
    for (const w of [a, b]) {
      await w.waitText("topbar-server", new URL(server.url).host);
      await w.waitText("topbar-connection-state", "已连接");
    }
    await b.nav("workbench");
    const before = await b.text("view-workbench");
    await shoot("1-signed-in");

    // Window A: reception registers; the appeals office (切换用户) reviews and routes.
    const reg = await registerOnForm(a, {
      channel: "walk_in",
      name: "孙阿姨",
      phone: "13812345678",
      category: "complaint",
      subject: "人民路人行道共享单车乱停放",
      content: "人民路168号门前人行道长期堆放大量共享单车，行人只能走机动车道，很危险。",
    });
    a.log(`registered ${reg.regNumber} (#${reg.id})`);
    assert.ok(!before.includes(reg.regNumber), "the new appeal is not in B's workbench before routing");
    await a.switchUser("bangongshi");
    await a.waitText("topbar-connection-state", "已连接");
    await a.go(`/appeals/${reg.id}`);
    await a.waitText("detail-reg-number", reg.regNumber, 15000);
    a.log(await act(a, "initialReview", async () => a.click("dlg-decision-accept")));
    const routed = await act(a, "route", async () => {
      await a.select("dlg-departmentId", "城市管理局");
      await fillDlg(a, "note", "请核实后清理。");
    });
    a.log(routed);
    await waitStatus(a, "办理中");

    // Window B: the handler's workbench shows it without 刷新.
    const t0 = Date.now();
    const cell = await b.elByText(reg.regNumber, { within: "view-workbench", timeout: PUSH_MS });
    b.log(`the routed appeal appeared in B's workbench ${Date.now() - t0} ms after A's routing was done`);
    // The bell of B counts the new task too (the same pushed change), and names it.
    await b.waitText("bell-badge", /[1-9]/, PUSH_MS);
    await b.click("bell");
    const reminder = await b.el(`bell-item-${reg.id}`, { timeout: PUSH_MS });
    assert.match(await b.textOf(reminder), /新任务/);
    await shoot("2-routed-seen-by-handler");
    await b.click("bell");

    // Window A: the open appeals list, left open while B works.
    await a.nav("appeals");
    assert.match(await appealRow(a, "view-appeals", reg.regNumber), /办理中/);

    // Window B: the handler opens it and submits a plan.
    await b.click(cell);
    await b.waitText("detail-reg-number", reg.regNumber, 15000);
    b.log(
      await act(b, "submitPlan", async () => {
        await fillDlg(b, "factsFound", "经现场核查，人民路168号门前确有大量共享单车占用人行道。");
        await fillDlg(b, "responsibleParty", "各共享单车运营企业");
        await fillDlg(b, "measures", "约谈运营企业限期清理，划定停放区并每日巡查。");
      }),
    );
    await waitStatus(b, "待审核");
    await waitRow(a, reg.regNumber, /待审核/);
    await shoot("3-plan-submitted");

    // Window B: the department head reviews it.
    await b.switchUser("cg_fzr");
    await b.waitText("topbar-connection-state", "已连接");
    await b.nav("workbench");
    await b.click(await b.elByText(reg.regNumber, { within: "view-workbench", timeout: 15000 }));
    await b.waitText("detail-reg-number", reg.regNumber, 15000);
    b.log(
      await act(b, "review", async () => {
        await b.el("dlg-plan");
        await b.click("dlg-approve-yes");
        await fillDlg(b, "opinion", "同意，请尽快向诉求人反馈。");
      }),
    );
    // Not a major appeal: no management approval, straight to the feedback.
    await waitStatus(b, "待反馈");
    await waitRow(a, reg.regNumber, /待反馈/);
    await shoot("4-reviewed");
    for (const w of [a, b]) assert.equal(await w.text("topbar-connection-state"), "已连接");
  },
);

/** Waits (without touching window A) until its list's row of `regNumber` shows `status`. */
async function waitRow(app, regNumber, status) {
  const t0 = Date.now();
  let row = "";
  while (Date.now() - t0 < PUSH_MS) {
    row = await appealRow(app, "view-appeals", regNumber);
    if (status.test(row)) {
      app.log(`the list showed ${status} ${Date.now() - t0} ms after the other window's action was done`);
      return row;
    }
    await sleep(200);
  }
  throw new Error(`the open list in ${app.name} did not show ${status} within ${PUSH_MS} ms without refreshing; its row: ${row}`);
}
