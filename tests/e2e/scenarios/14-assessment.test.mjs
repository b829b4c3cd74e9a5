// Scenario 14 — 考核 and 决策参考: the appeals office opens 考核 on a working office's data (demo
// data up to today), sees the departments ranked with their weighted scores and a drawn chart,
// the people's ranking beside it, and records a reward for the quarter (a missing reason is
// refused under its field first). Then on 决策参考 a recommendation is recorded (an empty title is
// refused under its field, nothing typed is lost) and moved on to 已采纳; on 统计分析 the difficult
// issues list long-running appeals, one click from the appeal. The 考核 screen is saved for docs
// (output/screen-assessment.png), and 决策参考 and the difficult issues for review (screen-recommendations.png,
// screen-difficult.png).
import { test } from "node:test";
import assert from "node:assert/strict";
import { By, scenario } from "../lib/app.mjs";
import { seedOffice } from "../lib/flows.mjs";

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

async function chartDrawn(app) {
  await app.driver.wait(async () => {
    const el = await app.el("assessment-chart");
    return (await el.getAttribute("data-drawn")) === "true" && (await el.findElements(By.css("canvas"))).length > 0;
  }, 20000);
}

scenario(
  test,
  "14-assessment",
  "考核：排名与图表、登记奖惩；决策参考：记录建议并登记采纳；难点一键到诉求",
  { seed: seedOffice({ appeals: 2000, asOf: today }) },
  async (app) => {
    await app.signIn("bangongshi");
    await app.nav("assessment");
    await app.el("view-assessment", { timeout: 15000 });
    await app.el("assessment-departments-rank", { timeout: 30000 });
    await chartDrawn(app);
    const ranks = await app.driver.findElements(By.css('[data-testid="assessment-departments-rank"]'));
    assert.ok(ranks.length >= 5, `several departments ranked: ${ranks.length}`);
    assert.equal(await ranks[0].getText(), "1");
    const scores = [];
    for (const s of await app.driver.findElements(By.css('[data-testid="assessment-departments-score"]'))) {
      scores.push(Number(await s.getText()));
    }
    assert.ok(scores.every((s, i) => s >= 0 && s <= 100 && (i === 0 || s <= scores[i - 1] + 0.05)), `best first: ${scores}`);
    const weights = await app.text("assessment-weights");
    assert.match(weights, /受理及时 15.*建议采纳 10/);
    app.log(`${ranks.length} departments, scores ${scores.join(", ")}; weights ${weights}`);

    // A reward for the period: the reason is required.
    await app.click("reward-open");
    await app.el("reward-dialog", { timeout: 10000 });
    await app.select("reward-department", "城市管理局");
    await app.click("reward-save");
    assert.equal(await app.waitFieldError("reward-reason", "请填写奖惩事由"), "请填写奖惩事由。");
    await app.type("reward-reason", "本季度按期办结率高，群众满意，予以通报表扬。");
    await app.click("reward-save");
    app.log(await app.waitMessage(/已登记奖励：城市管理局/, { type: "success", timeout: 15000 }));
    await app.driver.wait(async () => (await app.text("reward-list")).includes("通报表扬"), 15000);
    assert.match(await app.text("reward-list"), /奖励[\s\S]*城市管理局/);
    // The screen for docs: from the top, the ranking and (below it) the chart.
    await app.driver.executeScript("document.querySelector('[data-testid=view-assessment]').scrollIntoView()");
    await new Promise((r) => setTimeout(r, 800));
    await app.screenshot("screen-assessment");

    // A recommendation, then adopted.
    await app.nav("recommendations");
    await app.el("view-recommendations", { timeout: 15000 });
    await app.click("rec-open");
    await app.el("recommendation-dialog", { timeout: 10000 });
    await app.type("rec-content", "城管与住建每周联合夜查两次，结果在月度例会通报。");
    await app.type("rec-basis", "本季度“夜间施工”投诉明显增多。");
    await app.select("rec-department", "城市管理局");
    await app.click("rec-save");
    assert.equal(await app.waitFieldError("rec-title", "请填写建议标题"), "请填写建议标题。");
    assert.equal(await app.value("rec-content"), "城管与住建每周联合夜查两次，结果在月度例会通报。", "nothing typed is lost");
    await app.type("rec-title", "夜间施工投诉集中，建议建立联合巡查机制");
    await app.click("rec-save");
    app.log(await app.waitMessage(/已记录建议/, { type: "success", timeout: 15000 }));
    const advance = await app.el('[data-testid^="rec-advance-"]', { timeout: 15000 });
    const id = (await advance.getAttribute("data-testid")).replace("rec-advance-", "");
    assert.equal(await app.text(`rec-status-${id}`), "已提出");
    await app.gone("recommendation-dialog", 10000);
    await app.click(`rec-advance-${id}`);
    app.log(await app.waitMessage(/登记为已采纳/, { type: "success", timeout: 15000 }));
    await app.waitText(`rec-status-${id}`, "已采纳", 15000);
    assert.equal(await app.text(`rec-advance-${id}`), "登记落实", "the next step is offered");
    await app.screenshot("screen-recommendations");

    // Difficult issues on 统计分析: a long-running appeal is one click away.
    await app.nav("statistics");
    await app.click("stats-preset-thisYear");
    const first = await app.el('[data-testid="difficult-longRunning"] tbody tr', { timeout: 30000 });
    await app.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", first);
    await new Promise((r) => setTimeout(r, 500));
    await app.screenshot("screen-difficult");
    const number = String(await app.driver.executeScript("return arguments[0].querySelector('td').textContent.trim()", first));
    assert.match(number, /^(\d{8}-\d{4}|[A-Z]{2}-\d{4}-\d{6})$/, `an appeal number: ${number}`);
    await app.click(await first.findElement(By.css("td:nth-child(3)")));
    await app.waitRoute(/\/appeals\/\d+/, 15000);
    await app.waitBodyText(number, 15000);
    app.log(`long-running appeal ${number} opened`);
  },
);
