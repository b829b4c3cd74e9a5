// The Excel export dialog: runs the caller's exporter masked by default, offers full personal data
// only where the caller allows it, shows Rust's progress, saves where the user picked (or not at
// all when the picker is cancelled), and shows the outcome or Rust's error.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ExportOutcome } from "../bindings/ExportOutcome";
import type { JobProgress } from "../bindings/JobProgress";
import ExportDialog from "./ExportDialog.vue";

vi.mock("../api/export", () => ({ onExportProgress: vi.fn() }));
vi.mock("../api/dialog", () => ({ pickSavePath: vi.fn() }));
vi.mock("../lib/notify", () => ({ showSuccess: vi.fn(), showError: vi.fn() }));

const api = await import("../api/export");
const dialog = await import("../api/dialog");

const exporter = vi.fn<(personal: boolean, saveTo: string | null) => Promise<ExportOutcome>>();
let progress: ((p: JobProgress) => void) | null = null;

function mountDialog(personalData: "none" | "masked" | "optional", cancel?: () => Promise<unknown>) {
  return mount(ExportDialog, {
    props: { modelValue: true, description: "导出诉求台账", fileStem: "诉求台账", unit: "件诉求", personalData, exporter, cancel },
    global: { plugins: [ElementPlus] },
    attachTo: document.body,
  });
}

const el = (sel: string) => document.querySelector<HTMLElement>(`[data-testid="${sel}"]`);
const text = (sel: string) => el(sel)?.textContent?.trim() ?? "";

beforeEach(() => {
  vi.mocked(api.onExportProgress).mockImplementation(async (cb) => {
    progress = cb;
    return () => {};
  });
});
afterEach(() => {
  vi.clearAllMocks();
  document.body.innerHTML = "";
});

describe("Excel export dialog", () => {
  it("exports the filter masked, shows progress, then the outcome", async () => {
    let finish!: (o: ExportOutcome) => void;
    exporter.mockReturnValue(new Promise((r) => (finish = r)));
    mountDialog("masked");
    await flushPromises();
    expect(el("export-personal")).toBeNull();
    expect(document.body.textContent).toContain("隐去部分字符");
    el("export-start")!.click();
    await flushPromises();
    expect(exporter).toHaveBeenCalledWith(false, null);
    progress!({ job: "export", done: 1000, total: 4000 });
    await flushPromises();
    expect(el("export-progress")?.textContent).toContain("已导出 1,000 / 4,000");
    finish({ path: "/data/exports/诉求台账.xlsx", rows: 4000, personalData: false, cancelled: false });
    await flushPromises();
    expect(text("export-result")).toBe("已导出 4,000 件诉求，正在用表格软件打开。");
    expect(el("export-progress")).toBeNull();
  });

  it("asks for full personal data only when allowed, and saves where the user picked", async () => {
    exporter.mockResolvedValue({ path: "/home/u/台账.xlsx", rows: 12, personalData: true, cancelled: false });
    vi.mocked(dialog.pickSavePath).mockResolvedValueOnce(null).mockResolvedValueOnce("/home/u/台账.xlsx");
    mountDialog("optional");
    await flushPromises();
    el("export-personal")!.querySelector("input")!.click();
    el("export-save")!.click();
    await flushPromises();
    expect(exporter).not.toHaveBeenCalled();
    el("export-save")!.click();
    await flushPromises();
    expect(exporter).toHaveBeenCalledWith(true, "/home/u/台账.xlsx");
    expect(text("export-result")).toBe("已导出 12 件诉求（含个人信息），保存在 /home/u/台账.xlsx");
  });

  it("shows Rust's error", async () => {
    exporter.mockRejectedValue({
      code: "validation",
      message: "符合条件的诉求有 1,200,000 件，超过了 Excel 一张工作表能容纳的 1048575 行。请缩小收到日期范围，分几次导出。",
      field: "filter",
    });
    mountDialog("none");
    await flushPromises();
    expect(document.body.textContent).not.toContain("隐去部分字符");
    el("export-start")!.click();
    await flushPromises();
    expect(text("export-error")).toContain("请缩小收到日期范围，分几次导出。");
  });

  it("offers 取消导出 while a cancellable export runs, and says no file was written", async () => {
    let finish!: (o: ExportOutcome) => void;
    exporter.mockReturnValue(new Promise((r) => (finish = r)));
    const cancel = vi.fn(async () => {
      finish({ path: "", rows: 0, personalData: false, cancelled: true });
      return true;
    });
    mountDialog("masked", cancel);
    await flushPromises();
    expect(el("export-cancel")).toBeNull();
    el("export-start")!.click();
    await flushPromises();
    expect(el("export-close")).toBeNull();
    el("export-cancel")!.click();
    await flushPromises();
    expect(cancel).toHaveBeenCalledOnce();
    expect(text("export-result")).toBe("已取消导出，没有生成文件。");
    expect(el("export-cancel")).toBeNull();
    expect(el("export-close")).not.toBeNull();
  });

  it("has no 取消 for an export that cannot be cancelled", async () => {
    exporter.mockReturnValue(new Promise(() => {}));
    mountDialog("none");
    await flushPromises();
    el("export-start")!.click();
    await flushPromises();
    expect(el("export-cancel")).toBeNull();
  });
});
