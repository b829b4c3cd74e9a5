// The Vant components the pages use, registered globally, each with its own stylesheet (Vant's
// per-component CSS entry points) so that the bundle carries only these.
import type { App } from "vue";
import {
  Button,
  CellGroup,
  Field,
  Icon,
  Loading,
  NavBar,
  Radio,
  RadioGroup,
  Tab,
  Tabs,
  Uploader,
} from "vant";
import "vant/es/button/style/index";
import "vant/es/cell-group/style/index";
import "vant/es/field/style/index";
import "vant/es/icon/style/index";
import "vant/es/loading/style/index";
import "vant/es/nav-bar/style/index";
import "vant/es/radio/style/index";
import "vant/es/radio-group/style/index";
import "vant/es/tab/style/index";
import "vant/es/tabs/style/index";
import "vant/es/uploader/style/index";

const components = [Button, CellGroup, Field, Icon, Loading, NavBar, Radio, RadioGroup, Tab, Tabs, Uploader];

export function installVant(app: App): void {
  for (const c of components) app.use(c);
}
