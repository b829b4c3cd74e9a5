// Scenario 8 — the main screens of a working office (demo data up to today), each saved as a
// screenshot for README and docs (output/screen-*.png): workbench, registration, list, detail,
// settings (and a print from the detail page). Checks that each shows real content, not an empty
// or error state.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { By, scenario } from "../lib/app.mjs";
import { seedOffice } from "../lib/flows.mjs";

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

scenario(
  test,
  "08-screens",
  "主要页面截图：工作台、登记、列表、详情、设置",
  { seed: seedOffice({ appeals: 2000, asOf: today }) },
  async (app) => {
    await app.signIn("bangongshi");
    await app.el("view-workbench", { timeout: 15000 });
    await app.el("wb-todo", { timeout: 15000 });
    await app.screenshot("screen-workbench");

    await app.nav("register");
    await app.el("view-register");
    await app.screenshot("screen-register");

    await app.nav("appeals");
    await app.el("appeal-row-number", { timeout: 15000 });
    await app.screenshot("screen-list");
    await app.click("appeal-row-number");
    await app.el("detail-reg-number", { timeout: 15000 });
    await app.screenshot("screen-detail");

    // Printing from the detail page: the transfer slip (masked data) is written into the data
    // directory's prints/ and handed to the system viewer.
    const prints = path.join(app.dataDir, "prints");
    const slip = await printFromMenu(app, "transfer_slip", prints, "-交办单.pdf");
    const head = (await readFile(path.join(prints, slip))).subarray(0, 4).toString();
    assert.equal(head, "%PDF", "the slip is a PDF");

    await app.switchUser("admin");
    await app.nav("settings");
    await app.el("view-settings");
    const tabs = await app.driver.findElements(By.css('[data-testid="view-settings"] .el-tabs__item'));
    assert.ok(tabs.length >= 3, "an administrator sees several settings tabs");
    // 打印文书: the agreement's clauses (the built-in ones until changed) and the receipt's contact.
    for (const t of tabs) if ((await t.getText()).includes("打印文书")) await t.click();
    const clauses = await app.el('textarea[data-testid="setting-paper.agreement_clauses"]', { timeout: 15000 });
    assert.match(await clauses.getAttribute("value"), /未经诉求人同意/);
    await app.waitText("paper-clause-count", /共 6 条/);
    await app.screenshot("screen-settings-paper");
    // The working-day calendar: twelve month grids with the year's holidays and make-up days.
    const calendar = [];
    for (const t of tabs) if ((await t.getText()).includes("工作日历")) calendar.push(t);
    await calendar[0].click();
    // Every mask hidden or gone. (Each visibility check is awaited: a mask removed between the
    // search and the check rejects with a stale element, which unawaited was an unhandled
    // rejection that failed the scenario now and then.)
    await app.driver.wait(async () => {
      const masks = await app.driver.findElements(By.css('[data-testid="view-settings"] .el-loading-mask'));
      for (const m of masks) {
        if (await m.isDisplayed().catch(() => false)) return false;
      }
      return true;
    }, 10000).catch(() => {});
    await new Promise((r) => setTimeout(r, 1500));
    await app.screenshot("screen-settings");
  },
);

/**
 * Picks 打印… from the detail page's print menu and waits for the PDF in `prints`. A click that
 * lands on the menu while it is still opening (or closing) does nothing; that is retried, with
 * what the window showed logged, while an error message fails at once with its text.
 */
async function printFromMenu(app, document, prints, suffix) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    await app.click("print-button");
    await app.click(`print-${document}`);
    let found = null;
    let errors = [];
    await app.driver
      .wait(async () => {
        const files = await readdir(prints).catch(() => []);
        found = files.find((f) => f.endsWith(suffix)) ?? null;
        errors = (await app.messages()).filter((m) => m.type === "error");
        return found !== null || errors.length > 0;
      }, 10000)
      .catch(() => {});
    if (found) return found;
    assert.deepEqual(errors, [], "printing showed an error");
    console.log(`print attempt ${attempt}: no file after 10 s; messages ${JSON.stringify(await app.messages())}`);
    await app.driver.actions().sendKeys("\uE00C").perform().catch(() => {});
  }
  assert.fail(`no ${suffix} in ${prints} after three attempts`);
}
