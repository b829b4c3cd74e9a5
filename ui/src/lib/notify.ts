// Feedback messages: a success sentence that names what happened, or the Chinese error sentence
// from Rust (never a code or a stack trace).
import { ElMessage } from "element-plus";
import { toApiError } from "../api/core";

export function showSuccess(message: string): void {
  ElMessage({ type: "success", message, showClose: true, duration: 4000 });
}

/** Shows any caught error as its user-facing sentence; returns that sentence. */
export function showError(e: unknown): string {
  const err = toApiError(e);
  const message = err.message;
  // The lock screen says it already; a message per refused reload would pile up behind it.
  if (err.code === "window_locked") return message;
  ElMessage({ type: "error", message, showClose: true, duration: 6000 });
  return message;
}

/** A saved change with a part that still waits (e.g. for a second administrator). */
export function showWaiting(message: string): void {
  ElMessage({ type: "warning", message, showClose: true, duration: 10000 });
}
