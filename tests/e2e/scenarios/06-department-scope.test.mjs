// Scenario 6 — a handler sees only their own department's appeals: 生态环境局's handler finds
// none of 城市管理局's appeals in the list or by searching its number, and opening one directly
// is refused with a Chinese sentence; their own department's appeal opens.
import { test } from "node:test";
import assert from "node:assert/strict";
import { scenario } from "../lib/app.mjs";
import { seedOffice } from "../lib/flows.mjs";

/** Texts of the 承办部门 column of the visible appeal table. */
function departmentColumn(app) {
  return app.driver.executeScript(`
    const table = document.querySelector('[data-testid=appeal-table]');
    const heads = Array.from(table.querySelectorAll('thead th')).map(th => th.innerText.trim());
    const i = heads.indexOf('承办部门');
    return Array.from(table.querySelectorAll('tbody tr')).map(tr => (tr.children[i] || {}).innerText?.trim() ?? '');`);
}

scenario(
  test,
  "06-department-scope",
  "承办人看不到其他部门的诉求",
  {
    seed: async (app) => {
      await seedOffice({ appeals: 300, asOf: "2026-10-15" })(app);
      const { rows } = JSON.parse(await app.cli(["list", "--limit", "10000", "--json"]));
      app.other = rows.find((r) => r.departmentName === "城市管理局");
      app.own = rows.find((r) => r.departmentName === "生态环境局");
      assert.ok(app.other && app.own, "the demo data has appeals of both departments");
    },
  },
  async (app) => {
    await app.signIn("hb_cbr");
    await app.waitText("topbar-department", "生态环境局");
    assert.ok(!(await app.has("nav-register")), "a handler has no 登记 page");
    assert.ok(!(await app.has("nav-supervision")), "a handler has no 督办 page");

    // The list holds 生态环境局's appeals only.
    await app.nav("appeals");
    await app.el("appeal-row-number", { timeout: 15000 });
    const depts = await departmentColumn(app);
    app.log(`list shows ${depts.length} rows:`, [...new Set(depts)].join(", "));
    assert.ok(depts.length > 0);
    assert.deepEqual([...new Set(depts)], ["生态环境局"]);

    // Searching 城市管理局's appeal by its number finds nothing.
    await app.type("global-search", app.other.regNumber, { enter: true });
    await app.waitText("appeals-search-term", app.other.regNumber);
    await app.driver.wait(async () => (await app.all("appeal-row-number")).length === 0, 10000, "search result should be empty");
    await app.waitText("appeal-table", /暂无|没有|未找到/);

    // Opening it directly is refused, in Chinese.
    await app.go(`/appeals/${app.other.id}`);
    const refused = await app.waitText("detail-error", /找不到|无权|不在您的/, 15000);
    app.log("refused:", refused.replace(/\s+/g, " "));
    assert.ok(!refused.includes(app.other.subject), "nothing of the other department's appeal is shown");

    // Their own department's appeal opens.
    await app.go(`/appeals/${app.own.id}`);
    await app.waitText("detail-reg-number", app.own.regNumber, 15000);
  },
);
