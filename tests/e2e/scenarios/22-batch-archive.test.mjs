// Scenario 22 — batch work in the appeal list and 纸质归档 (issue 20 §7, §13): the appeals office
// ticks two 待分流 appeals, routes them in one go (交办) and finds both 办理中; then it lists the
// closed appeals not yet filed (待归档), files one from its detail page (卷号, 保管期限) and finds
// it gone from 待归档.
import { test } from "node:test";
import assert from "node:assert/strict";
import { scenario } from "../lib/app.mjs";
import { act, appealRow, seedOffice } from "../lib/flows.mjs";

/** Two walk-in complaints registered from the command line (their numbers are kept here). */
const fresh = [];
function seed() {
  const office = seedOffice({ appeals: 120, asOf: "2026-10-15" });
  return async (app) => {
    await office(app);
    for (const subject of ["学院路路灯夜间不亮", "文三路人行道井盖松动"]) {
      const out = await app.cliRegister({
        appellant: { name: "钱女士", phone: "13600001111" },
        channel: "walk_in",
        category: "complaint",
        subject,
        content: `${subject}，已有一段时间，请尽快处理。`,
        receivedAt: new Date(Date.now() - 3600_000).toISOString(),
      });
      fresh.push(out.match(/登记号：\s*(\S+)/)[1]);
    }
  };
}

/** The registration numbers of the rows the list shows now. */
async function rowNumbers(app) {
  const cells = await app.all("appeal-row-number");
  return Promise.all(cells.map(async (c) => (await app.textOf(c)).split(/\s+/)[0]));
}

/** Shows only the appeal with this number (searched for in the list, within its filters). */
async function search(app, number) {
  await app.type("appeals-search", number, { enter: true });
  await app.driver.wait(async () => {
    const shown = await rowNumbers(app);
    return (shown.length === 1 && shown[0] === number) || (await app.has("appeal-table-empty"));
  }, 15000);
}

scenario(
  test,
  "22-batch-archive",
  "批量交办两件诉求；纸质归档后离开待归档",
  { seed: seed() },
  async (app) => {
    await app.signIn("bangongshi");
    await app.nav("appeals");
    await app.el("appeal-row-number", { timeout: 15000 });

    // The two new appeals pass initial review one by one (accepted: 待分流).
    for (const n of fresh) {
      await app.nav("appeals");
      await search(app, n);
      await app.click(await app.elByText(n, { within: "view-appeals" }));
      await app.waitText("detail-reg-number", n, 15000);
      await act(app, "initialReview", () => app.click("dlg-decision-accept"));
    }
    await app.nav("appeals");
    await app.click("appeals-reset");

    // Two appeals waiting to be routed, ticked and routed together.
    await app.select("appeals-status", "待分流");
    await app.driver.wait(async () => (await app.all("status-tag")).length > 0, 15000);
    await app.driver.wait(async () => {
      const tags = await Promise.all((await app.all("status-tag")).map((t) => app.textOf(t)));
      return tags.length >= 2 && tags.every((t) => t.includes("待分流"));
    }, 15000);
    const [a, b] = (await rowNumbers(app)).slice(0, 2);
    assert.deepEqual([a, b].sort(), [...fresh].sort(), "the two accepted appeals are listed");
    await app.click(`select-row-${a}`);
    await app.click(`select-row-${b}`);
    await app.waitText("batch-selected", "已选 2 件");
    await app.screenshot("22-batch-selected");
    await app.click("batch-route");
    await app.el("batch-action-dialog");
    await app.select("batch-department", "城市管理局");
    await app.type("batch-note", "请按期办理并反馈");
    await app.click("batch-action-start");
    await app.waitText("batch-action-summary", "成功 2 件，未成功 0 件", 30000);
    await app.screenshot("22-batch-route");
    await app.click("batch-action-close");
    await app.gone("batch-action-dialog");
    // Both left 待分流, and each is now 办理中 at 城市管理局.
    await app.driver.wait(async () => {
      const shown = await rowNumbers(app);
      return !shown.includes(a) && !shown.includes(b);
    }, 15000);
    await app.click("appeals-reset");
    for (const n of [a, b]) {
      await search(app, n);
      const row = await appealRow(app, "view-appeals", n);
      assert.match(row, /办理中/, row);
      assert.match(row, /城市管理局/, row);
    }

    // 待归档: closed appeals not yet filed. File the first one.
    await app.click("appeals-reset");
    await app.click("appeals-more");
    await app.select("appeals-archive", "待归档");
    await app.driver.wait(async () => {
      const tags = await Promise.all((await app.all("status-tag")).map((t) => app.textOf(t)));
      return tags.length > 0 && tags.every((t) => t.includes("已办结"));
    }, 15000);
    const [closed] = await rowNumbers(app);
    await app.click(await app.elByText(closed, { within: "view-appeals" }));
    await app.waitText("detail-reg-number", closed, 15000);
    await app.waitText("archive-pending", "待归档", 15000);
    await app.click("archive-open");
    await app.el("archive-dialog");
    await app.type("archive-volume", "2026-JD-001");
    await app.type("archive-box", "3");
    await app.click("archive-save");
    await app.waitText("archive-line", "卷号 2026-JD-001，盒号 3，保管期限 定期10年", 15000);
    await app.screenshot("22-archive-detail");

    // Back in the list (still 待归档): the filed appeal is no longer there.
    await app.nav("appeals");
    await app.el("appeals-archive");
    await search(app, closed);
    assert.ok(await app.has("appeal-table-empty"), `${closed} still listed as 待归档`);
    await app.screenshot("22-batch-archive");
  },
);
