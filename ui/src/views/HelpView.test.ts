// Help: the guide's headings, table of contents and text render as elements (markup in the text
// stays text), with this computer's data folder.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { describe, expect, it, vi } from "vitest";

// The real guide is checked in components/help/markdown.test.ts; here a small one.
vi.mock("../components/help/guideText", () => ({
  guideText: "# 使用说明\n\n## 这个系统做什么\n\n登记 <b>诉求</b>。\n\n## 快捷键\n\n| 按键 | 作用 |\n| --- | --- |\n| `Esc` | 关闭对话框 |\n",
}));
vi.mock("../api/session", () => ({
  appStatus: vi.fn(async () => ({ needsSetup: false, orgName: "某市", session: null, dataDir: "/home/u/.local/share/cn.minyi.desktop" })),
}));

import HelpView from "./HelpView.vue";

describe("help", () => {
  it("renders the guide as elements with a table of contents and the data folder", async () => {
    const w = mount(HelpView, { global: { plugins: [ElementPlus] } });
    await flushPromises();
    expect(w.findAll('[data-testid="help-heading"]').map((h) => h.text())).toEqual(["这个系统做什么", "快捷键"]);
    expect(w.findAll('[data-testid^="help-toc-"]').map((a) => a.text())).toEqual(["这个系统做什么", "快捷键"]);
    const guide = w.get('[data-testid="help-guide"]');
    expect(guide.text()).toContain("登记 <b>诉求</b>。");
    expect(guide.find("b").exists()).toBe(false);
    expect(guide.get("td code").text()).toBe("Esc");
    expect(w.get('[data-testid="help-data-dir-path"]').text()).toBe("/home/u/.local/share/cn.minyi.desktop");
    w.unmount();
  });
});
