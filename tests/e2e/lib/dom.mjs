// Generic WebDriver helpers mixed into App: find, click and type by data-testid (or CSS), read
// rendered text, follow the hash route. Element Plus specifics live in element-plus.mjs.
import { By, Key } from "selenium-webdriver";
import { DEFAULT_TIMEOUT, sleep, xpathLiteral, css } from "./util.mjs";

export class DomHelpers {
  /** Waits for a visible element with this data-testid (or CSS selector if it has `[`/`.`/`#`). */
  async el(idOrCss, { timeout = DEFAULT_TIMEOUT, visible = true } = {}) {
    const sel = css(idOrCss);
    const msg = `no ${visible ? "visible " : ""}element ${sel} within ${timeout} ms`;
    return this.driver.wait(
      async () => {
        const found = await this.driver.findElements(By.css(sel));
        for (const e of found) {
          try {
            if (!visible || (await e.isDisplayed())) return e;
          } catch {
            /* stale: look again */
          }
        }
        return null;
      },
      timeout,
      msg,
    );
  }

  /** All elements matching a data-testid (or CSS), visible or not, without waiting. */
  async all(idOrCss) {
    return this.driver.findElements(By.css(css(idOrCss)));
  }

  /** Whether a visible element with this data-testid is on screen now. */
  async has(idOrCss) {
    for (const e of await this.all(idOrCss)) {
      try {
        if (await e.isDisplayed()) return true;
      } catch {
        /* stale */
      }
    }
    return false;
  }

  /** Waits until no visible element with this data-testid remains. */
  async gone(idOrCss, timeout = DEFAULT_TIMEOUT) {
    await this.driver.wait(async () => !(await this.has(idOrCss)), timeout, `${idOrCss} still visible after ${timeout} ms`);
  }

  /** Clicks an element (testid, CSS or WebElement), retrying while something covers it. */
  async click(target, { timeout = DEFAULT_TIMEOUT } = {}) {
    const until_ = Date.now() + timeout;
    let last;
    while (Date.now() < until_) {
      try {
        const e = typeof target === "string" ? await this.el(target, { timeout: Math.max(500, until_ - Date.now()) }) : target;
        await this.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
        await e.click();
        return e;
      } catch (err) {
        last = err;
        if (/no (visible )?element/.test(err.message)) break;
        await sleep(150);
      }
    }
    throw new Error(`click ${typeof target === "string" ? target : "element"} failed: ${last?.message}`);
  }

  /** Clicks a button (or any element) by its exact visible text within an optional container. */
  async clickText(text, { within = "", tag = "*", timeout = DEFAULT_TIMEOUT } = {}) {
    const e = await this.elByText(text, { within, tag, timeout });
    return this.click(e, { timeout });
  }

  /** A visible element whose normalised own text equals `text` (deepest such element). */
  async elByText(text, { within = "", tag = "*", timeout = DEFAULT_TIMEOUT, contains = false } = {}) {
    const lit = xpathLiteral(text);
    const cond = contains ? `contains(normalize-space(.), ${lit})` : `normalize-space(.)=${lit}`;
    const scope = within ? `//*[@data-testid=${xpathLiteral(within)}]` : "";
    const xp = `${scope}//${tag}[${cond}][not(.//*[${cond}])]`;
    return this.driver.wait(
      async () => {
        for (const e of await this.driver.findElements(By.xpath(xp))) {
          try {
            if (await e.isDisplayed()) return e;
          } catch {
            /* stale */
          }
        }
        return null;
      },
      timeout,
      `no visible element with text "${text}"${within ? ` in ${within}` : ""} within ${timeout} ms`,
    );
  }

  /**
   * Types into an input or textarea (testid lands on the native element for el-input). Clears it
   * first unless `clear: false`. Falls back to setting the value through an input event when the
   * driver cannot type a character.
   */
  async type(id, text, { clear = true, enter = false } = {}) {
    const e = await this.el(id);
    await this.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
    if (clear) await this.clear(e);
    if (text === "") return e;
    await e.sendKeys(text);
    const value = await e.getAttribute("value");
    if (!clear ? !value.endsWith(text) : value !== text) {
      // e.g. characters the driver cannot synthesise: set the value like the IME would.
      await this.driver.executeScript(
        `const el = arguments[0], v = arguments[1];
         const proto = el.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
         Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, v);
         el.dispatchEvent(new Event('input', { bubbles: true }));
         el.dispatchEvent(new Event('change', { bubbles: true }));`,
        e,
        clear ? text : value + text,
      );
    }
    if (enter) await e.sendKeys(Key.ENTER);
    return e;
  }

  /** Empties an input the way a user would (select all, delete), so v-model sees it. */
  async clear(e) {
    const el = typeof e === "string" ? await this.el(e) : e;
    await el.click().catch(() => {});
    await el.sendKeys(Key.chord(Key.CONTROL, "a"), Key.BACK_SPACE);
    if ((await el.getAttribute("value")) !== "") {
      await this.driver.executeScript(
        `const el = arguments[0];
         const proto = el.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
         Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, '');
         el.dispatchEvent(new Event('input', { bubbles: true }));`,
        el,
      );
    }
  }

  /** Leaves the current field (Tab), which triggers blur validation. */
  async blur(id) {
    const e = await this.el(id);
    await e.sendKeys(Key.TAB);
  }

  /** The value of an input. */
  async value(id) {
    return (await this.el(id)).getAttribute("value");
  }

  /** Visible text of an element by testid. */
  async text(id, opts) {
    return this.textOf(await this.el(id, opts));
  }

  /**
   * Rendered text of an element. WebKitWebDriver's getText sometimes answers "" for visible
   * spans in flex rows, so this reads innerText (what the user sees) instead.
   */
  async textOf(e) {
    const t = await this.driver.executeScript("return arguments[0].innerText", e);
    return typeof t === "string" ? t.trim() : "";
  }

  /** Waits until the element's text matches (string = contains, RegExp = test); returns it. */
  async waitText(id, expected, timeout = DEFAULT_TIMEOUT) {
    let last = "";
    const ok = (t) => (expected instanceof RegExp ? expected.test(t) : t.includes(expected));
    try {
      await this.driver.wait(
        async () => {
          try {
            last = await this.textOf(await this.el(id, { timeout: 300 }));
          } catch {
            return false;
          }
          return ok(last);
        },
        timeout,
      );
    } catch {
      throw new Error(`${id} did not show ${expected} within ${timeout} ms; it shows: ${JSON.stringify(last)}`);
    }
    return last;
  }

  /** Waits until the page body shows `expected` somewhere (string or RegExp). */
  async waitBodyText(expected, timeout = DEFAULT_TIMEOUT) {
    let last = "";
    const ok = (t) => (expected instanceof RegExp ? expected.test(t) : t.includes(expected));
    try {
      await this.driver.wait(
        async () => {
          last = await this.driver.executeScript("return document.body.innerText");
          return ok(last);
        },
        timeout,
      );
    } catch {
      throw new Error(`the window did not show ${expected} within ${timeout} ms; it shows: ${last.slice(0, 1500)}`);
    }
    return last;
  }

  /** The window (document) title. */
  title() {
    return this.driver.getTitle();
  }

  /** The route part of the URL (after '#'). */
  async route() {
    const url = await this.driver.getCurrentUrl();
    const i = url.indexOf("#");
    return i >= 0 ? url.slice(i + 1) : url;
  }

  /** Waits until the route matches (string = startsWith, RegExp = test). */
  async waitRoute(expected, timeout = DEFAULT_TIMEOUT) {
    let last = "";
    const ok = (r) => (expected instanceof RegExp ? expected.test(r) : r.startsWith(expected));
    try {
      await this.driver.wait(async () => ok((last = await this.route())), timeout);
    } catch {
      throw new Error(`route did not become ${expected} within ${timeout} ms (is ${last})`);
    }
    return last;
  }

  /** Goes straight to a route (hash), e.g. `/appeals/12`. */
  async go(route) {
    await this.driver.executeScript("window.location.hash = arguments[0]", route);
    await this.waitRoute(route);
  }
}
