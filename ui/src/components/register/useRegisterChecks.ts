// The registration form's checking: client rules as each field is left, Rust's authoritative
// check_registration (after a pause), errors from saving, and likely-duplicate hints while the
// phone and content are typed. An error shows only under a field the clerk has left (or after a
// save attempt); an error from Rust is dropped as soon as the values it was about change.
import { computed, onBeforeUnmount, reactive, ref, watch } from "vue";
import { checkRegistration, findDuplicates } from "../../api/appeals";
import type { CoreError } from "../../bindings/CoreError";
import type { DuplicateHint } from "../../bindings/DuplicateHint";
import {
  clientErrors,
  FIELD_ORDER,
  fieldValue,
  isFieldPath,
  phoneDigits,
  toInput,
  type FieldErrors,
  type FieldPath,
  type RegisterForm,
} from "./registerForm";

/** Pause before asking Rust to check the form (ms). */
export const CHECK_PAUSE = 400;
/** Pause before looking for likely duplicates (ms). */
export const DUPLICATE_PAUSE = 600;

type ServerError = { message: string; snapshot: string };

/** What an error about `path` depended on; when this changes, the error is stale. */
function snapshot(f: RegisterForm, path: FieldPath): string {
  const extra = path === "postmarkDate" ? f.receivedAt : "";
  return JSON.stringify([fieldValue(f, path), f.channel, f.anonymous, extra]);
}

export function useRegisterChecks(form: RegisterForm) {
  const touched = reactive<Partial<Record<FieldPath, boolean>>>({});
  const server = reactive<Partial<Record<FieldPath, ServerError>>>({});
  const hints = ref<DuplicateHint[]>([]);
  let checkTimer: ReturnType<typeof setTimeout> | undefined;
  let dupTimer: ReturnType<typeof setTimeout> | undefined;
  let checkSeq = 0;
  let dupSeq = 0;

  const client = computed(() => clientErrors(form));

  /** The error shown under each field. */
  const errors = computed<FieldErrors>(() => {
    const out: FieldErrors = {};
    for (const p of FIELD_ORDER) {
      if (!touched[p]) continue;
      const s = server[p];
      const msg = client.value[p] ?? (s && s.snapshot === snapshot(form, p) ? s.message : undefined);
      if (msg) out[p] = msg;
    }
    return out;
  });

  /** Takes Rust's errors about the form as it was (`sent`); other fields' old errors go. */
  function applyServer(list: CoreError[], sent: RegisterForm) {
    for (const p of FIELD_ORDER) delete server[p];
    for (const e of list) {
      if (isFieldPath(e.field) && !server[e.field]) server[e.field] = { message: e.message, snapshot: snapshot(sent, e.field) };
    }
  }

  async function runCheck() {
    const mine = ++checkSeq;
    const sent = { ...form };
    try {
      const list = await checkRegistration(toInput(sent));
      if (mine === checkSeq) applyServer(list, sent);
    } catch {
      // The check is a convenience; saving reports any real failure.
    }
  }

  function scheduleCheck() {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(() => void runCheck(), CHECK_PAUSE);
  }

  /** The clerk left a field. */
  function blur(path: FieldPath) {
    touched[path] = true;
    scheduleCheck();
  }

  /** Marks every field as visited (a save attempt shows every problem). */
  function touchAll() {
    for (const p of FIELD_ORDER) touched[p] = true;
  }

  /** Puts an error from saving under its field; false when it is about no field of the form. */
  function fieldError(field: string | undefined, message: string): field is FieldPath {
    if (!isFieldPath(field)) return false;
    touched[field] = true;
    server[field] = { message, snapshot: snapshot(form, field) };
    return true;
  }

  /** Forgets everything (a new draft). */
  function reset() {
    clearTimeout(checkTimer);
    clearTimeout(dupTimer);
    checkSeq++;
    dupSeq++;
    for (const p of FIELD_ORDER) {
      delete touched[p];
      delete server[p];
    }
    hints.value = [];
  }

  async function runDuplicates() {
    const mine = ++dupSeq;
    if (phoneDigits(form.phone) < 7 && form.idNumber.trim().length < 18 && form.content.trim().length < 10) {
      hints.value = [];
      return;
    }
    try {
      const found = await findDuplicates(toInput(form));
      if (mine === dupSeq) hints.value = found;
    } catch {
      // Hints are advisory; registration looks for duplicates again when saving.
    }
  }

  // Rust re-checks after any change once the clerk has started leaving fields.
  watch(
    () => JSON.stringify(form),
    () => {
      if (Object.keys(touched).length) scheduleCheck();
    },
  );
  watch(
    () => [form.phone, form.idNumber, form.content, form.receivedAt],
    () => {
      clearTimeout(dupTimer);
      dupTimer = setTimeout(() => void runDuplicates(), DUPLICATE_PAUSE);
    },
  );

  onBeforeUnmount(() => {
    clearTimeout(checkTimer);
    clearTimeout(dupTimer);
  });

  return { errors, client, touched, hints, blur, touchAll, fieldError, reset, runDuplicates };
}
