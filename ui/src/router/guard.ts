// Where a navigation may go, decided from the app status alone: first run → set-up, nobody
// signed in → sign-in, a page the role may not use → the role's home page.
import type { Action } from "../bindings/Action";
import type { SessionInfo } from "../bindings/SessionInfo";
import { homePath } from "../lib/nav";
import { hasAny } from "../lib/session";

export type Target = {
  name?: string | symbol | null;
  path: string;
  fullPath?: string;
  meta?: { anyOf?: readonly Action[] };
};

export type GuardState = { needsSetup: boolean; session: SessionInfo | null };

/** `true` to go ahead, or the path to go to instead. */
export function decide(to: Target, s: GuardState): true | string {
  if (s.needsSetup) return to.name === "setup" ? true : "/setup";
  if (!s.session) {
    if (to.name === "sign-in") return true;
    const back = to.fullPath && to.path !== "/" && to.name !== "setup" ? to.fullPath : "";
    return back ? `/sign-in?redirect=${encodeURIComponent(back)}` : "/sign-in";
  }
  if (to.name === "setup" || to.name === "sign-in" || to.path === "/") return homePath(s.session);
  const anyOf = to.meta?.anyOf;
  if (anyOf && !hasAny(s.session, anyOf)) return homePath(s.session);
  return true;
}
