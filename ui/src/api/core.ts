// The one wrapper around Tauri's invoke: every operation of the command surface goes through
// `call` (typed by Commands.ts, generated from Rust), the few desktop commands through
// `callDesktop`, and every rejection comes out as an ApiError with a stable code and a Chinese
// message.
import { invoke } from "@tauri-apps/api/core";
import type { CommandName, Commands } from "../bindings/Commands";

/** Error codes that cross the boundary (docs/decisions/0002-desktop-boundary.md). */
export type ApiErrorCode =
  | "validation"
  | "not_found"
  | "forbidden"
  | "invalid_state"
  | "conflict"
  | "auth"
  | "locked"
  | "newer_database"
  | "storage"
  | "not_signed_in"
  | "unreachable"
  | "untrusted"
  | "window_locked";

const CODES: readonly string[] = [
  "validation",
  "not_found",
  "forbidden",
  "invalid_state",
  "conflict",
  "auth",
  "locked",
  "newer_database",
  "storage",
  "not_signed_in",
  "unreachable",
  "untrusted",
  "window_locked",
];

/** The message shown when a rejection carries nothing a user can read. */
export const GENERIC_FAILURE = "操作失败，请重试。";

/** A failed command: `message` is a Chinese sentence meant for the user. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  /** camelCase path of the form field a validation error is about, e.g. `appellant.phone`. */
  readonly field?: string;

  constructor(code: ApiErrorCode, message: string, field?: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    if (field) this.field = field;
  }
}

/** Turns whatever `invoke` rejected with into an ApiError. */
export function toApiError(raw: unknown): ApiError {
  if (raw instanceof ApiError) return raw;
  if (raw !== null && typeof raw === "object") {
    const o = raw as Record<string, unknown>;
    if (typeof o.code === "string" && CODES.includes(o.code) && typeof o.message === "string" && o.message) {
      const field = typeof o.field === "string" && o.field ? o.field : undefined;
      return new ApiError(o.code as ApiErrorCode, o.message, field);
    }
  }
  // A string from Tauri itself (unknown command, bad arguments) or a JS error: keep it for the
  // developer console, show the user a plain sentence.
  console.error("command failed:", raw);
  return new ApiError("storage", GENERIC_FAILURE);
}

let sessionLost: (() => void) | null = null;
let windowLocked: ((message: string) => void) | null = null;

/** Registers what to do when a command reports that nobody is signed in any more. */
export function onSessionLost(handler: () => void): void {
  sessionLost = handler;
}

/** Registers what to do when a command reports that the window is locked (the idle time ran out,
 * or in 联网 mode the server no longer knows the session: Rust refuses every call until the user
 * unlocks, whatever the window's own timer says). The handler gets Rust's sentence saying why. */
export function onWindowLocked(handler: ((message: string) => void) | null): void {
  windowLocked = handler;
}

async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (raw) {
    const err = toApiError(raw);
    if (err.code === "not_signed_in" && sessionLost) sessionLost();
    if (err.code === "window_locked" && windowLocked) windowLocked(err.message);
    throw err;
  }
}

/** Runs an operation of the command surface as the signed-in user; rejects only with ApiError.
 * `saveTo` is where the user chose to save the file the operation makes (a save dialog); without
 * it the file goes to the data folder and opens in its program. */
export function call<K extends CommandName>(
  cmd: K,
  args: Commands[K]["args"],
  saveTo: string | null = null,
): Promise<Commands[K]["output"]> {
  return guarded(() => invoke<Commands[K]["output"]>("call", { request: { command: cmd, args }, saveTo }));
}

/** Calls one of the desktop's own commands (start-up, session, files in the data folder). */
export function callDesktop<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  return guarded(() => invoke<T>(cmd, args));
}

/** Whether the page runs inside the Tauri window (false in a plain browser or a unit test). */
export function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}
