// The portal's pages, one view each, with HTML5 history: the server answers index.html for any
// of these paths (and /disclosure/{id} itself, the published report pages). No personal data
// ever goes into a path or query: every form posts its values in the request body.
import { createRouter, createWebHistory, type RouteRecordRaw } from "vue-router";
import HomeView from "./views/HomeView.vue";

declare module "vue-router" {
  interface RouteMeta {
    /** The page's heading and the first part of the document title. */
    title: string;
  }
}

export const routes: RouteRecordRaw[] = [
  { path: "/", component: HomeView, meta: { title: "首页" } },
  { path: "/submit", component: () => import("./views/SubmitView.vue"), meta: { title: "我要留言" } },
  { path: "/receipt", component: () => import("./views/ReceiptView.vue"), meta: { title: "受理回执" } },
  { path: "/lookup", component: () => import("./views/LookupView.vue"), meta: { title: "查询办理进度" } },
  { path: "/account", component: () => import("./views/AccountView.vue"), meta: { title: "登录 / 注册" } },
  { path: "/mine", component: () => import("./views/MineView.vue"), meta: { title: "我的诉求" } },
  { path: "/disclosure", component: () => import("./views/DisclosureView.vue"), meta: { title: "信息公开" } },
  { path: "/:rest(.*)*", component: () => import("./views/NotFoundView.vue"), meta: { title: "页面不存在" } },
];

export function makeRouter() {
  return createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });
}
