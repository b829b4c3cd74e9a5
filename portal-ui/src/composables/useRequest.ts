// One composable for every call a page makes: a busy flag (for the button's spinner), the
// refusal's message for the page's summary and each field's message for beside that field.
// A page calls `run(() => api.x(...))`; the input it holds stays as typed whatever happens.
// A `signed_out` answer also tells the shared state that the session has ended.
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

  function clear(): void {
    message.value = "";
    error.value = null;
    for (const k of Object.keys(fields)) delete fields[k];
  }

  /** What the summary at the top lists: each field's message in the form's order, then the
   * messages of no known field; the general message when no field was named. */
  const summary = computed<string[]>(() => {
    if (!error.value) return [];
    const named = Object.keys(fields);
    if (named.length === 0) return message.value ? [message.value] : [];
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
      if (err.code === "signed_out") setSignedIn(null);
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return { busy, message, fields, error, summary, clear, run };
}
