// One running app under test: `launch()` sets up display, driver, a fresh data dir (optionally
// seeded through the CLI) and the WebDriver session; `close()` tears everything down and never
// throws; sign in / switch user / navigate; screenshots; `scenario()` wraps one node:test test.
// The find/click/type/read helpers are mixed in from dom.mjs and element-plus.mjs.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Builder, By, Key, until } from "selenium-webdriver";
import { cli, paths, startDisplay, startTauriDriver } from "./processes.mjs";
import { OfficeServer } from "./office.mjs";
import { serveDist } from "./serve-dist.mjs";
import { DomHelpers } from "./dom.mjs";
import { ElementPlusHelpers } from "./element-plus.mjs";
import { DEFAULT_TIMEOUT, idle, sleep, tid } from "./util.mjs";

export { Key, OfficeServer, sleep, tid };

export const OUTPUT_DIR = path.resolve(import.meta.dirname, "../output");
export const DEMO_PASSWORD = "minyi2026";

export class App {
  constructor(name) {
    this.name = name;
    this.driver = null;
    this.dataDir = null;
    this.office = null; // the OfficeServer of a window in 联网 mode
    this.stack = [];
    this.failed = false;
    this.softFailures = [];
    this.Key = Key;
  }

  /**
   * Records a defect that should fail the scenario without stopping it, so the rest of the flow
   * is still checked; `scenario()` fails the test at the end if any were recorded.
   */
  softFail(message) {
    this.log(`DEFECT: ${message}`);
    this.softFailures.push(message);
  }

  /**
   * Starts everything. `seed(app)` runs after the data dir exists and before the app starts
   * (use `app.cli(...)` there to put data into `app.dbPath`). With `office` (an `OfficeServer`
   * from office.mjs) the window starts in 联网 mode on that server: its `connection.json` is
   * written into the data dir first (the server's data is seeded on the server, not here).
   */
  async launch({ seed, office } = {}) {
    const { appBin } = paths();
    this.dataDir = await mkdtemp(path.join(os.tmpdir(), `minyi-e2e-${this.name}-`));
    this.dbPath = path.join(this.dataDir, "minyi.db");
    this.stack.push(async () => {
      if (!this.failed || process.env.MINYI_E2E_KEEP_DATA === "never") {
        await rm(this.dataDir, { recursive: true, force: true });
      } else {
        console.error(`[${this.name}] data kept in ${this.dataDir}`);
      }
    });
    if (seed) await seed(this);
    if (office) {
      this.office = office;
      await writeFile(path.join(this.dataDir, "connection.json"), JSON.stringify(office.connection(), null, 2));
    }

    if (process.env.MINYI_E2E_SERVE_DIST) {
      const dist = process.env.MINYI_E2E_SERVE_DIST === "1" ? path.join(paths().repo, "ui", "dist") : process.env.MINYI_E2E_SERVE_DIST;
      const server = await serveDist(dist, 1420);
      this.stack.push(server.stop);
    }
    const display = await startDisplay();
    this.stack.push(display.stop);
    this.display = display.display;
    const env = { ...process.env, DISPLAY: display.display, MINYI_DATA_DIR: this.dataDir };
    delete env.MINYI_DB;
    const driver = await startTauriDriver(env);
    this.stack.push(async () => {
      if (this.failed && process.env.MINYI_E2E_DRIVER_LOG) console.error(driver.log());
      await driver.stop();
    });

    this.driver = await new Builder()
      .usingServer(driver.url)
      .withCapabilities({ browserName: "wry", "tauri:options": { application: appBin } })
      .build();
    this.stack.push(async () => {
      await Promise.race([this.driver.quit().catch(() => {}), idle(5000)]);
    });
    // Wait until the Vue app has routed somewhere (set-up or sign-in or a page).
    const shown = await this.driver
      .wait(
        async () => {
          try {
            return (await this.driver.findElements(By.css(tid("page-title")))).length > 0;
          } catch {
            return false; // the first page is still loading ("Callback was not called before the unload event")
          }
        },
        20000,
      )
      .catch(() => false);
    if (!shown) throw new Error(`the app did not show a page within 20 s: ${await this.diagnoseStart()}`);
    return this;
  }

  /** Why the window shows no page: the usual causes, found by looking at the page. */
  async diagnoseStart() {
    let facts;
    try {
      facts = await this.driver.executeScript(
        `return { url: location.href, mounted: (document.getElementById('app') || {}).childElementCount || 0,
                  frozen: Object.isFrozen(Object.prototype), body: document.body ? document.body.innerText.slice(0, 300) : '' }`,
      );
    } catch (e) {
      return `the page cannot be inspected (${e.message})`;
    }
    const parts = [`url ${facts.url}, #app children ${facts.mounted}`];
    if (/^https?:\/\/localhost:1420/.test(facts.url)) {
      parts.push(
        "the binary is a development build that loads build.devUrl instead of the embedded ui/dist: " +
          "build it with `cargo build -p minyi-app --features tauri/custom-protocol`, or set MINYI_E2E_SERVE_DIST=1 " +
          "to serve ui/dist on port 1420 for it",
      );
    }
    if (facts.mounted === 0 && facts.frozen) {
      parts.push(
        "Object.prototype is frozen (tauri.conf.json app.security.freezePrototype = true); Element Plus's dayjs " +
          "assigns toString on its own prototype, which then throws 'Attempted to assign to readonly property' " +
          "while the UI bundle loads, so Vue never mounts",
      );
    }
    if (facts.body) parts.push(`the window shows: ${JSON.stringify(facts.body)}`);
    return parts.join("; ");
  }

  /** A progress line in the test output (node:test shows it as a diagnostic comment). */
  log(...parts) {
    console.log(`[${this.name}]`, ...parts);
  }

  /** Saves the current screen into tests/e2e/output/<file>.png. Never throws. */
  async screenshot(file = this.name) {
    if (!this.driver) return null;
    try {
      await mkdir(OUTPUT_DIR, { recursive: true });
      const png = await this.driver.takeScreenshot();
      const out = path.join(OUTPUT_DIR, `${file}.png`);
      await writeFile(out, png, "base64");
      return out;
    } catch (e) {
      console.error(`[${this.name}] screenshot failed: ${e.message}`);
      return null;
    }
  }

  /** Tears everything down in reverse order; never throws. */
  async close() {
    while (this.stack.length) {
      const step = this.stack.pop();
      try {
        await step();
      } catch (e) {
        console.error(`[${this.name}] teardown: ${e.message}`);
      }
    }
  }

  /** minyi-cli against this scenario's database. */
  cli(args, opts) {
    return cli(["--db", this.dbPath, ...args], opts);
  }

  /** Registers an appeal through the CLI (before launch); returns the CLI's output. */
  async cliRegister(appeal) {
    const file = path.join(this.dataDir, `appeal-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, JSON.stringify(appeal));
    return this.cli(["register", "--json", file]);
  }

  // ---- session -------------------------------------------------------------------------

  /** Signs in on the sign-in screen and waits for the frame (top bar shows the user). */
  async signIn(username, password = DEMO_PASSWORD) {
    await this.el("signin-username", { timeout: 15000 });
    await this.type("signin-username", username);
    await this.type("signin-password", password);
    await this.click("signin-submit");
    await this.driver.wait(
      async () => (await this.has("topbar-user")) || (await this.has("signin-error")),
      DEFAULT_TIMEOUT,
      `sign-in as ${username} did not finish`,
    );
    if (await this.has("signin-error")) {
      throw new Error(`sign-in as ${username} failed: ${await this.text("signin-error")}`);
    }
    await this.dismissMessages();
  }

  /** Switches to another user through the top bar's 切换用户. */
  async switchUser(username, password = DEMO_PASSWORD) {
    await this.dismissMessages();
    await this.click("switch-user");
    await this.el("signin-username", { timeout: 15000 });
    await this.signIn(username, password);
  }

  /** Opens a page through the left navigation (`nav-<key>`) and waits for its view. */
  async nav(key) {
    await this.click(`nav-${key}`);
    await this.el(`view-${key}`, { timeout: 15000 });
  }
}

/**
 * One node:test test around one window. Options: `seed(app)` (see `App.launch`), `timeout`, and
 * `office: { seed }` to run the window in 联网 mode on a fresh office server (office.mjs) whose
 * database `seed(server)` fills before it starts; the body gets the server as `app.office`.
 */
export function scenario(test, name, title, options, body) {
  if (typeof options === "function") {
    body = options;
    options = {};
  }
  const { seed, office, timeout = 300_000 } = options;
  test(title, { timeout }, async () => {
    const app = new App(name);
    let server = null;
    try {
      if (office) server = await new OfficeServer(name).launch({ seed: office.seed });
      await app.launch({ seed, office: server ?? undefined });
      await body(app);
      if (app.softFailures.length) {
        throw new Error(`the flow completed, but with defects:\n- ${app.softFailures.join("\n- ")}`);
      }
    } catch (e) {
      app.failed = true;
      if (server) server.failed = true;
      throw e;
    } finally {
      const shot = await app.screenshot(name);
      if (shot && app.failed) console.error(`[${name}] last screen: ${shot}`);
      await app.close();
      if (server) await server.close();
    }
  });
}

/**
 * One node:test test around an office server and several windows in 联网 mode on it, each with
 * its own data dir, tauri-driver and display: `windows` names them (the App of "a" is
 * `<name>-a`). `office.seed(server)` fills the server's database before it starts. The body gets
 * `{ server, apps }` (apps by window name). Defects of any window fail the test at the end; the
 * last screen of every window is saved as `output/<name>-<window>.png`.
 */
export function officeScenario(test, name, title, options, body) {
  const { office = {}, windows = ["a"], timeout = 300_000 } = options;
  test(title, { timeout }, async () => {
    const server = new OfficeServer(name);
    const apps = Object.fromEntries(windows.map((w) => [w, new App(`${name}-${w}`)]));
    try {
      await server.launch({ seed: office.seed });
      for (const app of Object.values(apps)) await app.launch({ office: server });
      await body({ server, apps });
      const defects = Object.values(apps).flatMap((a) => a.softFailures.map((m) => `${a.name}: ${m}`));
      if (defects.length) throw new Error(`the flow completed, but with defects:\n- ${defects.join("\n- ")}`);
    } catch (e) {
      server.failed = true;
      for (const app of Object.values(apps)) app.failed = true;
      throw e;
    } finally {
      for (const app of Object.values(apps)) {
        const shot = await app.screenshot(app.name);
        if (shot && app.failed) console.error(`[${app.name}] last screen: ${shot}`);
      }
      for (const app of Object.values(apps)) await app.close();
      await server.close();
    }
  });
}

export { By, until };

for (const mixin of [DomHelpers, ElementPlusHelpers]) {
  for (const key of Object.getOwnPropertyNames(mixin.prototype)) {
    if (key !== "constructor") App.prototype[key] = mixin.prototype[key];
  }
}
