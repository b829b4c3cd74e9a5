// The processes a scenario needs around the app: a virtual X display (unless DISPLAY is set), a
// tauri-driver on free ports (it starts WebKitWebDriver, which starts the app), the CLI for seed
// data (the office server is in office.mjs). Every child is started in its own process group so
// teardown can end it with its children.
import { spawn, execFile } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const execFileP = promisify(execFile);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** A sleep that does not keep the process alive (for races against teardown steps). */
const idle = (ms) => new Promise((r) => setTimeout(r, ms).unref());

/** Paths of the binaries under test and of the drivers. */
export function paths() {
  const repo = path.resolve(import.meta.dirname, "../../..");
  const target = process.env.CARGO_TARGET_DIR
    ? path.resolve(repo, process.env.CARGO_TARGET_DIR)
    : path.join(repo, "target");
  const appBin = process.env.MINYI_APP_BIN || path.join(target, "debug", "minyi");
  const cliBin = process.env.MINYI_CLI_BIN || path.join(target, "debug", "minyi-cli");
  const serverBin = process.env.MINYI_SERVER_BIN || path.join(target, "debug", "minyi-server");
  const cargoBin = path.join(os.homedir(), ".cargo", "bin", "tauri-driver");
  const tauriDriver = process.env.TAURI_DRIVER_BIN || (existsSync(cargoBin) ? cargoBin : "tauri-driver");
  const nativeDriver = process.env.WEBKIT_WEBDRIVER_BIN || "/usr/bin/WebKitWebDriver";
  return { repo, appBin, cliBin, serverBin, tauriDriver, nativeDriver };
}

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Ends a child started with `detached: true` together with its process group. */
export async function endGroup(child, graceMs = 3000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const done = await Promise.race([exited.then(() => true), idle(graceMs).then(() => false)]);
  if (!done) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
    await Promise.race([exited, idle(1000)]);
  }
}

/** Children still running when the process exits abruptly are killed here (best effort). */
const live = new Set();
process.once("exit", () => {
  for (const c of live) {
    try {
      process.kill(-c.pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }
});
export function track(child) {
  live.add(child);
  child.once("exit", () => live.delete(child));
  return child;
}

/**
 * Starts Xvfb on a display it chooses itself (`-displayfd`), unless DISPLAY is already set.
 * Returns `{ display, stop() }`.
 */
export async function startDisplay() {
  if (process.env.DISPLAY && !process.env.MINYI_E2E_OWN_XVFB) {
    return { display: process.env.DISPLAY, stop: async () => {} };
  }
  const child = track(
    spawn("Xvfb", ["-displayfd", "3", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"], {
      detached: true,
      stdio: ["ignore", "ignore", "pipe", "pipe"],
    }),
  );
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const display = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start within 10 s: ${err}`)), 10000);
    child.stdio[3].on("data", (d) => {
      out += d;
      if (out.includes("\n")) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}): ${err}`));
    });
  });
  return { display, stop: () => endGroup(child) };
}

/** Whether an HTTP endpoint answers at all (no keep-alive: a pooled socket would hold the exit). */
function answers(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

/** Waits until an HTTP endpoint answers (any status). */
async function waitHttp(url, timeoutMs, child, log) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`tauri-driver exited (${child.exitCode}):\n${log()}`);
    if (await answers(url)) return;
    await sleep(100);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${log()}`);
}

/**
 * Starts tauri-driver on free ports with `env` (the app it launches inherits it: that is how
 * MINYI_DATA_DIR reaches the app). Returns `{ url, log(), stop() }`.
 */
export async function startTauriDriver(env) {
  const { tauriDriver, nativeDriver } = paths();
  const port = await freePort();
  let nativePort = await freePort();
  while (nativePort === port) nativePort = await freePort();
  const child = track(
    spawn(tauriDriver, ["--port", String(port), "--native-port", String(nativePort), "--native-driver", nativeDriver], {
      detached: true,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  let out = "";
  const keep = (d) => {
    out += d;
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  child.once("error", (e) => keep(`spawn error: ${e.message}\n`));
  const url = `http://127.0.0.1:${port}`;
  await waitHttp(`${url}/status`, 15000, child, () => out);
  return { url, log: () => out, stop: () => endGroup(child) };
}

/** Runs minyi-cli with `args`; resolves to its stdout, rejects with its stderr. */
export async function cli(args, opts = {}) {
  const { cliBin } = paths();
  try {
    const { stdout } = await execFileP(cliBin, args, {
      maxBuffer: 64 * 1024 * 1024,
      timeout: opts.timeoutMs ?? 300_000,
      env: { ...process.env, ...(opts.env || {}) },
    });
    return stdout;
  } catch (e) {
    throw new Error(`minyi-cli ${args.join(" ")} failed: ${e.stderr || e.message}`);
  }
}
