// Events the Rust side emits: `data-changed` after every write, and demo-data progress.
import { emit, listen, type UnlistenFn } from "@tauri-apps/api/event";
import { inTauri } from "./core";
import type { ConnectionState } from "../bindings/ConnectionState";
import type { DemoFinished } from "../bindings/DemoFinished";
import type { JobProgress } from "../bindings/JobProgress";

export type { UnlistenFn };

const noop: UnlistenFn = () => {};

async function on<T>(event: string, cb: (payload: T) => void): Promise<UnlistenFn> {
  if (!inTauri()) return noop;
  return listen<T>(event, (e) => cb(e.payload));
}

/** Called after any successful write, so open views can reload. Resolves to an unsubscribe. */
export function onDataChanged(cb: () => void): Promise<UnlistenFn> {
  return on<unknown>("data-changed", () => cb());
}

/** Tells open views to reload (after the window is unlocked: reloads refused while it was locked
 * left them showing older data). */
export async function announceDataChanged(): Promise<void> {
  if (inTauri()) await emit("data-changed");
}

/** Progress of the demo data generated on first run. */
export function onDemoProgress(cb: (p: JobProgress) => void): Promise<UnlistenFn> {
  return on<JobProgress>("demo-progress", cb);
}

/** The demo data is ready (or failed, with a Chinese message). */
export function onDemoFinished(cb: (f: DemoFinished) => void): Promise<UnlistenFn> {
  return on<DemoFinished>("demo-finished", cb);
}

/** 联网 mode: the server answers again but no longer knows this desk's session (it was restarted,
 * or the idle time ended it there); the payload is the sentence to show on the lock screen. */
export function onSessionEnded(cb: (message: string) => void): Promise<UnlistenFn> {
  return on<string>("session-ended", cb);
}

/** 联网 mode: the connection to the office server changed (已连接 / 正在重连 / 无法连接). */
export function onConnectionState(cb: (s: ConnectionState) => void): Promise<UnlistenFn> {
  return on<ConnectionState>("connection-state", cb);
}
