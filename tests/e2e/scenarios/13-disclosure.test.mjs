// Scenario 13 — 信息公开 and the statistics workbook: the appeals office opens 信息公开 on a working
// office's data (demo data up to today; the page opens on last month), sees the preview with the
// threshold and the four tables — every number either published (0 or at least the threshold) or
// shown as "—" — and exports it as PDF, Excel and web page into the data folder's exports/ (this
// machine has no program to open them, so the dialog then says where each file is). The workbook's
// total is read back and agrees with the preview; the PDF's text has the title; the web page is
// self-contained and is shown in the window for a screenshot. Then 统计分析 → 导出 Excel writes the
// statistics workbook with its three charts. Screens: output/disclosure.png, disclosure-web.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { By, scenario } from "../lib/app.mjs";
import { seedOffice } from "../lib/flows.mjs";

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

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

/** Exports through the dialog opened by `button`; returns the new file in exports/ ending `ext`. */
async function exportVia(app, button, ext, before) {
  await app.click(button);
  await app.el("export-start", { timeout: 10000 });
  await app.click("export-start");
  const said = await outcome(app, 60000);
  app.log(said);
  assert.match(said, /已导出|文件已导出，保存在/, said);
  await app.click("export-close");
  const dir = path.join(app.dataDir, "exports");
  const files = (await readdir(dir)).filter((f) => f.endsWith(`.${ext}`) && !before.includes(f));
  assert.equal(files.length, 1, `one new .${ext} in exports/: ${files}`);
  before.push(files[0]);
  return path.join(dir, files[0]);
}

const zipPart = "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())";
const part = (file, name) => execFileSync("python3", ["-c", zipPart, file, name]).toString();

scenario(
  test,
  "13-disclosure",
  "信息公开：预览、导出 PDF/Excel/网页；统计分析导出 Excel",
  { seed: seedOffice({ appeals: 2000, asOf: today }) },
  async (app) => {
    await app.signIn("bangongshi");
    await app.nav("disclosure");
    await app.el("disclosure-preview", { timeout: 20000 });
    const threshold = await app.text("disclosure-threshold");
    app.log(threshold);
    assert.match(threshold, /公开阈值 5 件/);
    const tables = await app.driver.findElements(By.css('[data-testid="disclosure-table"]'));
    assert.equal(tables.length, 4, "type, channel, result, satisfaction");
    for (const cell of await app.driver.findElements(By.css('[data-testid="disclosure-table"] td.num'))) {
      const t = (await cell.getText()).trim();
      assert.ok(t === "—" || t === "0" || Number(t.replace(/,/g, "")) >= 5, `a published number below the threshold: ${t}`);
    }
    const hidden = await app.all("disclosure-hidden");
    for (const h of hidden) assert.equal((await h.getText()).trim(), "—");
    app.log(`${hidden.length} numbers hidden`);
    const totalText = await app.text("disclosure-figure-0");
    const total = Number(/([\d,]+) 件/.exec(totalText)[1].replace(/,/g, ""));
    assert.ok(total > 0, totalText);
    assert.match(await app.text("disclosure-notes"), /为保护诉求人隐私/);
    await new Promise((r) => setTimeout(r, 500));
    await app.screenshot("disclosure");

    const seen = [];
    const pdf = await exportVia(app, "disclosure-export-pdf", "pdf", seen);
    assert.equal((await readFile(pdf)).subarray(0, 4).toString(), "%PDF");
    const pdfText = execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"]).toString().replace(/\s/g, "");
    assert.ok(pdfText.includes("民意诉求办理情况公开") && pdfText.includes("二、按受理渠道"), "the PDF's headings");

    const xlsx = await exportVia(app, "disclosure-export-xlsx", "xlsx", seen);
    assert.match(part(xlsx, "xl/sharedStrings.xml"), /受理诉求总数/);
    const b5 = /<c r="B5"[^>]*><v>([\d.]+)<\/v>/.exec(part(xlsx, "xl/worksheets/sheet1.xml"));
    assert.ok(b5, "the total is a number cell");
    assert.equal(Number(b5[1]), total, "the workbook's total is the preview's");

    const htmlFile = await exportVia(app, "disclosure-export-html", "html", seen);
    const html = await readFile(htmlFile, "utf8");
    assert.ok(html.startsWith("<!DOCTYPE html>"));
    for (const banned of ["<script", "<link", "<img", "src=", "href="]) assert.ok(!html.includes(banned), banned);
    assert.ok(html.includes(await app.text("disclosure-period")), "the page's period is the preview's");

    // The page as a reader of the website sees it, drawn by this window's own web engine.
    await app.driver.executeScript(
      `const f = document.createElement("iframe");
       f.id = "e2e-page"; f.srcdoc = arguments[0];
       f.style.cssText = "position:fixed;inset:0;width:100vw;height:100vh;border:0;z-index:99999;background:#fff";
       document.body.appendChild(f);`,
      html,
    );
    await new Promise((r) => setTimeout(r, 800));
    await app.screenshot("disclosure-web");
    await app.driver.executeScript('document.getElementById("e2e-page").remove();');

    await app.nav("statistics");
    await app.el("stats-total", { timeout: 20000 });
    const book = await exportVia(app, "stats-export", "xlsx", seen);
    assert.ok(path.basename(book).startsWith("统计分析"), book);
    assert.match(part(book, "xl/charts/chart1.xml"), /<c:(bar|pie|line)Chart>/);
    for (const n of [2, 3]) part(book, `xl/charts/chart${n}.xml`);
  },
);
