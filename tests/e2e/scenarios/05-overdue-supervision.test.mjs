// Scenario 5 — an overdue appeal (demo data whose history ended weeks ago) is supervised with a
// new due date and its 督办通知单 printed, then escalated to management, whose instruction is
// recorded; the detail page's 跟踪与督办 tab shows all three.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { scenario, sleep } from "../lib/app.mjs";
import { act, fillDlg, seedOffice } from "../lib/flows.mjs";

/** A working day (Mon–Fri) about two weeks ahead, as YYYY-MM-DD (China time is close enough). */
function workingDayAhead(days = 14) {
  const d = new Date(Date.now() + days * 86400_000);
  while (d.getDay() === 0 || d.getDay() === 6) d.setDate(d.getDate() + 1);
  return d.toISOString().slice(0, 10);
}

scenario(
  test,
  "05-overdue-supervision",
  "逾期诉求：督办、上报管理层、批示",
  { seed: seedOffice({ appeals: 300, asOf: "2026-10-15" }) },
  async (app) => {
    await app.signIn("bangongshi");
    await app.nav("supervision");
    const count = await app.waitText("supervision-count-overdue", /（[1-9][\d,]*）/, 15000);
    app.log("overdue:", count);

    // The first overdue row that may be supervised and has a department to supervise.
    const table = await app.el("supervision-table-overdue");
    const row = await app.driver.wait(
      () =>
        app.driver.executeScript(
          `const rows = Array.from(arguments[0].querySelectorAll('tbody tr'));
           for (const r of rows) {
             const b = r.querySelector('[data-testid=supervision-supervise]');
             const n = r.querySelector('[data-testid=supervision-row-number]');
             const dept = r.querySelectorAll('td')[3];
             const d = dept ? dept.innerText.trim() : '';
             if (b && n && d && d !== '—') return { number: n.innerText.trim(), index: rows.indexOf(r), department: d };
           }
           return null;`,
          table,
        ),
      15000,
      "no overdue row offers 督办",
    );
    app.log("supervising", row.number, row.department);
    const rowEl = (await table.findElements({ css: "tbody tr" }))[row.index];
    await app.click(await rowEl.findElement({ css: "[data-testid=supervision-supervise]" }));
    await app.el("supervision-dialog");
    await app.waitText("supervision-dialog-appeal", row.number);
    await app.type("supervision-text", "该诉求已超过办理期限，请于新期限前办结并报送结果。");
    const newDue = workingDayAhead();
    const dateInput = await app.el("[data-testid=supervision-new-due] input");
    await app.click(dateInput);
    await dateInput.sendKeys(newDue, app.Key.ENTER);
    await sleep(300);
    assert.equal(await dateInput.getAttribute("value"), newDue);
    await app.click("supervision-submit");
    let msg = await app.waitMessage(/督办/, { type: "success" });
    app.log(msg);
    await app.gone("supervision-dialog");

    // The appeal's notices open at once; the new one prints into prints/ under its own number.
    const number = msg.match(/DB-\d{4}-\d{4}/)?.[0];
    assert.ok(number, `the message names the notice: ${msg}`);
    await app.el("notice-dialog");
    await app.waitText("notice-dialog-appeal", row.number);
    await app.click(`notice-print-${number}`);
    const prints = path.join(app.dataDir, "prints");
    let notice = null;
    await app.driver.wait(async () => {
      const files = await readdir(prints).catch(() => []);
      notice = files.find((f) => f.endsWith(`-督办通知单-${number}.pdf`)) ?? null;
      return notice !== null;
    }, 20000, `no 督办通知单 ${number} in prints/`);
    assert.ok(notice.startsWith(row.number), notice);
    const head = (await readFile(path.join(prints, notice))).subarray(0, 4).toString();
    assert.equal(head, "%PDF", "the notice is a PDF");
    await app.click("notice-close");
    await app.gone("notice-dialog");

    // No longer overdue: find it and open it.
    await app.type("global-search", row.number, { enter: true });
    await app.el("view-appeals", { timeout: 15000 });
    const cell = await app.elByText(row.number, { within: "appeal-table", timeout: 15000 });
    await app.click(cell);
    await app.waitText("detail-reg-number", row.number, 15000);
    const id = Number((await app.route()).match(/^\/appeals\/(\d+)/)[1]);
    await app.el("detail-header");
    const due = await app.text("detail-due");
    assert.ok(due.includes(`${Number(newDue.slice(5, 7))}月${Number(newDue.slice(8, 10))}日`), `new due date shown: ${due}`);
    assert.ok(!(await app.has("detail-overdue")), "no longer marked overdue");

    // Still no improvement: escalate to management from the detail page.
    msg = await act(app, "escalate", () => fillDlg(app, "reason", "督办后承办部门仍未报送进展，请管理层协调。"));
    app.log(msg);

    // 管理层 records the instruction.
    await app.switchUser("lingdao");
    await app.go(`/appeals/${id}`);
    await app.waitText("detail-reg-number", row.number, 15000);
    msg = await act(app, "instruct", () => fillDlg(app, "instruction", "请分管领导牵头协调，一周内办结。"));
    app.log(msg);

    await app.click("tab-tracking");
    const body = await app.waitBodyText("请分管领导牵头协调");
    assert.match(body, /该诉求已超过办理期限/);
    assert.match(body, /督办后承办部门仍未报送进展/);
  },
);
