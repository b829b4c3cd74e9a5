// The routes: set-up and sign-in outside the frame, every working page inside MainLayout. Each
// page is its own lazily loaded chunk.
import { createRouter, createWebHashHistory, type RouteComponent, type RouteRecordRaw } from "vue-router";
import type { Action } from "../bindings/Action";
import { navItem } from "../lib/nav";
import { loadAppStatus, sessionState, waitForDatabase } from "../lib/session";
import { decide } from "./guard";

declare module "vue-router" {
  interface RouteMeta {
    /** Any one of these permissions opens the page (none = anyone signed in). */
    anyOf?: readonly Action[];
    /** The nav item highlighted while on this page. */
    nav?: string;
  }
}

/** A page of the frame whose permissions come from its nav item. */
function page(key: string, component: () => Promise<RouteComponent | { default: RouteComponent }>): RouteRecordRaw {
  const item = navItem(key);
  return {
    path: key,
    name: key,
    component,
    meta: { anyOf: item?.anyOf ?? [], nav: key },
  };
}

const MainLayout = () => import("../layouts/MainLayout.vue");
const WorkbenchView = () => import("../views/WorkbenchView.vue");

/** Loads the frame's and the workbench's chunks before they are needed: the sign-in screen calls
 * it while it waits for typing, so that signing in only has to fetch the user's tasks. A failure
 * is left to the navigation that needs the chunk, which reports it. */
export function prefetchHome(): void {
  void MainLayout().catch(() => undefined);
  void WorkbenchView().catch(() => undefined);
}

const routes: RouteRecordRaw[] = [
  { path: "/setup", name: "setup", component: () => import("../views/SetupView.vue") },
  { path: "/sign-in", name: "sign-in", component: () => import("../views/SignInView.vue") },
  {
    path: "/",
    component: MainLayout,
    children: [
      page("workbench", WorkbenchView),
      page("register", () => import("../views/RegisterView.vue")),
      page("import", () => import("../views/ImportView.vue")),
      page("appeals", () => import("../views/AppealsView.vue")),
      {
        path: "appeals/:id(\\d+)",
        name: "appeal-detail",
        component: () => import("../views/AppealDetailView.vue"),
        props: (r) => ({ id: Number(r.params.id) }),
        meta: { anyOf: ["viewAppeal"], nav: "appeals" },
      },
      page("ledger", () => import("../views/LedgerView.vue")),
      page("supervision", () => import("../views/SupervisionView.vue")),
      page("visits", () => import("../views/VisitsView.vue")),
      page("statistics", () => import("../views/StatisticsView.vue")),
      page("hotspots", () => import("../views/HotspotsView.vue")),
      page("recommendations", () => import("../views/RecommendationsView.vue")),
      page("assessment", () => import("../views/AssessmentView.vue")),
      page("disclosure", () => import("../views/DisclosureView.vue")),
      page("settings", () => import("../views/SettingsView.vue")),
      page("audit", () => import("../views/AuditView.vue")),
      page("help", () => import("../views/HelpView.vue")),
    ],
  },
  { path: "/:rest(.*)*", redirect: "/" },
];

export const router = createRouter({
  // Hash history: the window loads index.html from disk/asset protocol, not from a server.
  history: createWebHashHistory(),
  routes,
});

router.beforeEach(async (to) => {
  if (!sessionState.loaded) {
    try {
      await waitForDatabase();
      await loadAppStatus();
      sessionState.startupError = "";
    } catch (e) {
      // App.vue shows this (e.g. a database written by a newer version) with a retry button.
      sessionState.startupError = e instanceof Error ? e.message : String(e);
      return false;
    }
  }
  return decide(to, sessionState);
});
