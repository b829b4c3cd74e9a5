// Scenario 20 — 待我处理 and 进度缓慢 on the demo office: a department head sees the plans waiting
// for review as a queue with its count, one click lists exactly those appeals and opens one; the
// department's 待报告进展 queue shrinks by one when a progress report is added; the appeals office
// finds 进度缓慢 in 督办 with the rule explained and issues a supervision notice from there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { By, scenario, sleep } from "../lib/app.mjs";
import { act, fillDlg, seedOffice, waitStatus } from "../lib/flows.mjs";

/** Login stems of the demo departments (crates/demo/src/office.rs). */
const STEMS = {
  城市管理局: "cg",
  住房和城乡建设局: "zj",
  生态环境局: "hb",
  交通运输局: "jt",
  市场监督管理局: "sj",
  人力资源和社会保障局: "rs",
  教育局: "jy",
  卫生健康委员会: "wj",
  水务集团: "sw",
  供电公司: "gd",
  街道综合办: "jd",
};

/** A working day (Mon–Fri) about two weeks ahead, as YYYY-MM-DD. */
function workingDayAhead(days = 14) {
  const d = new Date(Date.now() + days * 86400_000);
  while (d.getDay() === 0 || d.getDay() === 6) d.setDate(d.getDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** A counter showing exactly `n`. */
function exactly(n) {
  return new RegExp(`^${n.toLocaleString("en-US")}$`);
}

/** The registration numbers listed in the queue drawer. */
async function drawerNumbers(app) {
  const cells = await app.driver.findElements(By.css('[data-testid="wb-queue-drawer"] [data-testid="appeal-row-number"]'));
  return Promise.all(cells.map((c) => c.getText()));
}

/** Opens a queue: the appeal itself when it holds one, else the first row of its drawer. */
async function openQueue(app, kind, count) {
  await app.click(`wb-queue-${kind}`);
  if (count > 1) {
    await app.el("wb-queue-drawer", { timeout: 10000 });
    await app.driver.wait(async () => (await drawerNumbers(app)).length > 0, 15000, "the queue's drawer lists nothing");
    const first = await app.el('[data-testid="wb-queue-drawer"] [data-testid="appeal-row-subject"]');
    await app.click(first);
  }
  await app.waitRoute(/^\/appeals\/\d+/, 15000);
  await app.el("detail-header", { timeout: 15000 });
  return app.text("detail-reg-number");
}

scenario(
  test,
  "20-queues",
  "待我处理：队列、待报告进展与进度缓慢",
  { seed: seedOffice({ appeals: 6000 }) },
  async (app) => {
    // The demo's state follows today's date: the department with most plans awaiting review.
    const listed = JSON.parse(await app.cli(["list", "--status", "plan_submitted", "--json", "--limit", "10000"]));
    const byDept = new Map();
    for (const r of listed.rows) {
      if (!STEMS[r.departmentName]) continue;
      if (!byDept.has(r.departmentName)) byDept.set(r.departmentName, new Set());
      byDept.get(r.departmentName).add(r.regNumber);
    }
    const [dept, want] = [...byDept.entries()].sort((a, b) => b[1].size - a[1].size)[0] ?? [];
    assert.ok(dept, "the demo office has plans awaiting review");
    app.log(`${dept}: ${want.size} plan(s) awaiting review`);

    // The head's workbench: 待我处理 with the review queue's count.
    await app.signIn(`${STEMS[dept]}_fzr`);
    await app.el("wb-queues", { timeout: 15000 });
    await app.waitText("wb-queue-count-review", exactly(want.size), 15000);
    assert.match(await app.text("wb-queue-review"), /处理方案待审核/);
    assert.match(await app.text("wb-queue-due-review"), /最早期限 \d{4}-\d{2}-\d{2}/);
    const progressCount = Number((await app.text("wb-queue-count-progress")).replace(/,/g, ""));
    app.log(`待报告进展: ${progressCount}`);
    await sleep(500);
    await app.screenshot("20-queues-workbench");

    // One click: exactly the queue's appeals (a drawer when several), and one opens.
    await app.click("wb-queue-review");
    if (want.size > 1) {
      await app.el("wb-queue-drawer", { timeout: 10000 });
      await app.driver.wait(async () => (await drawerNumbers(app)).length === Math.min(want.size, 20), 15000);
      const shown = await drawerNumbers(app);
      assert.ok(shown.every((n) => want.has(n)), `the drawer lists exactly the plans to review: ${shown}`);
      await app.click(await app.el('[data-testid="wb-queue-drawer"] [data-testid="appeal-row-subject"]'));
    }
    await app.waitRoute(/^\/appeals\/\d+/, 15000);
    const opened = await app.text("detail-reg-number");
    assert.ok(want.has(opened), `opened ${opened}, one of the plans to review`);
    await waitStatus(app, "待审核");

    // 待报告进展: a report clears the appeal from the queue.
    if (progressCount > 0) {
      await app.nav("workbench");
      await app.waitText("wb-queue-count-progress", exactly(progressCount), 15000);
      const number = await openQueue(app, "progress", progressCount);
      app.log(`reporting progress on ${number}`);
      const msg = await act(app, "addProgress", () => fillDlg(app, "content", "已到现场核实，正在协调相关单位整改。"));
      app.log(msg);
      await app.nav("workbench");
      await app.waitText("wb-queue-count-progress", exactly(progressCount - 1), 15000);
    } else {
      app.log("no progress report due today in this department; the queue shows 0");
    }

    // 督办 → 进度缓慢: the rule in one sentence, then a notice from the row.
    await app.switchUser("bangongshi");
    await app.nav("supervision");
    await app.click("supervision-tab-slow");
    const count = await app.waitText("supervision-count-slow", /（[1-9][\d,]*）/, 15000);
    app.log("slow:", count);
    assert.match(await app.text("slow-rule"), /本阶段期限已用去 50% 以上、尚未逾期/);
    const days = await app.text("slow-row-days");
    const [used, allowed] = days.split("/").map((s) => Number(s.trim()));
    assert.ok(used * 2 >= allowed && allowed > 0, `past half of the stage: ${days}`);
    const number = await app.text("slow-row-number");
    await sleep(500);
    await app.screenshot("20-queues-slow");
    await app.click("slow-supervise");
    await app.el("supervision-dialog");
    await app.waitText("supervision-dialog-appeal", number);
    await app.type("supervision-text", "本阶段期限已过半，尚未报告进展，请加快办理并及时报告。");
    const newDue = workingDayAhead();
    const dateInput = await app.el("[data-testid=supervision-new-due] input");
    await app.click(dateInput);
    await dateInput.sendKeys(newDue, app.Key.ENTER);
    await sleep(300);
    await app.click("supervision-submit");
    const msg = await app.waitMessage(/督办/, { type: "success" });
    app.log(msg);
    await app.gone("supervision-dialog");
    await app.el("notice-dialog");
    await app.waitText("notice-dialog-appeal", number);
    await app.click("notice-close");
    await app.gone("notice-dialog");
  },
);
