// Start-up: the stored 大字模式 first (no jump), the Vant components, the portal's own styles
// (after Vant's, so they win), the router, the portal's description, then the root.
import { createApp } from "vue";
import { installVant } from "./vant";
import "./styles/portal.css";
import App from "./App.vue";
import { makeRouter } from "./router";
import { applyLargeText } from "./composables/useLargeText";
import { loadPortal } from "./state";

applyLargeText();
const app = createApp(App);
installVant(app);
app.use(makeRouter());
void loadPortal();
app.mount("#app");
