// 导入: the wizard through its four steps — file and channel (the file read at once, its error
// shown), the column mapping (recognised columns pre-selected, required fields enforced, the
// preview as plain text), the import with progress and cancel, the result with the report and the
// imported appeals in the list; and a failed import with the way back.
import { enableAutoUnmount, flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryHistory, createRouter } from "vue-router";
import type { ImportOutcome } from "../bindings/ImportOutcome";
import type { JobProgress } from "../bindings/JobProgress";
import type { SessionInfo } from "../bindings/SessionInfo";
import { defaultListState, listState } from "../components/appeals/listState";
import { outcome, preview } from "../components/import/importFixtures";
import { resetWizard, wizard } from "../components/import/importWizard";
import { setSession } from "../lib/session";

vi.mock("../api/import", () => ({
  importChannels: vi.fn(),
  inspectImport: vi.fn(),
  importBatch: vi.fn(),
  cancelImport: vi.fn(),
  openImportReport: vi.fn(),
  saveImportReport: vi.fn(),
  onImportProgress: vi.fn(),
}));
vi.mock("../api/dialog", () => ({ pickFile: vi.fn(), pickSavePath: vi.fn() }));
vi.mock("../lib/notify", () => ({ showSuccess: vi.fn(), showError: vi.fn() }));

const api = await import("../api/import");
const dialog = await import("../api/dialog");
const notify = await import("../lib/notify");
import ImportView from "./ImportView.vue";

enableAutoUnmount(afterEach);

/** Element Plus is slow to render in happy-dom; these tests mount the whole page. */
const SLOW = 20000;

let progress: ((p: JobProgress) => void) | null = null;

function session(permissions: SessionInfo["permissions"]): SessionInfo {
  return {
    userId: 1, username: "u", displayName: "李登记", departmentId: 1, departmentName: "诉求办",
    roles: ["intake_clerk"], agreementSignedOn: "2026-01-05", orgName: "某市", permissions,
  };
}

async function start() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: "/import", component: ImportView },
      { path: "/appeals", component: { template: "<div>list</div>" } },
    ],
  });
  await router.push("/import");
  const w = mount(ImportView, { global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await flushPromises();
  return { w, router };
}

const el = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const text = (id: string) => el(id)?.textContent?.replace(/\s+/g, " ").trim() ?? "";
/** A count box of the result: "value label". */
const countText = (id: string) => [...(el(id)?.children ?? [])].map((c) => c.textContent!.trim()).join(" ");
const disabled = (id: string) => el(id)?.hasAttribute("disabled") || el(id)?.classList.contains("is-disabled");

/** Through step 1: website channel, the fixture file picked and read. */
async function pickWebsiteBatch() {
  vi.mocked(dialog.pickFile).mockResolvedValueOnce("/home/u/官网留言.csv");
  vi.mocked(api.inspectImport).mockResolvedValueOnce(preview());
  el("import-channel-website")!.querySelector("input")!.click();
  el("import-pick")!.click();
  await flushPromises();
}

beforeEach(() => {
  resetWizard();
  Object.assign(listState, defaultListState(1));
  setSession(session(["import", "viewAppeal"]));
  vi.mocked(api.importChannels).mockResolvedValue([
    { code: "website", label: "官网留言" },
    { code: "wechat", label: "微信" },
    { code: "weibo", label: "微博" },
    { code: "portal", label: "线上平台" },
  ]);
  vi.mocked(api.onImportProgress).mockImplementation(async (cb) => {
    progress = cb;
    return () => {};
  });
});
afterEach(() => {
  vi.clearAllMocks();
  setSession(null);
  document.body.innerHTML = "";
});

describe("ImportView", () => {
  it("reads the picked file at once and goes on only with a channel", { timeout: SLOW }, async () => {
    await start();
    expect(text("import-step-file")).toContain("官网留言");
    expect(disabled("import-next")).toBe(true);
    vi.mocked(dialog.pickFile).mockResolvedValueOnce("/home/u/官网留言.csv");
    vi.mocked(api.inspectImport).mockResolvedValueOnce(preview());
    el("import-pick")!.click();
    await flushPromises();
    expect(dialog.pickFile).toHaveBeenCalledWith(expect.stringContaining("选择要导入的文件"), [
      { name: "Excel 或 CSV 表格", extensions: ["xlsx", "xls", "csv"] },
    ]);
    expect(api.inspectImport).toHaveBeenCalledWith("/home/u/官网留言.csv");
    expect(text("import-file-name")).toBe("官网留言.csv");
    expect(text("import-file-facts")).toContain("编码 GBK/GB18030");
    expect(disabled("import-next")).toBe(true);
    el("import-channel-wechat")!.querySelector("input")!.click();
    await flushPromises();
    expect(disabled("import-next")).toBe(false);
    el("import-next")!.click();
    await flushPromises();
    expect(el("import-step-mapping")).not.toBeNull();
  });

  it("shows why a file cannot be read, and a cancelled picker changes nothing", { timeout: SLOW }, async () => {
    await start();
    vi.mocked(dialog.pickFile).mockResolvedValueOnce(null);
    el("import-pick")!.click();
    await flushPromises();
    expect(api.inspectImport).not.toHaveBeenCalled();
    vi.mocked(dialog.pickFile).mockResolvedValueOnce("/home/u/留言.docx");
    vi.mocked(api.inspectImport).mockRejectedValueOnce({
      code: "validation",
      message: "只能导入 .xlsx、.xls 或 .csv 文件。请在原系统导出为 Excel 或 CSV 格式。",
      field: "file",
    });
    el("import-pick")!.click();
    await flushPromises();
    expect(text("import-error")).toBe("只能导入 .xlsx、.xls 或 .csv 文件。请在原系统导出为 Excel 或 CSV 格式。");
    expect(el("import-file")).toBeNull();
    expect(disabled("import-next")).toBe(true);
  });

  it("pre-selects the recognised columns, enforces required fields and previews rows as text", { timeout: SLOW }, async () => {
    await start();
    await pickWebsiteBatch();
    el("import-next")!.click();
    await flushPromises();
    expect(el("import-map-select-name")!.textContent).toContain("留言人");
    expect(el("import-map-name")!.textContent).toContain("自动识别");
    expect(el("import-map-name")!.querySelector(".mapping-item__required")).not.toBeNull();
    expect(el("import-map-address")!.querySelector(".mapping-item__required")).toBeNull();
    expect(el("import-missing")).toBeNull();
    expect(text("import-start")).toBe("开始导入（4 行）");

    // The preview: every column (and the cell past the header), tagged by field, markup as text.
    const table = el("import-preview")!;
    const heads = [...table.querySelectorAll("th")].map((t) =>
      t.children.length ? [...t.children].map((c) => c.textContent!.trim()).join(" ") : t.textContent!.trim(),
    );
    expect(heads).toEqual(["行号", "留言人 → 姓名", "联系电话 → 电话", "留言标题 → 标题", "留言内容 → 内容", "提交时间 → 时间", "备注", "第 7 列"]);
    expect(table.querySelectorAll("tbody tr")).toHaveLength(4);
    expect(table.textContent).toContain("<b>路灯</b>坏了两周。");
    expect(table.querySelector("b")).toBeNull();

    // Clearing a required field's column blocks the import and says which.
    wizard.mapping.phone = "";
    await flushPromises();
    expect(text("import-missing")).toBe("必填项还没有对应的列：电话。请为它们选择文件中的列。");
    expect(disabled("import-start")).toBe(true);
    wizard.mapping.phone = "联系电话";
    await flushPromises();
    expect(disabled("import-start")).toBe(false);

    el("import-back")!.click();
    await flushPromises();
    expect(text("import-file-name")).toBe("官网留言.csv");
  });

  it("imports with the chosen mapping and channel, shows progress, then the result", { timeout: SLOW }, async () => {
    const { router } = await start();
    await pickWebsiteBatch();
    el("import-next")!.click();
    await flushPromises();
    wizard.mapping.address = "备注";
    let finish!: (o: ImportOutcome) => void;
    vi.mocked(api.importBatch).mockReturnValue(new Promise((r) => (finish = r)));
    el("import-start")!.click();
    await flushPromises();
    expect(api.importBatch).toHaveBeenCalledWith({
      file: "/home/u/官网留言.csv",
      channel: "website",
      mapping: [
        { field: "name", column: "留言人" },
        { field: "phone", column: "联系电话" },
        { field: "address", column: "备注" },
        { field: "received_at", column: "提交时间" },
        { field: "subject", column: "留言标题" },
        { field: "content", column: "留言内容" },
      ],
    });
    expect(text("import-progress-text")).toBe("正在读取文件……");
    progress!({ job: "import", done: 500, total: 1204 });
    await flushPromises();
    expect(text("import-progress-text")).toBe("已处理 500 / 1,204 行");
    expect(el("import-progress")!.textContent).toContain("41%");

    finish(outcome());
    await flushPromises();
    expect(text("import-result-title")).toBe("导入完成：共 1,204 行");
    expect(countText("import-count-registered")).toBe("1,200 已登记");
    expect(countText("import-count-flagged")).toBe("3 其中疑似重复");
    expect(countText("import-count-rejected")).toBe("2 未导入");
    expect(countText("import-count-already")).toBe("2 已导入过");

    // The report: opened, or copied where the user picks (nothing when the picker is cancelled).
    el("import-report-open")!.click();
    await flushPromises();
    expect(api.openImportReport).toHaveBeenCalledWith("/data/imports/官网留言-导入报告-20261125-090000.xlsx");
    vi.mocked(dialog.pickSavePath).mockResolvedValueOnce(null).mockResolvedValueOnce("/home/u/报告.xlsx");
    el("import-report-save")!.click();
    await flushPromises();
    expect(api.saveImportReport).not.toHaveBeenCalled();
    el("import-report-save")!.click();
    await flushPromises();
    expect(dialog.pickSavePath).toHaveBeenCalledWith("另存导入报告", "官网留言-导入报告.xlsx", [
      { name: "Excel 工作簿", extensions: ["xlsx"] },
    ]);
    expect(api.saveImportReport).toHaveBeenCalledWith("/data/imports/官网留言-导入报告-20261125-090000.xlsx", "/home/u/报告.xlsx");
    expect(notify.showSuccess).toHaveBeenCalledWith("导入报告已保存到 /home/u/报告.xlsx");

    // The imported appeals: the list filtered by the batch's channel and receipt dates.
    listState.text = "旧的搜索";
    el("import-show-appeals")!.click();
    await flushPromises();
    expect(router.currentRoute.value.path).toBe("/appeals");
    expect(listState).toMatchObject({ channel: "website", range: ["2026-11-20", "2026-11-23"], text: "", statuses: [] });
  });

  it("cancels a running import and says how far it got; another file starts again", { timeout: SLOW }, async () => {
    await start();
    await pickWebsiteBatch();
    el("import-next")!.click();
    await flushPromises();
    let finish!: (o: ImportOutcome) => void;
    vi.mocked(api.importBatch).mockReturnValue(new Promise((r) => (finish = r)));
    vi.mocked(api.cancelImport).mockResolvedValue(true);
    el("import-start")!.click();
    await flushPromises();
    el("import-cancel")!.click();
    await flushPromises();
    expect(api.cancelImport).toHaveBeenCalledTimes(1);
    expect(text("import-progress-text")).toContain("正在取消");
    expect(disabled("import-cancel")).toBe(true);
    finish(outcome({ cancelled: true, handled: 500, registered: 500, flagged: 0, rejected: 0, alreadyImported: 0, report: null }));
    await flushPromises();
    expect(text("import-result-title")).toBe("导入已取消：已处理 500 / 1,204 行");
    expect(text("import-result-text")).toContain("再次导入同一文件会只导入其余的行");
    expect(el("import-report-open")).toBeNull();

    el("import-again")!.click();
    await flushPromises();
    expect(el("import-step-file")).not.toBeNull();
    expect(el("import-file")).toBeNull();
    expect(wizard.channel).toBe("website");
  });

  it("shows a failed import with the way back to the mapping", { timeout: SLOW }, async () => {
    await start();
    await pickWebsiteBatch();
    el("import-next")!.click();
    await flushPromises();
    vi.mocked(api.importBatch).mockRejectedValue({
      code: "storage",
      message: "导入在第 502 行附近中断：磁盘空间已满，数据未保存。请清理磁盘空间后重试。已经导入的 500 行已保存，重新导入同一文件会只导入其余的行。",
    });
    el("import-start")!.click();
    await flushPromises();
    expect(text("import-error")).toContain("已经导入的 500 行已保存");
    el("import-back")!.click();
    await flushPromises();
    expect(el("import-step-mapping")).not.toBeNull();
  });
});
