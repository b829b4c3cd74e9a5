// The vocabulary store: loads the code → label lists from Rust once and answers label look-ups,
// so no view ever spells out a status or category label itself.
import { reactive } from "vue";
import { vocabulary } from "../api/vocabulary";
import type { Choice } from "../bindings/Choice";
import type { Vocabulary } from "../bindings/Vocabulary";

export type VocabKind = keyof Vocabulary;

const state = reactive<{ data: Vocabulary | null }>({ data: null });
let loading: Promise<Vocabulary> | null = null;

/** Loads the vocabulary (once; later calls share the first request). */
export function loadVocabulary(): Promise<Vocabulary> {
  if (state.data) return Promise.resolve(state.data);
  if (!loading) {
    loading = vocabulary()
      .then((v) => {
        state.data = v;
        return v;
      })
      .catch((e) => {
        loading = null;
        throw e;
      });
  }
  return loading;
}

/** Sets the vocabulary directly (tests, or a value already fetched). */
export function setVocabulary(v: Vocabulary | null): void {
  state.data = v;
  loading = null;
}

/** The choices of one kind in display order (empty until loaded). */
export function choices(kind: VocabKind): Choice[] {
  return state.data?.[kind] ?? [];
}

/** The label of a code; the code itself when unknown or not loaded yet. */
export function label(kind: VocabKind, code: string | null | undefined): string {
  if (code == null) return "";
  return choices(kind).find((c) => c.code === code)?.label ?? code;
}

/** Whether the vocabulary has been loaded. */
export function vocabReady(): boolean {
  return state.data !== null;
}
