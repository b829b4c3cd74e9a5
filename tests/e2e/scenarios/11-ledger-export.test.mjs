// Scenario 11 — 导出 Excel: the appeals office exports the list (all 200 demo appeals) as the
// appeal ledger; the workbook lands in the data folder's exports/ (and would open in the
// spreadsheet program — this machine has none, so the dialog then says where the file is). The
// file is a real .xlsx (a zip) whose sheet holds a header and one row per appeal; personal data
// is masked, since the box was not ticked. Then the tracking ledger (跟踪台账) is exported the same
// way from its own page: its workbook holds a header and one row per line the page counts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { scenario } from "../lib/app.mjs";
import { seedOffice } from "../lib/flows.mjs";

const APPEALS = 200;

async function outcome(app, timeout) {
  let text = "";
  await app.driver.wait(async () => {
    for (const id of ["export-result", "export-error"]) {
      const [e] = await app.all(id);
      if (e) text = await app.textOf(e);
      if (text) return true;
    }
    return false;
  }, timeout);
  return text;
}

scenario(
  test,
  "11-ledger-export",
  "导出 Excel：当前列表导出为诉求台账",
  { seed: seedOffice({ appeals: APPEALS, asOf: "2026-10-15" }) },
  async (app) => {
    await app.signIn("bangongshi");
    await app.nav("appeals");
    await app.el("appeal-row-number", { timeout: 15000 });
    await app.click("export-open");
    await app.el("export-personal", { timeout: 10000 });
    await app.click("export-start");
    const said = await outcome(app, 120000);
    app.log(said);
    assert.match(said, new RegExp(`已导出 ${APPEALS} 件诉求|Excel 文件已导出，保存在`), said);
    await app.screenshot("ledger-export");

    const dir = path.join(app.dataDir, "exports");
    const files = (await readdir(dir)).filter((f) => f.endsWith(".xlsx") && !f.startsWith("."));
    assert.equal(files.length, 1, `one workbook in exports/: ${files}`);
    const file = path.join(dir, files[0]);
    assert.equal((await readFile(file)).subarray(0, 2).toString(), "PK", "an .xlsx is a zip");
    // The sheet's XML: a header row and one row per appeal.
    const read = "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read('xl/worksheets/sheet1.xml').decode())";
    const sheet = execFileSync("python3", ["-c", read, file], { maxBuffer: 64 << 20 }).toString();
    const rows = sheet.match(/<row /g)?.length ?? 0;
    assert.equal(rows, APPEALS + 1, "header and one row per appeal");

    await app.click("export-close");
    await app.nav("ledger");
    const total = Number((await app.textOf(await app.el("ledger-total", { timeout: 15000 }))).replace(/[^0-9]/g, ""));
    assert.ok(total > 0, "the demo office has lines being tracked");
    await app.click("export-open");
    await app.el("export-start", { timeout: 10000 });
    assert.equal((await app.all("export-personal")).length, 0, "the tracking ledger carries no personal data");
    await app.click("export-start");
    const tracked = await outcome(app, 120000);
    app.log(tracked);
    assert.match(tracked, new RegExp(`已导出 ${total} 条|Excel 文件已导出，保存在`), tracked);
    const books = (await readdir(dir)).filter((f) => f.startsWith("跟踪台账") && f.endsWith(".xlsx"));
    assert.equal(books.length, 1, `the tracking ledger in exports/: ${books}`);
    const tsheet = execFileSync("python3", ["-c", read, path.join(dir, books[0])], { maxBuffer: 64 << 20 }).toString();
    assert.equal(tsheet.match(/<row /g)?.length ?? 0, total + 1, "header and one row per tracked line");
  },
);
