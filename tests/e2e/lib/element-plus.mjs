// Element Plus helpers mixed into App: pick options in el-select poppers, tick checkboxes and
// switches, read ElMessage toasts and the error shown under a form field.
import { By, Key } from "selenium-webdriver";
import { DEFAULT_TIMEOUT, sleep, xpathLiteral } from "./util.mjs";

export class ElementPlusHelpers {
  /**
   * Picks `label` in an Element Plus select: clicks the select (testid on the el-select or on
   * its inner input), waits for the popper to stop moving, clicks the option with that text and
   * checks that the select now shows it (retrying once more if the click landed elsewhere).
   */
  async select(id, label, { timeout = DEFAULT_TIMEOUT } = {}) {
    const lit = xpathLiteral(label);
    const xp =
      `//*[contains(concat(' ', normalize-space(@class), ' '), ' el-select-dropdown__item ')]` +
      `[normalize-space(.)=${lit} or .//*[normalize-space(.)=${lit}]]`;
    let shows = "";
    for (let attempt = 0; attempt < 3; attempt++) {
      const e = await this.el(id);
      if (!(await this.selectOpen(e))) await this.click(e);
      const opt = await this.driver.wait(
        async () => {
          for (const o of await this.driver.findElements(By.xpath(xp))) {
            try {
              if (await o.isDisplayed()) return o;
            } catch {
              /* stale */
            }
          }
          return null;
        },
        timeout,
        `option "${label}" of ${id} not shown within ${timeout} ms`,
      );
      await this.settle(opt);
      await this.driver.executeScript("arguments[0].scrollIntoView({block: 'nearest'})", opt);
      await this.settle(opt);
      await this.click(opt);
      await sleep(200);
      shows = await this.selectShows(e);
      if (shows.includes(label)) break;
    }
    if (!shows.includes(label)) throw new Error(`select ${id} shows ${JSON.stringify(shows)} instead of ${label}`);
    // Close a multiple select's popper; a single select closes itself.
    if (await this.selectOpen(await this.el(id))) await (await this.el(id)).sendKeys(Key.ESCAPE).catch(() => {});
    await sleep(150);
  }

  /** Waits until an element's position stops changing (popper transitions). */
  async settle(e, timeout = 2000) {
    let last = "";
    const until_ = Date.now() + timeout;
    while (Date.now() < until_) {
      const r = await this.driver.executeScript(
        "const r = arguments[0].getBoundingClientRect(); return [r.x, r.y, r.width, r.height].map(Math.round).join(',')",
        e,
      );
      if (r === last) return;
      last = r;
      await sleep(80);
    }
  }

  /** What an Element Plus select shows as chosen (its selected item texts). */
  async selectShows(e) {
    return this.driver.executeScript(
      `const root = arguments[0].closest('.el-select') || arguments[0];
       return Array.from(root.querySelectorAll('.el-select__selected-item, .el-select__tags-text, input'))
         .map(x => (x.value !== undefined && x.tagName === 'INPUT') ? x.value : x.innerText).join(' ').trim();`,
      e,
    );
  }

  /** Whether an Element Plus select's dropdown is open. */
  async selectOpen(e) {
    return this.driver.executeScript(
      `const root = arguments[0].closest('.el-select') || arguments[0];
       const w = root.querySelector('.el-select__wrapper');
       return !!(w && w.classList.contains('is-focused')) && !!document.querySelector('.el-select__popper[aria-hidden="false"], .el-select-dropdown:not([style*="display: none"]) .el-select-dropdown__item');`,
      e,
    );
  }

  /** Ticks or unticks an el-checkbox / el-switch by testid to the wanted state. */
  async setChecked(id, wanted = true) {
    const e = await this.el(id);
    const isOn = await this.driver.executeScript(
      `const el = arguments[0];
       const input = el.matches('input') ? el : el.querySelector('input');
       if (el.classList.contains('el-switch')) return el.classList.contains('is-checked');
       return input ? input.checked : el.classList.contains('is-checked');`,
      e,
    );
    if (Boolean(isOn) !== wanted) await this.click(e);
  }

  /** Texts of the ElMessage toasts on screen now. */
  async messages() {
    return this.driver.executeScript(
      "return Array.from(document.querySelectorAll('.el-message')).map(m => ({ type: (m.className.match(/el-message--(\\w+)/) || [])[1] || '', text: m.innerText.trim() }))",
    );
  }

  /**
   * Waits for an ElMessage whose text matches (string = contains, RegExp) and optionally type
   * ('success' | 'error' | 'warning' | 'info'); returns its text. Closes it afterwards so the
   * next wait sees only new messages.
   */
  async waitMessage(expected = /./, { type, timeout = DEFAULT_TIMEOUT, keep = false } = {}) {
    const ok = (m) =>
      (!type || m.type === type) && (expected instanceof RegExp ? expected.test(m.text) : m.text.includes(expected));
    let seen = [];
    let hit = null;
    try {
      await this.driver.wait(
        async () => {
          seen = await this.messages();
          hit = seen.find(ok) || null;
          return hit !== null;
        },
        timeout,
      );
    } catch {
      throw new Error(
        `no ${type || ""} message matching ${expected} within ${timeout} ms; messages: ${JSON.stringify(seen)}`,
      );
    }
    if (!keep) await this.dismissMessages();
    return hit.text;
  }

  /** Removes all ElMessage toasts (so they do not cover buttons or confuse later waits). */
  async dismissMessages() {
    await this.driver.executeScript(
      "document.querySelectorAll('.el-message').forEach(m => { const c = m.querySelector('.el-message__closeBtn'); if (c) c.click(); else m.remove(); })",
    );
    await sleep(150);
  }

  /** The form-item error text shown under the field holding the testid element ('' if none). */
  async fieldError(id) {
    const e = await this.el(id, { visible: false });
    return this.driver.executeScript(
      `const item = arguments[0].closest('.el-form-item');
       const err = item && item.querySelector('.el-form-item__error, [role=alert]');
       return err ? err.innerText.trim() : '';`,
      e,
    );
  }

  /** Waits for a field error under the field of `id` and returns it. */
  async waitFieldError(id, expected = /./, timeout = DEFAULT_TIMEOUT) {
    let last = "";
    const ok = (t) => t && (expected instanceof RegExp ? expected.test(t) : t.includes(expected));
    try {
      await this.driver.wait(async () => ok((last = await this.fieldError(id))), timeout);
    } catch {
      throw new Error(`no field error matching ${expected} under ${id} within ${timeout} ms (shows ${JSON.stringify(last)})`);
    }
    return last;
  }
}
