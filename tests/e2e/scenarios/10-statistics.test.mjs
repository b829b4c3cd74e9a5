// Scenario 10 — 统计分析 and 热点问题: the appeals office opens the dashboard on a working
// office's data (demo data up to today), sees this month's figures and four drawn ECharts
// charts, switches to this year; then the hot spots of this year, and a topic's appeals. Both
// screens are saved for docs (output/screen-statistics.png, screen-hotspots.png).
import { test } from "node:test";
import assert from "node:assert/strict";
import { By, scenario } from "../lib/app.mjs";
import { seedOffice } from "../lib/flows.mjs";

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const CHARTS = ["trend", "category", "channel", "department"];

async function chartsDrawn(app) {
  await app.driver.wait(async () => {
    for (const c of CHARTS) {
      const el = await app.el(`stats-chart-${c}`);
      if ((await el.getAttribute("data-drawn")) !== "true") return false;
      if ((await el.findElements(By.css("canvas"))).length === 0) return false;
    }
    return true;
  }, 20000);
}

scenario(
  test,
  "10-statistics",
  "统计分析和热点问题：本月与本年的数字、图表和话题",
  { seed: seedOffice({ appeals: 2000, asOf: today }) },
  async (app) => {
    await app.signIn("bangongshi");
    await app.nav("statistics");
    await app.el("view-statistics", { timeout: 15000 });
    await app.el("stats-total", { timeout: 20000 });
    await chartsDrawn(app);
    const month = await app.text("stats-total");
    app.log(`this month: ${month.replace(/\s+/g, " ")}`);
    assert.match(month, /受理诉求\s*[\d,]+ 件/);

    await app.click("stats-preset-thisYear");
    await app.driver.wait(async () => (await app.text("stats-total")) !== month, 20000);
    await chartsDrawn(app);
    const year = await app.text("stats-total");
    app.log(`this year: ${year.replace(/\s+/g, " ")}`);
    const count = (t) => Number(/([\d,]+) 件/.exec(t)[1].replace(/,/g, ""));
    assert.ok(count(year) > count(month), "the year holds more appeals than the month");
    const stages = await app.driver.findElements(By.css('[data-testid="stats-stages"] tbody tr'));
    assert.ok(stages.length >= 5, "a row per stage");
    await new Promise((r) => setTimeout(r, 800));
    await app.screenshot("screen-statistics");

    await app.nav("hotspots");
    await app.click("hotspots-preset-thisYear");
    await app.el("hotspots-top-word", { timeout: 30000 });
    const words = await app.driver.findElements(By.css('[data-testid="hotspots-top-word"]'));
    assert.ok(words.length >= 5, "several topics this year");
    const first = await words[0].getText();
    const cells = await app.driver.findElements(By.css('[data-testid="hotspots-top-row"]:first-child td'));
    const topicCount = Number((await cells[2].getText()).replace(/,/g, ""));
    app.log(`top topic this year: ${first} (${topicCount})`);
    await new Promise((r) => setTimeout(r, 800));
    await app.screenshot("screen-hotspots");
    await words[0].click();
    await app.el("topic-appeals", { timeout: 10000 });
    await app.driver.wait(async () => (await app.driver.findElements(By.css('[data-testid="topic-appeals"] [data-testid="appeal-row-number"]'))).length > 0, 15000);
    const rows = await app.driver.findElements(By.css('[data-testid="topic-appeals"] [data-testid="appeal-row-number"]'));
    assert.equal(rows.length, Math.min(topicCount, 20), "the drawer lists the topic's appeals, 20 a page");
  },
);
