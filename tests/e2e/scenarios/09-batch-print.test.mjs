// Scenario 9 — batch printing from the list (诉求列表 → 批量打印登记表): the dialog counts the
// appeals the list's filter matches; a batch cancelled half-way leaves no file; a batch of a
// narrowed filter (one appeal found by its number) writes one PDF into the data directory's
// prints/. The test machine has no PDF viewer, so the app says where the PDF is instead of
// opening it; either sentence names the finished file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { scenario } from "../lib/app.mjs";
import { seedOffice } from "../lib/flows.mjs";

const APPEALS = 200;

/** The batch PDFs (and partial files) in prints/. */
async function batchFiles(app) {
  const files = await readdir(path.join(app.dataDir, "prints")).catch(() => []);
  return files.filter((f) => f.includes("批量登记表"));
}

/** The dialog's closing sentence: the result, or the error that names the file it still wrote. */
async function outcome(app, timeout) {
  let text = "";
  await app.driver.wait(async () => {
    for (const id of ["batch-result", "batch-error"]) {
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
  "09-batch-print",
  "批量打印登记表：统计、进度、取消、生成 PDF",
  { seed: seedOffice({ appeals: APPEALS, asOf: "2026-10-15" }) },
  async (app) => {
    await app.signIn("bangongshi");
    await app.nav("appeals");
    await app.el("appeal-row-number", { timeout: 15000 });
    await app.click("batch-print-open");
    await app.waitText("batch-count", `共有 ${APPEALS} 件诉求`, 15000);

    // Cancel once the first sheets are done: Rust stops and writes nothing.
    await app.click("batch-print");
    await app.waitText("batch-progress-text", new RegExp(`已完成 [1-9]\\d* / ${APPEALS}`), 60000);
    await app.screenshot("batch-print-progress");
    await app.click("batch-cancel");
    assert.equal(await outcome(app, 60000), "已取消批量打印，没有生成文件。");
    assert.deepEqual(await batchFiles(app), [], "a cancelled batch leaves no file, partial or whole");
    await app.click("batch-close");

    // Narrow the list to one appeal (its number in the search box): the batch follows the filter.
    const number = (await app.text("appeal-row-number")).split(/\s+/)[0];
    await app.type("appeals-search", number);
    await app.driver.wait(async () => (await app.all("appeal-row-number")).length === 1, 15000);
    await app.click("batch-print-open");
    await app.waitText("batch-count", "共有 1 件诉求", 15000);
    await app.click("batch-print");
    const said = await outcome(app, 120000);
    assert.match(said, /已生成 1 份登记表|PDF 已生成，保存在/, said);
    const files = await batchFiles(app);
    assert.equal(files.length, 1, `one batch PDF in prints/: ${files}`);
    assert.ok(files[0].endsWith(".pdf") && !files[0].startsWith("."), files[0]);
    const pdf = await readFile(path.join(app.dataDir, "prints", files[0]));
    assert.equal(pdf.subarray(0, 4).toString(), "%PDF", "the batch is a PDF");
    await app.screenshot("batch-print");
  },
);
