// Measures, through WebDriver on the real window, how long the user waits from an input (click
// or Enter) until the result is painted: opening the appeal list, its next page, a search result
// and an appeal's detail page. Timing happens inside the page (performance.now at the input
// event, then the first animation frame whose DOM shows the result, then the task after that
// frame's paint), so WebDriver's own round trips are not counted.
//
//   node measure.mjs [--appeals 100000] [--db big.db [--link]] [--runs 5] [--term 高空抛物] [--term2 噪音] [--office]
//
// Without --db a demo database of --appeals appeals is generated first (minyi-cli demo, seed 1)
// into a scratch folder; with --db that file is copied into the scratch data directory (the
// original is not touched), or with --link symlinked (for multi-gigabyte files; the app then
// writes its logs into it).
//
// --office measures the same clicks twice in one run on the same file: first 单机 (the window opens
// the file itself), then, once that window is gone, 联网 — a minyi-server on loopback whose data
// folder holds the file through a symlink (never copied), and a window whose data folder's
// connection.json points at it (docs/decisions/0011). Same user, same terms; it prints both
// modes' medians side by side with the difference, and for 联网 which requests each click made and
// how long the server itself took (its request log). --office implies --link.
//
// Use a release build for figures that mean something:
//   MINYI_APP_BIN=target/release/minyi MINYI_CLI_BIN=target/release/minyi-cli \
//     MINYI_SERVER_BIN=target/release/minyi-server node measure.mjs --db big.db --office
import { execFileSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { App, DEMO_PASSWORD, OfficeServer, sleep } from "./lib/app.mjs";
import { cli } from "./lib/processes.mjs";

const { values: opt } = parseArgs({
  options: {
    appeals: { type: "string", default: "100000" },
    db: { type: "string" },
    runs: { type: "string", default: "5" },
    term: { type: "string", default: "高空抛物" },
    term2: { type: "string", default: "噪音" },
    user: { type: "string", default: "bangongshi" },
    link: { type: "boolean", default: false },
    // Both modes in one run: 单机, then 联网 against a minyi-server on loopback (see above).
    office: { type: "boolean", default: false },
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

/** Whether a process's command line runs the app's binary (not minyi-server beside it). */
const isApp = (args) => {
  const bin = process.env.MINYI_APP_BIN;
  return !!bin && (args === bin || args.startsWith(`${bin} `));
};

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
  const roots = procs.filter((p) => isApp(p.args)).map((p) => p.pid);
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

/**
 * The office server for 联网 mode (lib/office.mjs) on loopback, serving `source` through a symlink
 * in its own scratch data folder (the server never copies the file), logging at `info` as it does
 * by default in production: one line per request with the time the server spent on it, kept here
 * to split each click's wait into the server's part and the rest.
 */
async function startServer(source) {
  const server = new OfficeServer("measure");
  const was = process.env.RUST_LOG;
  process.env.RUST_LOG = "info";
  try {
    await server.launch({ seed: (s) => symlink(source, s.dbPath) });
  } catch (e) {
    server.failed = true;
    await server.close();
    throw e;
  } finally {
    if (was === undefined) delete process.env.RUST_LOG;
    else process.env.RUST_LOG = was;
  }
  let log = "";
  server.child.stderr.on("data", (d) => (log += d));
  return Object.assign(server, {
    /** Where the request log is now, to read what came after. */
    mark: () => log.length,
    /** The requests logged since `mark`: route (a command's name) and the server's milliseconds. */
    since: (mark) =>
      [...log.slice(mark).matchAll(/route="?([^"\s]+)"? status=(\d+) ms=(\d+)/g)].map((m) => ({
        route: m[1].replace(/^\/api\/commands\//, ""),
        status: Number(m[2]),
        ms: Number(m[3]),
      })),
  });
}

/** Waits until no process of the app's binary is left (so two never have the file open at once). */
async function appGone() {
  const bin = process.env.MINYI_APP_BIN;
  if (!bin) return;
  for (let i = 0; i < 100; i++) {
    const ps = execFileSync("ps", ["-eo", "args="], { encoding: "utf8" });
    if (!ps.split("\n").some(isApp)) return;
    await sleep(100);
  }
  throw new Error(`the app (${bin}) is still running 10 s after its window was closed`);
}

const MODE_NAME = { standalone: "单机", office: "联网" };

/**
 * One window in one mode: starts it (`seed` prepares its data folder), signs in, takes `runs`
 * samples of each click, the same calls invoked without drawing, and a second sign-in. With a
 * `server` (联网), each sample also notes the requests the server logged meanwhile.
 */
async function measureMode(mode, { seed, server }) {
  const app = new App(`measure-${mode}`);
  const results = {};
  const record = (k, v) => (results[k] ??= []).push(v);
  const serverParts = {};
  const timedHere = async (name, startEvent, check, arg, action) => {
    const mark = server?.mark();
    const ms = await timed(app, startEvent, check, arg, action);
    record(name, ms);
    if (server) {
      await sleep(50); // the log line of a request that answered before the paint is in by now
      (serverParts[name] ??= []).push(server.since(mark));
    }
  };
  console.log(`\n== ${MODE_NAME[mode]} (${mode}) ==`);
  const t = Date.now();
  try {
    await app.launch({ seed, office: server });
    console.log(`database ready and window open in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    console.log(`app: ${process.env.MINYI_APP_BIN ?? "(default debug build)"}${server ? `; server ${server.url}` : ""}`);
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
      await timedHere("sign-in → workbench filled", "click", "workbenchShown", null, () => app.click("signin-submit"));
      await app.dismissMessages();
    };
    await signInTimed();

    for (let i = 0; i < runs; i++) {
      // 1. Open the list from the navigation (filters cleared: the state persists between visits).
      await app.nav("workbench");
      await sleep(300);
      await timedHere("open list", "click", "listShown", null, () => app.click("nav-appeals"));
      const total = await app.text("appeals-total").catch(() => "");
      if (i === 0) console.log(`list: ${total}`);

      // 2. The next page.
      const before = await firstRow(app);
      const next = (await app.has("appeals-next"))
        ? await app.el("appeals-next")
        : await app.el("[data-testid=appeals-pagination] .btn-next");
      await timedHere("next page", "click", "firstRowNot", before, () => app.click(next));

      // 3. Search results (a term of 3+ characters uses the trigram index, shorter ones LIKE).
      for (const term of [opt.term, opt.term2]) {
        await clearSearch(app);
        await app.driver.wait(async () => !(await app.has("appeals-search-term")), 10000).catch(() => {});
        await app.driver.wait(async () => (await firstRow(app)) !== "", 30000);
        const top = await firstRow(app);
        const input = await app.el("appeals-search");
        await input.sendKeys(term);
        await timedHere(`search "${term}"`, "keydown", "searchShown", top, () => input.sendKeys(app.Key.ENTER));
        if (i === 0) console.log(`search "${term}": ${await app.text("appeals-total").catch(() => "no rows")}`);
      }

      // 4. An appeal's detail page from the list.
      const number = await firstRow(app);
      const cell = await app.elByText(number, { within: "appeal-table" });
      await timedHere("open detail", "click", "detailShown", number, () => app.click(cell));

      // Back to an unfiltered list for the next run.
      await app.click("detail-back");
      await app.el("view-appeals");
      await clearSearch(app);
      await sleep(500);
    }

    // The same work without the window: list_appeals / appeal_detail sent from the page through
    // the window's one command (`call`, as ui/src/api/core.ts does), to split the wait into the
    // request (in 联网 mode: the forwarding, the network and the server) and drawing.
    const filter = (over) => ({
      statuses: [], category: null, channel: null, departmentId: null, from: null, to: null, overdue: false,
      dueSoon: false, major: null, text: null, sort: "registered_desc", page: 0, pageSize: 50, ...over,
    });
    const invokeMs = (command, args) =>
      app.driver.executeAsyncScript(
        `const done = arguments[arguments.length - 1];
         const t = performance.now();
         window.__TAURI_INTERNALS__.invoke('call', { request: { command: arguments[0], args: arguments[1] } }).then(
           (r) => done({ ms: performance.now() - t, id: r && r.rows && r.rows[0] ? r.rows[0].id : null,
                         bytes: JSON.stringify(r).length }),
           (e) => done({ ms: -1, error: JSON.stringify(e) }));`,
        command,
        args,
      );
    await app.driver.manage().setTimeouts({ script: 60000 });
    let anyId = null;
    const sizes = {};
    const invoked = async (name, command, args) => {
      const r = await invokeMs(command, args);
      if (r.ms < 0) throw new Error(`${command} failed: ${r.error}`);
      record(name, r.ms);
      sizes[name] = r.bytes;
      return r;
    };
    for (let i = 0; i < runs; i++) {
      const r0 = await invoked("invoke list page 1", "list_appeals", { filter: filter() });
      anyId ??= r0.id;
      await invoked("invoke list page 2", "list_appeals", { filter: filter({ page: 1 }) });
      await invoked(`invoke search "${opt.term}"`, "list_appeals", { filter: filter({ text: opt.term }) });
      await invoked(`invoke search "${opt.term2}"`, "list_appeals", { filter: filter({ text: opt.term2 }) });
      await invoked("invoke appeal_detail", "appeal_detail", { id: anyId, personal: "masked" });
    }
    console.log(`answer sizes (JSON characters): ${Object.entries(sizes).map(([k, v]) => `${k.replace("invoke ", "")} ${v}`).join(", ")}`);

    await app.dismissMessages();
    await app.click("switch-user");
    await signInTimed();

    console.log(`\nclick → painted (and invoke alone), ${runs} runs each, ${MODE_NAME[mode]}:`);
    for (const [k, v] of Object.entries(results)) console.log(summary(k, v));
    if (server) {
      console.log(`\nwhat the server logged during each click (requests; its own ms, whole ms), ${MODE_NAME[mode]}:`);
      for (const [k, samples] of Object.entries(serverParts)) {
        const sums = samples.map((reqs) => reqs.reduce((s, r) => s + r.ms, 0));
        const routes = [...new Set(samples.flatMap((reqs) => reqs.map((r) => r.route)))];
        console.log(`${k}: ${samples.map((reqs) => reqs.length).join("/")} requests (${routes.join(", ")}); server ms per sample ${sums.join(", ")}`);
      }
    }
    const rss = await residentMb("browsed");
    if (rss) console.log(`memory after browsing: ${memoryLine(rss)}`);
    if (server) {
      const status = await readFile(`/proc/${server.child.pid}/status`, "utf8").catch(() => "");
      console.log(`server resident after browsing: ${Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024)} MB`);
    }
    // JavaScriptCore collects garbage when its heap has grown enough, so the figure right after the
    // last click swings by ±40 MB between runs; a user reading the screen for a few seconds sees it
    // settle.
    await sleep(10000);
    const settled = await residentMb("settled");
    if (settled) console.log(`memory 10 s later: ${memoryLine(settled)}`);
    await app.screenshot(`measure-${mode}`);
    // Both the desktop and the server look whether a daily backup is due 5 minutes after they
    // start, and on a fresh data folder it is: a copy of the whole file would then run under the
    // figures (and need its size again on disk).
    const open = (Date.now() - t) / 1000;
    console.log(`window open for ${open.toFixed(0)} s${open > 290 ? " — WARNING: past the daily backup's first look (5 min); figures may include a backup" : ""}`);
    return results;
  } catch (e) {
    app.failed = true;
    await app.screenshot(`measure-${mode}`);
    throw e;
  } finally {
    await app.close();
  }
}

/** Both modes' medians side by side, with the difference and the issue's 50 ms allowance. */
function compare(a, b) {
  const med = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const cell = (s, w) => s + " ".repeat(Math.max(1, w - [...s].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));
  console.log(`\nmedians, ${runs} runs each (单机 then 联网, same file, same run):`);
  console.log(`${cell("figure", 30)}${cell("单机", 10)}${cell("联网", 10)}${cell("联网 − 单机", 14)}within 50 ms`);
  for (const k of Object.keys(a)) {
    if (!b[k]) continue;
    const [x, y] = [med(a[k]), med(b[k])];
    const d = y - x;
    console.log(`${cell(k, 30)}${cell(`${Math.round(x)} ms`, 10)}${cell(`${Math.round(y)} ms`, 10)}${cell(`${d >= 0 ? "+" : ""}${Math.round(d)} ms`, 14)}${d <= 50 ? "yes" : "NO"}`);
  }
}

let scratch = null;
const modes = opt.office ? ["standalone", "office"] : ["standalone"];
try {
  // The file every mode works on: --db as given (copied for a lone 单机 run without --link), or a
  // demo generated once into a scratch folder.
  let source = opt.db ? path.resolve(opt.db) : null;
  if (!source) {
    scratch = await mkdtemp(path.join(os.tmpdir(), "minyi-e2e-measure-db-"));
    source = path.join(scratch, "minyi.db");
    const t = Date.now();
    await cli(["--db", source, "demo", "--appeals", opt.appeals, "--seed", "1"], { timeoutMs: 3_600_000 });
    console.log(`demo of ${opt.appeals} appeals generated in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  console.log(`database: ${source}`);
  const link = opt.link || opt.office || !opt.db;
  const byMode = {};
  for (const mode of modes) {
    if (mode === "standalone") {
      const seed = (a) => (link ? symlink(source, a.dbPath) : copyFile(source, a.dbPath));
      byMode.standalone = await measureMode(mode, { seed });
      await appGone();
    } else {
      // Only the server has the file open now: the 单机 window is gone.
      const server = await startServer(source);
      try {
        byMode.office = await measureMode(mode, { server });
        await appGone();
      } catch (e) {
        server.failed = true;
        throw e;
      } finally {
        await server.close();
      }
    }
  }
  if (byMode.standalone && byMode.office) compare(byMode.standalone, byMode.office);
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  if (scratch) await rm(scratch, { recursive: true, force: true });
}
