// What the pages share: the portal's description (office name, categories, limits, whether a
// captcha is due, who is signed in), loaded once and refreshed after anything that changes it,
// and the receipt of the last submission — kept in memory only, so the query code is never
// written to the URL, history or storage of a possibly shared phone.
import { reactive, shallowRef } from "vue";
import { api, ApiError, type Portal, type PortalReceipt } from "./api";

export const portalState = reactive({
  portal: null as Portal | null,
  /** Why the portal could not be loaded (shown instead of the page). */
  loadError: "",
});

let loading: Promise<void> | null = null;

/** Loads (or reloads) the portal's description; errors are kept in `portalState.loadError`. */
export function loadPortal(): Promise<void> {
  loading ??= api
    .portal()
    .then((p) => {
      portalState.portal = p;
      portalState.loadError = "";
    })
    .catch((e: unknown) => {
      portalState.loadError = e instanceof ApiError ? e.message : "页面加载失败，请刷新重试。";
    })
    .finally(() => {
      loading = null;
    });
  return loading;
}

/** The session changed (signed in, signed out, or found ended by the server). */
export function setSignedIn(phone: string | null): void {
  if (portalState.portal) portalState.portal.signedIn = phone ? { phone } : null;
}

/** The receipt of the submission just made; shown once on /receipt. */
export const lastReceipt = shallowRef<PortalReceipt | null>(null);
