// A real office server (`minyi-server`, 联网) for the scenarios that run the window in 联网 mode:
// its own temporary data folder, seeded like the 单机 scenarios' (`minyi-cli demo` on the server's
// `minyi.db` before it starts), served on a free port of 127.0.0.1 with the self-signed
// certificate it makes on its first start, whose fingerprint the windows pin in their
// `connection.json` (docs/decisions/0011-desktop-office-mode.md). `stop()` and `start()` again keep
// the port, the data and the certificate (a restart of the office's server).
import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { cli, endGroup, freePort, paths, track } from "./processes.mjs";

/**
 * Screenshots of several windows at one step: `output/<file>-<window>.png` each (window = the part
 * of the App's name after the last dash), and all of them side by side in `output/<file>.png`
 * when ImageMagick's `convert` is there. Never throws; returns the combined file or null.
 */
export async function screenshotWindows(file, apps) {
  const shots = [];
  for (const app of apps) {
    const shot = await app.screenshot(`${file}-${app.name.split("-").pop()}`);
    if (shot) shots.push(shot);
  }
  if (shots.length < 2) return null;
  const out = path.join(path.dirname(shots[0]), `${file}.png`);
  return new Promise((resolve) => {
    execFile("convert", [...shots, "-background", "#888888", "-splice", "8x0", "+append", "-chop", "8x0", out], { timeout: 30000 }, (e) =>
      resolve(e ? null : out),
    );
  });
}

/** How long the server may take to say it listens (a debug build, two cores shared). */
const START_TIMEOUT_MS = 30_000;

export class OfficeServer {
  constructor(name) {
    this.name = name;
    this.dataDir = null;
    this.dbPath = null;
    this.port = null;
    this.url = null;
    this.fingerprint = null;
    this.child = null;
    this.out = "";
    this.failed = false;
  }

  /**
   * Makes the data folder, lets `seed(server)` fill `server.dbPath` (through `server.cli(...)`),
   * picks a free port and starts serving. Returns the server.
   */
  async launch({ seed } = {}) {
    this.dataDir = await mkdtemp(path.join(os.tmpdir(), `minyi-e2e-${this.name}-server-`));
    this.dbPath = path.join(this.dataDir, "minyi.db");
    if (seed) await seed(this);
    this.port = await freePort();
    await this.start();
    return this;
  }

  /** Starts serving (again) on the same port and data folder; resolves once it accepts connections. */
  async start() {
    if (this.child) throw new Error("the office server is already running");
    const { serverBin } = paths();
    const env = { ...process.env, RUST_LOG: process.env.RUST_LOG || "warn" };
    delete env.MINYI_DATA_DIR;
    const child = track(
      spawn(serverBin, ["--data-dir", this.dataDir, "serve", "--listen", `127.0.0.1:${this.port}`, "--connections", "4"], {
        detached: true,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
    this.child = child;
    const keep = (d) => {
      this.out += d;
      if (this.out.length > 200_000) this.out = this.out.slice(-100_000);
    };
    child.stderr.on("data", keep);
    let stdout = "";
    const announced = new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`minyi-server did not start within ${START_TIMEOUT_MS / 1000} s:\n${this.out}`)),
        START_TIMEOUT_MS,
      );
      child.stdout.on("data", (d) => {
        keep(d);
        stdout += d;
        // 证书指纹（SHA-256）：3F9A 0C12 … (16 groups of four)
        const m = stdout.match(/证书指纹（SHA-256）：([0-9A-Fa-f ]+)\n/);
        if (m) {
          clearTimeout(timer);
          resolve(m[1].replace(/\s+/g, "").toUpperCase());
        }
      });
      child.once("error", (e) => {
        clearTimeout(timer);
        reject(new Error(`minyi-server could not be started (${serverBin}): ${e.message}`));
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`minyi-server exited (${code ?? signal}) before serving:\n${this.out}`));
      });
    });
    let fingerprint;
    try {
      fingerprint = await announced;
    } catch (e) {
      await endGroup(child);
      this.child = null;
      throw e;
    }
    if (this.fingerprint && this.fingerprint !== fingerprint) {
      throw new Error(`the server came back with another certificate (${fingerprint}, was ${this.fingerprint})`);
    }
    if (!/^[0-9A-F]{64}$/.test(fingerprint)) throw new Error(`unexpected fingerprint ${fingerprint}`);
    this.fingerprint = fingerprint;
    this.url = `https://127.0.0.1:${this.port}`;
    await waitListening(this.port, 5000);
    child.once("exit", () => {
      if (this.child === child) this.child = null;
    });
    return this;
  }

  /** Stops serving (SIGTERM, then SIGKILL after a grace time); the data folder stays. */
  async stop() {
    const child = this.child;
    this.child = null;
    await endGroup(child, 5000);
  }

  get running() {
    return this.child !== null;
  }

  /** What a window's `connection.json` says to work on this server. */
  connection() {
    return { mode: "office", server: this.url, fingerprint: this.fingerprint };
  }

  /** minyi-cli against the server's database (stop the server first for anything but reads). */
  cli(args, opts) {
    return cli(["--db", this.dbPath, ...args], opts);
  }

  /** The server's log so far (stderr and stdout). */
  log() {
    return this.out;
  }

  /** Stops the server and removes its data folder (kept when the scenario failed); never throws. */
  async close() {
    try {
      await this.stop();
    } catch (e) {
      console.error(`[${this.name}] stopping the office server: ${e.message}`);
    }
    if (this.failed && process.env.MINYI_E2E_DRIVER_LOG) console.error(`[${this.name}] office server log:\n${this.out}`);
    if (!this.dataDir) return;
    if (!this.failed || process.env.MINYI_E2E_KEEP_DATA === "never") {
      await rm(this.dataDir, { recursive: true, force: true }).catch(() => {});
    } else {
      console.error(`[${this.name}] office server data kept in ${this.dataDir}`);
    }
  }
}

/** Waits until something accepts TCP connections on 127.0.0.1:`port`. */
async function waitListening(port, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const s = net.connect({ host: "127.0.0.1", port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
