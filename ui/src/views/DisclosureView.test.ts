// 信息公开: asks for last month's preview, shows Rust's wording as it is (threshold, figures,
// tables with hidden numbers marked, footnotes), and exports the chosen format for the period on
// screen — into exports/ or where the user picked.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DisclosureDocument } from "../bindings/DisclosureDocument";
import { presetPeriod } from "../lib/periods";

vi.mock("../api/disclosure", () => ({ disclosurePreview: vi.fn(), exportDisclosure: vi.fn(), publishDisclosure: vi.fn() }));
vi.mock("../api/export", () => ({ onExportProgress: vi.fn(async () => () => {}) }));
vi.mock("../api/dialog", () => ({ pickSavePath: vi.fn() }));
vi.mock("../lib/notify", () => ({ showSuccess: vi.fn(), showError: vi.fn() }));

import { pickSavePath } from "../api/dialog";
import { disclosurePreview, exportDisclosure, publishDisclosure } from "../api/disclosure";
import { connection } from "../lib/connection";
import { showSuccess } from "../lib/notify";
import DisclosureView from "./DisclosureView.vue";

const line = (label: string, text: string, suppressed = false) => ({ label, text, suppressed });

function fixture(): DisclosureDocument {
  return {
    org: "云江市民意诉求管理办公室",
    title: "云江市民意诉求管理办公室民意诉求办理情况公开",
    periodText: "统计时段：2026年10月1日至2026年10月31日（按收到日期）",
    threshold: 5,
    figures: [line("受理诉求总数", "85 件"), line("按期办理率", "89.5%"), line("满意率", "—", true)],
    tables: [
      { title: "一、按诉求类型", label: "诉求类型", rows: [line("咨询", "24"), line("求助", "—", true)] },
      { title: "二、按受理渠道", label: "受理渠道", rows: [line("书信", "—", true), line("微博", "—", true), line("微信", "14")] },
      { title: "三、办理结果", label: "办理结果", rows: [line("已办结", "68")] },
      { title: "四、回访满意度", label: "回访结果", rows: [line("满意", "55")] },
    ],
    footnotes: ["按期办理率：……", "为保护诉求人隐私，1 至 4 件的数字不予公开，以“—”表示。"],
    anySuppressed: true,
  };
}

async function start() {
  const w = mount(DisclosureView, { global: { plugins: [ElementPlus] }, attachTo: document.body });
  await flushPromises();
  return w;
}

const el = (sel: string) => document.querySelector<HTMLElement>(`[data-testid="${sel}"]`);

beforeEach(() => {
  vi.mocked(disclosurePreview).mockResolvedValue(fixture());
  vi.mocked(exportDisclosure).mockResolvedValue({ path: "/data/exports/信息公开.pdf", rows: 85, personalData: false, cancelled: false });
});
afterEach(() => {
  connection.mode = "standalone";
  vi.clearAllMocks();
  document.body.innerHTML = "";
});

describe("disclosure page", () => {
  it("previews last month as Rust words it, hidden numbers marked and counted", async () => {
    const w = await start();
    expect(disclosurePreview).toHaveBeenCalledWith(presetPeriod("lastMonth"));
    expect(w.get("[data-testid=disclosure-period]").text()).toBe("统计时段：2026年10月1日至2026年10月31日（按收到日期）");
    expect(w.get("[data-testid=disclosure-threshold]").text()).toContain("公开阈值 5 件：1 至 4 件的数字不予公开");
    expect(w.get("[data-testid=disclosure-threshold]").text()).toContain("本时段有 3 个数字被隐去");
    expect(w.findAll("[data-testid=disclosure-table]")).toHaveLength(4);
    expect(w.findAll("[data-testid=disclosure-hidden]").map((c) => c.text())).toEqual(["—", "—", "—"]);
    expect(w.get("[data-testid=disclosure-figure-2]").text()).toContain("—");
    expect(w.get("[data-testid=disclosure-notes]").text()).toContain("注2：为保护诉求人隐私");
  });

  it("exports the chosen format for the period on screen, or where the user picked", async () => {
    await start();
    el("disclosure-export-html")!.click();
    await flushPromises();
    expect(document.querySelector(".el-dialog__title")?.textContent).toBe("导出网页");
    el("export-start")!.click();
    await flushPromises();
    expect(exportDisclosure).toHaveBeenCalledWith(presetPeriod("lastMonth"), "html", null);
    expect(el("export-result")?.textContent).toContain("已导出信息公开网页，正在用浏览器打开。");

    el("export-close")!.click();
    el("disclosure-export-pdf")!.click();
    await flushPromises();
    vi.mocked(pickSavePath).mockResolvedValue("/home/u/信息公开.pdf");
    el("export-save")!.click();
    await flushPromises();
    expect(vi.mocked(pickSavePath).mock.lastCall?.[2]).toEqual([{ name: "PDF 文档", extensions: ["pdf"] }]);
    expect(exportDisclosure).toHaveBeenLastCalledWith(presetPeriod("lastMonth"), "pdf", "/home/u/信息公开.pdf");
  });

  it("shows Rust's refusal instead of a preview", async () => {
    vi.mocked(disclosurePreview).mockRejectedValueOnce({ code: "forbidden", message: "您没有编制信息公开的权限。" });
    const w = await start();
    expect(w.get("[data-testid=disclosure-error]").text()).toContain("您没有编制信息公开的权限。");
    expect(w.find("[data-testid=disclosure-preview]").exists()).toBe(false);
    expect(w.get("[data-testid=disclosure-export-pdf]").attributes("disabled")).toBeDefined();
  });

  it("publishes the period on the portal in 联网 mode only", async () => {
    await start();
    expect(el("disclosure-publish")).toBeNull();
    document.body.innerHTML = "";
    connection.mode = "office";
    vi.mocked(publishDisclosure).mockResolvedValue({ id: 1, period: "2026-10-01 至 2026-10-31", title: "t", publishedAt: "2026-11-02T09:00:00+08:00" });
    await start();
    el("disclosure-publish")!.click();
    await flushPromises();
    expect(publishDisclosure).toHaveBeenCalledWith(presetPeriod("lastMonth"));
    expect(showSuccess).toHaveBeenCalledWith("已发布到网上平台的“信息公开”：2026-10-01 至 2026-10-31");
  });
});
