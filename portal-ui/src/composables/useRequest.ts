// One composable for every call a page makes: a busy flag (for the button's spinner), the
// refusal's message for the page's summary and each field's message for beside that field.
// A page calls `run(() => api.x(...))`; the input it holds stays as typed whatever happens.
// A field's message goes once the field is edited (`forget`); a `signed_out` answer also tells
// the shared state that the session has ended.
import { computed, reactive, ref, shallowRef } from "vue";
import { ApiError } from "../api";
import { setSignedIn } from "../state";

export function useRequest(knownFields: readonly string[] = []) {
  const busy = ref(false);
  /** The refusal as a whole (empty when the last call went through). */
  const message = ref("");
  /** Messages by field name, from the API's `fields`. */
  const fields = reactive<Record<string, string>>({});
  const error = shallowRef<ApiError | null>(null);
  /** The refusal named fields: the summary then lists those still wrong, and nothing once all
   * have been edited. */
  const byField = ref(false);

  function clear(): void {
    message.value = "";
    error.value = null;
    byField.value = false;
    for (const k of Object.keys(fields)) delete fields[k];
  }

  /** What the summary at the top lists: each field's message in the form's order, then the
   * messages of no known field; the general message when no field was named. */
  const summary = computed<string[]>(() => {
    if (!error.value) return [];
    const named = Object.keys(fields);
    if (!byField.value) return message.value ? [message.value] : [];
    const order = [...knownFields.filter((f) => f in fields), ...named.filter((f) => !knownFields.includes(f))];
    return order.map((f) => fields[f]!);
  });

  /** Runs one call; answers its value, or `undefined` after a refusal (then in `error`). */
  async function run<T>(call: () => Promise<T>): Promise<T | undefined> {
    clear();
    busy.value = true;
    try {
      return await call();
    } catch (e) {
      const err =
        e instanceof ApiError ? e : new ApiError(0, "client", "页面出现问题，请刷新后重试。");
      error.value = err;
      message.value = err.message;
      Object.assign(fields, err.fields);
      byField.value = Object.keys(err.fields).length > 0;
      if (err.code === "signed_out") setSignedIn(null);
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  /** The field was edited: its message no longer applies. */
  function forget(field: string): void {
    delete fields[field];
  }

  return { busy, message, fields, error, summary, clear, forget, run };
}
