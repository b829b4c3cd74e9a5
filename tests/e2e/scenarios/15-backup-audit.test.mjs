// Scenario 15 — the administrator's safety screens: a person at the office reveals an appellant
// (logged); the administrator backs up in 设置 → 备份与恢复, restores that backup after the
// confirmation dialog, and reads 日志审计: the sign-ins in 安全日志 and the revealing in
// 个人信息访问记录. Screenshots: output/backup.png, output/audit.png, output/audit-access.png.
import { test } from "node:test";
import { By, scenario } from "../lib/app.mjs";
import { seedOffice } from "../lib/flows.mjs";

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** The rows of the table with `testid`, once it has at least `min` of them. */
async function rows(app, testid, min = 1) {
  let found = [];
  await app.driver.wait(async () => {
    found = await app.driver.findElements(By.css(`[data-testid="${testid}"] tbody tr`));
    return found.length >= min;
  }, 15000, `${testid} has no rows`);
  return found;
}

/** Clicks the tab whose text includes `label` (Element Plus tabs carry no test id of their own). */
async function tab(app, scope, label) {
  const tabs = await app.driver.findElements(By.css(`[data-testid="${scope}"] .el-tabs__item`));
  for (const t of tabs) {
    if ((await t.getText()).includes(label)) {
      await t.click();
      return;
    }
  }
  throw new Error(`no tab ${label}`);
}

scenario(
  test,
  "15-backup-audit",
  "备份与恢复、日志审计：立即备份、确认后恢复，安全日志与个人信息访问记录",
  { seed: seedOffice({ appeals: 200, asOf: today }) },
  async (app) => {
    // Someone at the office reveals an appellant: an access-log line.
    await app.signIn("bangongshi");
    await app.nav("appeals");
    await app.el("appeal-row-number", { timeout: 15000 });
    await app.click("appeal-row-number");
    await app.click("detail-reveal");
    await app.el("detail-hide", { timeout: 15000 });

    await app.switchUser("admin");
    await app.nav("settings");
    await app.click("settings-tab-backup");
    await app.el("backup-tab", { timeout: 15000 });
    await app.click("backup-now");
    await rows(app, "backup-list");
    await app.waitText("backup-list", /手动备份/);
    await app.screenshot("backup");

    // Restore it after the confirmation dialog: the office is as it was, and says where the
    // replaced data went.
    const restore = await app.driver.findElement(By.css('[data-testid^="backup-restore-"]'));
    await app.click(restore);
    await app.el("restore-dialog", { timeout: 15000 });
    await app.click("restore-confirm");
    await app.driver.wait(async () => {
      const msgs = await app.driver.findElements(By.css(".el-message"));
      for (const m of msgs) if ((await m.getText().catch(() => "")).includes("已恢复到")) return true;
      return false;
    }, 30000, "no message that the backup was restored");

    // The restored office passes the full integrity check (its chains, the heads its backups
    // recorded: a restore is not a file put back behind the log's back).
    await app.click("integrity-check");
    await app.waitText("integrity-ok", /检查通过/, 30000);

    await app.nav("audit");
    await rows(app, "audit-security-table");
    // Sign-ins are in the security log, and so is the restore, by the administrator.
    await app.waitText("audit-security-table", /登录/);
    await app.waitText("audit-security-table", /从备份恢复/);
    await app.screenshot("audit");

    await tab(app, "view-audit", "个人信息访问记录");
    await rows(app, "audit-access-table");
    await app.waitText("audit-access-table", /查看诉求详情/);
    await app.screenshot("audit-access");
  },
);
