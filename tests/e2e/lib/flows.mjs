// Steps several scenarios share, written the way staff work the window: seed the demo office,
// register an appeal on the form, open an appeal, take an action through its dialog.
import assert from "node:assert/strict";
import { Key } from "./app.mjs";

/** Seeds the demo office (users of every role, password minyi2026) with a few demo appeals. */
export function seedOffice({ appeals = 1, asOf } = {}) {
  return async (app) => {
    const args = ["demo", "--appeals", String(appeals), "--seed", "1"];
    if (asOf) args.push("--as-of", asOf);
    await app.cli(args);
  };
}

/** The demo departments by name, with the login stem of their handler (`_cbr`) and head (`_fzr`). */
export const DEPT = {
  城市管理局: "cg",
  住房和城乡建设局: "zj",
  生态环境局: "hb",
  交通运输局: "jt",
  市场监督管理局: "sj",
};

/**
 * Fills the registration form and saves it (Ctrl+S is not used: the save button is). Returns
 * `{ regNumber, id, message }` after opening the new appeal with 查看详情 when `open` is set.
 */
export async function registerOnForm(app, a, { open = true } = {}) {
  await app.nav("register");
  await app.click(`reg-channel-${a.channel}`);
  if (a.anonymous) await app.setChecked("reg-anonymous", true);
  if (a.name !== undefined) await app.type("reg-name", a.name);
  if (a.phone !== undefined) await app.type("reg-phone", a.phone);
  if (a.address !== undefined) await app.type("reg-address", a.address);
  await app.click(`reg-category-${a.category}`);
  if (a.urgency) await app.click(`reg-urgency-${a.urgency}`);
  if (a.major) await app.setChecked("reg-major", true);
  await app.type("reg-subject", a.subject);
  await app.type("reg-content", a.content);
  await app.click("reg-save");
  const message = await app.waitMessage(/登记/, { type: "success", timeout: 15000 });
  const regNumber = (await app.text("reg-result-number")).trim();
  assert.match(regNumber, /^\d{8}-\d{4,}$/, `registration number ${regNumber}`);
  let id = null;
  if (open) {
    await app.click("reg-view");
    const route = await app.waitRoute(/^\/appeals\/\d+/);
    id = Number(route.match(/^\/appeals\/(\d+)/)[1]);
    await app.waitText("detail-reg-number", regNumber, 15000);
  }
  return { regNumber, id, message };
}

/** Opens an appeal's detail page by id and waits until its header shows. */
export async function openAppeal(app, id) {
  await app.go(`/appeals/${id}`);
  await app.el("detail-header", { timeout: 15000 });
}

/** Opens the appeal with this registration number from the workbench's task list. */
export async function openFromWorkbench(app, regNumber) {
  await app.nav("workbench");
  const cell = await app.elByText(regNumber, { within: "view-workbench", timeout: 15000 });
  await app.click(cell);
  await app.waitText("detail-reg-number", regNumber, 15000);
}

/** The actions the detail page offers now (the `action-<name>` buttons), in order. */
export async function offeredActions(app) {
  return app.driver.executeScript(
    "return Array.from(document.querySelectorAll('[data-testid=detail-actions] [data-testid^=action-]')).map(b => b.dataset.testid.slice(7))",
  );
}

/** The status tag's text on the detail page. */
export async function detailStatus(app) {
  return app.text("detail-status");
}

/** Waits until the detail page's status tag shows `label`. */
export async function waitStatus(app, label, timeout = 15000) {
  return app.waitText("detail-status", label, timeout);
}

/**
 * Takes an action on the open detail page: clicks `action-<action>`, lets `fill()` complete the
 * dialog, submits (confirming once more for irreversible actions) and waits for the success
 * message, which it returns.
 */
export async function act(app, action, fill = async () => {}, { expect = /./ } = {}) {
  await app.dismissMessages();
  await app.click(`action-${action}`);
  await app.el("action-dialog", { timeout: 10000 });
  await fill();
  await app.click("dlg-submit");
  // Irreversible actions show a warning first and need a second click.
  await app.driver.wait(
    async () => (await app.has("dlg-confirm-text")) || (await app.messages()).length > 0 || !(await app.has("action-dialog")),
    10000,
  );
  if (await app.has("dlg-confirm-text")) await app.click("dlg-submit");
  const shown = await app.driver.wait(
    async () => {
      const ms = await app.messages();
      if (ms.length) return ms;
      if (await app.has("dlg-error")) return [{ type: "error", text: await app.text("dlg-error") }];
      return null;
    },
    15000,
    `no answer to ${action}`,
  );
  // A success may be followed (or preceded) by another toast, e.g. from the page's reload.
  await new Promise((r) => setTimeout(r, 600));
  const all = [...shown, ...(await app.messages())].filter(
    (m, i, xs) => xs.findIndex((n) => n.text === m.text && n.type === m.type) === i,
  );
  const success = all.find((m) => m.type === "success" && (expect instanceof RegExp ? expect.test(m.text) : m.text.includes(expect)));
  const others = all.filter((m) => m.type !== "success");
  if (!success) {
    const errs = await app.driver.executeScript(
      "return Array.from(document.querySelectorAll('.el-dialog .el-form-item__error')).map(e => e.innerText)",
    );
    throw new Error(`${action} failed: ${JSON.stringify(all)} ${errs.length ? `(field errors: ${errs.join("; ")})` : ""}`);
  }
  for (const m of others) app.softFail(`after ${action} succeeded ("${success.text}") the window also showed a ${m.type} message: "${m.text}"`);
  await app.dismissMessages();
  await app.gone("action-dialog");
  return success.text;
}

/** The text of the table row (in the view `within`) that shows `regNumber`; "" when none does. */
export async function appealRow(app, within, regNumber) {
  return app.driver.executeScript(
    `const rows = document.querySelectorAll('[data-testid="' + arguments[0] + '"] tr');
     for (const r of rows) if (r.innerText.includes(arguments[1])) return r.innerText;
     return "";`,
    within,
    regNumber,
  );
}

/** Types into a dialog's text field (`dlg-<name>`). */
export function fillDlg(app, name, text) {
  return app.type(`dlg-${name}`, text);
}

export { Key };
