// Start-up: larger-text preference first (no flash), then Element Plus (full, zh-CN, with dayjs's
// zh-cn locale so that date pickers start the week on Monday), the router and the root component.
import "./lib/dayjsLocale";
import { createApp } from "vue";
import ElementPlus from "element-plus";
import zhCn from "element-plus/es/locale/lang/zh-cn";
import "element-plus/dist/index.css";
import "./styles/base.css";
import App from "./App.vue";
import { applyLargeText } from "./lib/largeText";
import { router } from "./router";

applyLargeText();

createApp(App).use(ElementPlus, { locale: zhCn }).use(router).mount("#app");
