// The one wrapper around Tauri's invoke: every command call in the UI goes through `call`, and
// every rejection comes out as an ApiError with a stable code and a Chinese message.
import { invoke } from "@tauri-apps/api/core";

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
  | "not_signed_in";

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

/** Registers what to do when a command reports that nobody is signed in any more. */
export function onSessionLost(handler: () => void): void {
  sessionLost = handler;
}

/** Calls a Tauri command; rejects only with ApiError. */
export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (raw) {
    const err = toApiError(raw);
    if (err.code === "not_signed_in" && sessionLost) sessionLost();
    throw err;
  }
}

/** Whether the page runs inside the Tauri window (false in a plain browser or a unit test). */
export function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}
