// A view's subscription to `data-changed`: reloads while mounted, unsubscribes when left.
import { onBeforeUnmount, onMounted } from "vue";
import { onDataChanged, type UnlistenFn } from "../api/events";

export function useDataChanged(reload: () => void): void {
  let unlisten: UnlistenFn | null = null;
  let gone = false;
  onMounted(async () => {
    const off = await onDataChanged(reload);
    if (gone) off();
    else unlisten = off;
  });
  onBeforeUnmount(() => {
    gone = true;
    unlisten?.();
  });
}
