// Measures, through WebDriver on the real window, how long the user waits from an input (click
// or Enter) until the result is painted: opening the appeal list, its next page, a search result
// and an appeal's detail page. Timing happens inside the page (performance.now at the input
// event, then the first animation frame whose DOM shows the result, then the task after that
// frame's paint), so WebDriver's own round trips are not counted.
//
//   node measure.mjs [--appeals 100000] [--db big.db [--link]] [--runs 5] [--term 高空抛物] [--term2 噪音]
//
// Without --db a demo database of --appeals appeals is generated first (minyi-cli demo, seed 1);
// with --db that file is copied into the scratch data directory (the original is not touched), or
// with --link symlinked (for multi-gigabyte files; the app then writes its logs into it).
// Use a release build for figures that mean something:
//   MINYI_APP_BIN=target/release/minyi MINYI_CLI_BIN=target/release/minyi-cli node measure.mjs
import { execFileSync } from "node:child_process";
import { copyFile, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { App, DEMO_PASSWORD, sleep } from "./lib/app.mjs";

const { values: opt } = parseArgs({
  options: {
    appeals: { type: "string", default: "100000" },
    db: { type: "string" },
    runs: { type: "string", default: "5" },
    term: { type: "string", default: "高空抛物" },
    term2: { type: "string", default: "噪音" },
    user: { type: "string", default: "bangongshi" },
    link: { type: "boolean", default: false },
    // Copies each process's /proc/<pid>/smaps into this directory after browsing (where the memory is).
    smaps: { type: "string" },
  },
});
const runs = Number(opt.runs);

/** In-page timer: starts at the first `startEvent` (capture phase), stops after the paint of the
 * first frame in which `check` (one of CHECKS, with `arg`) holds. */
const ARM = `
  const [startEvent, check, arg] = arguments;
  const CHECKS = {
    listShown: () => {
      const rows = document.querySelectorAll('[data-testid=view-appeals] [data-testid=appeal-row-number]');
      return rows.length > 0;
    },
    firstRowNot: (before) => {
      const first = document.querySelector('[data-testid=view-appeals] [data-testid=appeal-row-number]');
      return !!first && first.innerText.trim() !== before;
    },
    searchShown: (before) => {
      const term = document.querySelector('[data-testid=appeals-search-term]');
      const first = document.querySelector('[data-testid=view-appeals] [data-testid=appeal-row-number]');
      const table = document.querySelector('[data-testid=view-appeals] [data-testid=appeal-table]');
      const empty = table && table.querySelector('[data-testid=appeal-table-empty]') && !first;
      return !!term && ((!!first && first.innerText.trim() !== before) || (empty && !table.querySelector('.el-loading-mask:not([style*="display: none"])')));
    },
    workbenchShown: () => {
      const wb = document.querySelector('[data-testid=view-workbench]');
      return !!wb && (!!wb.querySelector('[data-testid=wb-todo]') || !!wb.querySelector('[data-testid=wb-empty]'));
    },
    detailShown: (number) => {
      const n = document.querySelector('[data-testid=detail-reg-number]');
      return !!n && n.innerText.trim() === number && !!document.querySelector('[data-testid=tab-timeline]');
    },
  };
  const m = (window.__minyiMeasure = { t0: null, t1: null, check });
  const cond = () => CHECKS[check](arg);
  const frame = () =>
    requestAnimationFrame(() => {
      if (cond()) setTimeout(() => { m.t1 = performance.now(); }, 0);
      else frame();
    });
  document.addEventListener(startEvent, function onStart() {
    document.removeEventListener(startEvent, onStart, true);
    m.t0 = performance.now();
    frame();
  }, true);
`;

async function timed(app, startEvent, check, arg, action) {
  await app.driver.executeScript(ARM, startEvent, check, arg ?? null);
  await action();
  const m = await app.driver.wait(
    async () => {
      const r = await app.driver.executeScript("return window.__minyiMeasure");
      return r && r.t1 != null ? r : null;
    },
    60000,
    `${check} did not happen within 60 s`,
  );
  return m.t1 - m.t0;
}

const firstRow = (app) =>
  app.driver.executeScript(
    "const f = document.querySelector('[data-testid=view-appeals] [data-testid=appeal-row-number]'); return f ? f.innerText.trim() : ''",
  );

async function clearSearch(app) {
  await app.clear("appeals-search");
  await (await app.el("appeals-search")).sendKeys(app.Key.ENTER);
}

function summary(name, xs) {
  const s = [...xs].sort((a, b) => a - b);
  const med = s[Math.floor(s.length / 2)];
  const f = (x) => `${Math.round(x)} ms`;
  const width = [...name].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  return `${name}${" ".repeat(Math.max(1, 30 - width))} median ${f(med).padStart(8)}   min ${f(s[0]).padStart(8)}   max ${f(s[s.length - 1]).padStart(8)}   (in order taken: ${xs.map(Math.round).join(", ")})`;
}

/** Memory of the app and every process below it (WebKit's web and network processes do the
 * drawing), found by the app binary's path: the sum of VmRSS (which counts the WebKit libraries
 * the processes share once per process) and the sum of Pss (which shares them out, so it adds up
 * to what the app really costs the machine), with each process's part. */
async function residentMb(when) {
  const bin = process.env.MINYI_APP_BIN;
  if (!bin) return null;
  const ps = execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" });
  const procs = ps.split("\n").filter(Boolean).map((l) => {
    const [pid, ppid, ...args] = l.trim().split(/\s+/);
    return { pid, ppid, args: args.join(" ") };
  });
  const roots = procs.filter((p) => p.args.startsWith(bin)).map((p) => p.pid);
  const all = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) if (all.has(p.ppid) && !all.has(p.pid)) all.add(p.pid), (grew = true);
  }
  if (opt.smaps) await mkdir(opt.smaps, { recursive: true });
  let kb = 0;
  let pssKb = 0;
  const parts = [];
  for (const pid of all) {
    const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, "utf8").catch(() => "");
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const pss = Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    const name = /Name:\s+(\S+)/.exec(status)?.[1] ?? pid;
    if (opt.smaps) {
      const smaps = await readFile(`/proc/${pid}/smaps`, "utf8").catch(() => "");
      await writeFile(path.join(opt.smaps, `${when}-${name}-${pid}.smaps`), smaps);
    }
    kb += rss;
    pssKb += pss;
    parts.push(`${name} ${Math.round(rss / 1024)}/${Math.round(pss / 1024)}`);
  }
  return { mb: kb / 1024, pssMb: pssKb / 1024, processes: all.size, parts };
}

/** When the app's process started (ms since the epoch, to 10 ms), from /proc. */
async function processStartMs() {
  const bin = process.env.MINYI_APP_BIN;
  if (!bin) return null;
  const ps = execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
  const pid = ps.split("\n").map((l) => l.trim().split(/\s+/)).find(([, arg]) => arg === bin)?.[0];
  if (!pid) return null;
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // Field 22 (starttime, clock ticks since boot) counted after the command name's parenthesis.
  const ticks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
  // The boot time as this clock sees it now (/proc/stat's btime can be off by a second).
  const uptime = Number((await readFile("/proc/uptime", "utf8")).split(" ")[0]);
  const bootMs = Date.now() - uptime * 1000;
  const hz = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));
  return bootMs + (ticks * 1000) / hz;
}

/** Process start → page requested → page's scripts run (DOMContentLoaded) → first contentful
 * paint (the sign-in screen: index.html itself shows nothing), from the page's own timing
 * entries and the process's start time. */
async function startupTimes(app) {
  const start = await processStartMs();
  const t = await app.driver.executeScript(`
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
    return { origin: performance.timeOrigin, dcl: nav ? nav.domContentLoadedEventEnd : null,
             fcp: fcp ? fcp.startTime : null };`);
  if (start == null || !t) return null;
  const ms = (x) => (x == null ? "?" : `${Math.round(x)} ms`);
  const page = t.origin - start;
  return (
    `process start → page requested ${ms(page)}, → scripts run (DOMContentLoaded) ${ms(t.dcl == null ? null : page + t.dcl)}, ` +
    `→ sign-in screen painted (first contentful paint) ${ms(t.fcp == null ? null : page + t.fcp)}`
  );
}

const memoryLine = (m) =>
  `app and its ${m.processes - 1} WebKit processes: ${m.mb.toFixed(0)} MB summed VmRSS, ` +
  `${m.pssMb.toFixed(0)} MB summed Pss (RSS/PSS MB: ${m.parts.join(", ")})`;

const app = new App("measure");
const results = {};
const record = (k, v) => (results[k] ??= []).push(v);
try {
  const t = Date.now();
  await app.launch({
    seed: async (a) => {
      if (opt.db && opt.link) await symlink(path.resolve(opt.db), a.dbPath);
      else if (opt.db) await copyFile(opt.db, a.dbPath);
      else await a.cli(["demo", "--appeals", opt.appeals, "--seed", "1"], { timeoutMs: 3_600_000 });
    },
  });
  console.log(`database ready and window open in ${((Date.now() - t) / 1000).toFixed(1)} s (${opt.db ?? `${opt.appeals} demo appeals`})`);
  console.log(`app: ${process.env.MINYI_APP_BIN ?? "(default debug build)"}`);
  const startup = await startupTimes(app);
  if (startup) console.log(`start-up: ${startup}`);
  // Sign-in click → the workbench's tasks painted, first on the freshly opened file (the only time
  // a user waits for it after starting the app), then again as a switch of user.
  const atStart = await residentMb("start");
  if (atStart) console.log(`memory at the sign-in screen: ${memoryLine(atStart)}`);
  const signInTimed = async () => {
    await app.el("signin-username", { timeout: 15000 });
    await app.type("signin-username", opt.user);
    await app.type("signin-password", DEMO_PASSWORD);
    record("sign-in → workbench filled", await timed(app, "click", "workbenchShown", null, () => app.click("signin-submit")));
    await app.dismissMessages();
  };
  await signInTimed();

  for (let i = 0; i < runs; i++) {
    // 1. Open the list from the navigation (filters cleared: the state persists between visits).
    await app.nav("workbench");
    await sleep(300);
    record("open list", await timed(app, "click", "listShown", null, () => app.click("nav-appeals")));
    const total = await app.text("appeals-total").catch(() => "");
    if (i === 0) console.log(`list: ${total}`);

    // 2. The next page.
    const before = await firstRow(app);
    const next = (await app.has("appeals-next"))
      ? await app.el("appeals-next")
      : await app.el("[data-testid=appeals-pagination] .btn-next");
    record("next page", await timed(app, "click", "firstRowNot", before, () => app.click(next)));

    // 3. Search results (a term of 3+ characters uses the trigram index, shorter ones LIKE).
    for (const term of [opt.term, opt.term2]) {
      await clearSearch(app);
      await app.driver.wait(async () => !(await app.has("appeals-search-term")), 10000).catch(() => {});
      await app.driver.wait(async () => (await firstRow(app)) !== "", 30000);
      const top = await firstRow(app);
      const input = await app.el("appeals-search");
      await input.sendKeys(term);
      record(`search "${term}"`, await timed(app, "keydown", "searchShown", top, () => input.sendKeys(app.Key.ENTER)));
      if (i === 0) console.log(`search "${term}": ${await app.text("appeals-total").catch(() => "no rows")}`);
    }

    // 4. An appeal's detail page from the list.
    const number = await firstRow(app);
    const cell = await app.elByText(number, { within: "appeal-table" });
    record("open detail", await timed(app, "click", "detailShown", number, () => app.click(cell)));

    // Back to an unfiltered list for the next run.
    await app.click("detail-back");
    await app.el("view-appeals");
    await clearSearch(app);
    await sleep(500);
  }

  // The same work without the window: list_appeals / appeal_detail invoked directly from the page,
  // to split the wait into the Rust side and drawing.
  const filter = (over) => ({
    statuses: [], category: null, channel: null, departmentId: null, from: null, to: null, overdue: false,
    dueSoon: false, major: null, text: null, sort: "registered_desc", page: 0, pageSize: 50, ...over,
  });
  const invokeMs = (cmd, args) =>
    app.driver.executeAsyncScript(
      `const done = arguments[arguments.length - 1];
       const t = performance.now();
       window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(
         (r) => done({ ms: performance.now() - t, id: r && r.rows && r.rows[0] ? r.rows[0].id : null }),
         (e) => done({ ms: -1, error: JSON.stringify(e) }));`,
      cmd,
      args,
    );
  await app.driver.manage().setTimeouts({ script: 60000 });
  let anyId = null;
  for (let i = 0; i < runs; i++) {
    const r0 = await invokeMs("list_appeals", { filter: filter() });
    anyId ??= r0.id;
    record("invoke list page 1", r0.ms);
    record("invoke list page 2", (await invokeMs("list_appeals", { filter: filter({ page: 1 }) })).ms);
    record(`invoke search "${opt.term}"`, (await invokeMs("list_appeals", { filter: filter({ text: opt.term }) })).ms);
    record(`invoke search "${opt.term2}"`, (await invokeMs("list_appeals", { filter: filter({ text: opt.term2 }) })).ms);
    record("invoke appeal_detail", (await invokeMs("appeal_detail", { id: anyId, personal: "masked" })).ms);
  }

  await app.dismissMessages();
  await app.click("switch-user");
  await signInTimed();

  console.log(`\nclick → painted (and invoke alone), ${runs} runs each:`);
  for (const [k, v] of Object.entries(results)) console.log(summary(k, v));
  const rss = await residentMb("browsed");
  if (rss) console.log(`memory after browsing: ${memoryLine(rss)}`);
  // JavaScriptCore collects garbage when its heap has grown enough, so the figure right after the
  // last click swings by ±40 MB between runs; a user reading the screen for a few seconds sees it
  // settle.
  await sleep(10000);
  const settled = await residentMb("settled");
  if (settled) console.log(`memory 10 s later: ${memoryLine(settled)}`);
  await app.screenshot("measure");
} catch (e) {
  app.failed = true;
  await app.screenshot("measure");
  console.error(e);
  process.exitCode = 1;
} finally {
  await app.close();
}
