// The state every action dialog shares: Rust's field errors (shown under their fields), a
// dialog-wide error, the busy flag and the confirmation step of irreversible actions. `run`
// sends the action; on success it shows Rust's sentence, on failure it keeps everything typed.
// When somebody else changed the appeal since the page showed it (`conflict`, see the detail
// view), the page is reloaded under the dialog and the dialog says so: the user reads what changed
// and decides again, with the typed text still there.
import { inject, nextTick, reactive, type InjectionKey } from "vue";
import { toApiError } from "../../api/core";
import type { Outcome } from "../../bindings/Outcome";
import { showSuccess } from "../../lib/notify";

export type DialogState = {
  /** Rust's message per field name (camelCase path, e.g. `plan.measures`). */
  fieldErrors: Record<string, string>;
  /** An error not about a shown field. */
  formError: string;
  busy: boolean;
  /** Waiting for the user to confirm an irreversible action. */
  confirming: boolean;
};

/** What the detail page provides to reload the appeal after a conflict. */
export const RELOAD_APPEAL: InjectionKey<() => void> = Symbol("reloadAppeal");

/** Said after Rust's conflict message, once the page shows the appeal as it is now. */
export const RELOADED = "页面已刷新为最新情况，请核对后再决定是否继续。";

/** A required field: its name, its value, the message when it is empty. */
export type Check = readonly [field: string, value: unknown, message: string];

export function useActionDialog() {
  const state = reactive<DialogState>({ fieldErrors: {}, formError: "", busy: false, confirming: false });
  const reloadAppeal = inject(RELOAD_APPEAL, null);

  function clearErrors() {
    for (const k of Object.keys(state.fieldErrors)) delete state.fieldErrors[k];
    state.formError = "";
  }

  /** Shows an error: under its field when `fields` has it, otherwise for the whole dialog. */
  function showFailure(e: unknown, fields: readonly string[]) {
    const err = toApiError(e);
    if (err.code === "conflict" && reloadAppeal) {
      reloadAppeal();
      state.formError = `${err.message}${RELOADED}`;
    } else if (err.field && fields.includes(err.field)) state.fieldErrors[err.field] = err.message;
    else state.formError = err.message;
  }

  /**
   * Puts `message` under every required field that is empty; true when none is. (Element Plus
   * checks each field as the user leaves it; this is the check on submit, in the same place as
   * Rust's errors.)
   */
  async function requireFilled(checks: readonly Check[]): Promise<boolean> {
    clearErrors();
    await nextTick();
    let ok = true;
    for (const [field, value, message] of checks) {
      if (value == null || (typeof value === "string" && !value.trim())) {
        state.fieldErrors[field] = message;
        ok = false;
      }
    }
    return ok;
  }

  /**
   * Sends one action. Resolves to its outcome after showing its message, or to null after
   * putting the error under its field (one of `fields`) or at the top of the dialog.
   */
  async function run<T extends { message: string } = Outcome>(
    send: () => Promise<T>,
    fields: readonly string[],
  ): Promise<T | null> {
    clearErrors();
    state.busy = true;
    try {
      const out = await send();
      state.confirming = false;
      showSuccess(out.message);
      return out;
    } catch (e) {
      state.confirming = false;
      showFailure(e, fields);
      return null;
    } finally {
      state.busy = false;
    }
  }

  return { state, clearErrors, showFailure, requireFilled, run };
}
