// Scenario 12 — 导入: the intake clerk (钱小红) imports a WeChat batch saved by Chinese Excel as
// CSV (GBK, CRLF) through the wizard: the file is recognised (encoding, header, rows), the columns are
// mapped by their headers, the import reports 4 registered (one flagged as a likely duplicate: the
// same phone twice), 2 not imported (a bad phone, an empty content); the report is saved where the
// user picks; the imported appeals are in the list. The same file imported again registers
// nothing. The system's file dialogs cannot be driven by WebDriver: the scenario queues their
// answers (ui/src/api/dialog.ts, window.__MINYI_E2E_DIALOG_ANSWERS__). The mapping step is saved
// for docs (output/screen-import.png).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { By, scenario, sleep } from "../lib/app.mjs";
import { seedOffice } from "../lib/flows.mjs";

const DAY = 86_400_000;
const cst = (daysAgo) => new Date(Date.now() + 8 * 3600_000 - daysAgo * DAY).toISOString().slice(0, 10);
const today = cst(0);

/** The batch as a WeChat export: row numbers as in Excel (header = 1). */
const ROWS = [
  ["1", "张晓明", "13900001111", "小区路灯不亮", "幸福路小区东门的路灯坏了一个多月，晚上出行很不安全，请尽快维修。", `${cst(3)} 09:30`],
  ["2", "李红", "12345", "垃圾清运不及时", "西街菜场旁的垃圾桶三天没有清运，气味很大。", `${cst(3)} 10:05`],
  ["3", "王建国", "13900002222", "夜间施工", "", `${cst(2)} 22:40`],
  ["4", "赵丽", "13900003333", "公交站台破损", "人民路公交站台的顶棚破了，下雨天候车的人都淋湿了。", `${cst(2)} 08:15`],
  ["5", "张晓明", "13900001111", "再次反映路灯问题", "上次反映的东门路灯还是没有修好，附近老人晚上不敢出门。", `${cst(1)} 19:20`],
  ["6", "孙强", "13900004444", "占道经营", "学院路早市摊贩占满人行道，行人只能走机动车道。", `${cst(1)} 07:50`],
];
const REGISTERED = ["小区路灯不亮", "公交站台破损", "再次反映路灯问题", "占道经营"];

/** Writes the batch as GBK with CRLF line ends, as Chinese Excel saves "CSV (逗号分隔)". */
async function writeGbkCsv(file) {
  const text = [["序号", "姓名", "手机号码", "标题", "留言内容", "提交时间"], ...ROWS].map((r) => r.join(",")).join("\r\n") + "\r\n";
  const utf8 = `${file}.utf8`;
  await writeFile(utf8, text, "utf8");
  execFileSync("python3", ["-c", "import sys; open(sys.argv[2], 'wb').write(open(sys.argv[1], encoding='utf-8').read().encode('gbk'))", utf8, file]);
  assert.notDeepEqual(readFileSync(file), Buffer.from(text, "utf8"), "the file is GBK, not UTF-8");
}

/** Counts in the database (read-only, beside the running app). */
function appealsCount(dbPath) {
  const q = "import sqlite3, sys; c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True); print(c.execute(\"SELECT count(*) FROM appeals WHERE channel = 'wechat'\").fetchone()[0])";
  return Number(execFileSync("python3", ["-c", q, dbPath]).toString().trim());
}

/** The next file or save dialog answers `answer` (WebDriver cannot reach the system's dialogs). */
async function answerDialog(app, answer) {
  await app.driver.executeScript("(window.__MINYI_E2E_DIALOG_ANSWERS__ ||= []).push(arguments[0])", answer);
}

async function count(app, key) {
  return Number((await app.text(`import-count-${key}`)).split(/\s/)[0].replace(/,/g, ""));
}

/** Steps 1–3 for `file` as WeChat; returns when the result step shows. */
async function importThroughWizard(app, file, { screenshot } = {}) {
  await app.el("import-step-file");
  await app.click("import-channel-wechat");
  await answerDialog(app, file);
  await app.click("import-pick");
  await app.waitText("import-file-name", "微信留言.csv");
  const facts = await app.text("import-file-facts");
  app.log(`file: ${facts}`);
  assert.match(facts, /CSV 文本表格 · 编码 GBK\/GB18030.* · 表头在第 1 行 · 数据 6 行/);
  if (screenshot) await app.screenshot(`${screenshot}-file`);
  await app.click("import-next");
  await app.el("import-step-mapping");
  for (const [field, column] of [["name", "姓名"], ["phone", "手机号码"], ["subject", "标题"], ["content", "留言内容"], ["received_at", "提交时间"]]) {
    const shows = await app.selectShows(await app.el(`import-map-select-${field}`));
    assert.ok(shows.includes(column), `${field} is mapped to ${column}: ${shows}`);
  }
  assert.equal(await app.has("import-missing"), false, "no required field is missing");
  const previewRows = await app.driver.findElements(By.css('[data-testid="import-preview"] tbody tr'));
  assert.equal(previewRows.length, 6);
  if (screenshot) {
    await sleep(500);
    await app.screenshot(screenshot);
  }
  await app.click("import-start");
  await app.el("import-step-result", { timeout: 60000 });
}

scenario(
  test,
  "12-import",
  "导入：微信导出的 GBK 编码 CSV 经向导导入，坏行进报告，同一文件再导入不重复登记",
  { seed: seedOffice({ appeals: 20, asOf: today }) },
  async (app) => {
    const file = path.join(app.dataDir, "微信留言.csv");
    await writeGbkCsv(file);
    const before = appealsCount(app.dbPath);

    await app.signIn("jiedai");
    await app.nav("import");
    await importThroughWizard(app, file, { screenshot: "screen-import" });
    const title = await app.text("import-result-title");
    app.log(`${title}: ${await app.text("import-result-text")}`);
    assert.equal(title, "导入完成：共 6 行");
    assert.equal(await count(app, "registered"), 4);
    assert.equal(await count(app, "flagged"), 1, "the second appeal from 13900001111");
    assert.equal(await count(app, "rejected"), 2, "the bad phone and the empty content");
    assert.equal(await count(app, "already"), 0);
    assert.equal(appealsCount(app.dbPath), before + 4);
    await sleep(400);
    await app.screenshot("screen-import-result");

    // The report, saved where the user picks: a workbook with the rows not imported and the
    // likely duplicate.
    const saved = path.join(app.dataDir, "导入报告副本.xlsx");
    await answerDialog(app, saved);
    await app.click("import-report-save");
    await app.waitMessage(/导入报告已保存到/, { type: "success" });
    assert.ok(existsSync(saved), "the report was copied");
    const read = "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read('xl/workbook.xml').decode())";
    const book = execFileSync("python3", ["-c", read, saved]).toString();
    assert.match(book, /未导入/);
    assert.match(book, /疑似重复/);

    // The imported appeals in the list (filtered by channel and receipt dates).
    await app.click("import-show-appeals");
    await app.el("view-appeals", { timeout: 15000 });
    await app.el("appeal-row-number", { timeout: 15000 });
    await sleep(500);
    const listed = await app.text("view-appeals");
    for (const subject of REGISTERED) assert.ok(listed.includes(subject), `${subject} is in the list`);
    assert.ok(!listed.includes("垃圾清运不及时"), "the row with a bad phone was not registered");

    // The same file again: nothing registered twice.
    await app.nav("import");
    await app.click("import-again");
    await importThroughWizard(app, file);
    assert.equal(await count(app, "registered"), 0);
    assert.equal(await count(app, "already"), 4);
    assert.equal(await count(app, "rejected"), 2);
    assert.equal(appealsCount(app.dbPath), before + 4, "nothing registered twice");
    app.log(await app.text("import-result-text"));
  },
);
