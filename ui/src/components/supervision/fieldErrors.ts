// Form error handling shared by the ledger, supervision and settings dialogs: Rust's validation
// error goes under the form field it names, any other error is shown above the buttons. Nothing
// the user typed is touched.
import { reactive, ref, type Ref } from "vue";
import { toApiError, type ApiError } from "../../api/core";

export type FieldErrors = {
  /** Message under each form field, by field name. */
  errors: Record<string, string>;
  /** A message not about one field (shown as an alert in the form). */
  general: Ref<string>;
  clear: () => void;
  /** Places a caught error and returns it as an ApiError. */
  take: (e: unknown) => ApiError;
};

/**
 * `fields` are the form's field names; `aliases` maps other names Rust may use to them
 * (e.g. `newDueDate` → `newDue`). An error naming an unknown field becomes the general message.
 */
export function useFieldErrors(fields: readonly string[], aliases: Record<string, string> = {}): FieldErrors {
  const errors = reactive<Record<string, string>>({});
  const general = ref("");
  function clear() {
    for (const k of Object.keys(errors)) delete errors[k];
    general.value = "";
  }
  function take(e: unknown): ApiError {
    const err = toApiError(e);
    const field = err.field ? (aliases[err.field] ?? err.field) : "";
    if (field && fields.includes(field)) errors[field] = err.message;
    else general.value = err.message;
    return err;
  }
  return { errors, general, clear, take };
}
