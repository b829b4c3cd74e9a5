// The batch print dialog: it says how many appeals the filter matches, refuses too many, shows
// the progress Rust reports, cancels through Rust, and shows the outcome or Rust's error.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { BatchOutcome } from "../../bindings/BatchOutcome";
import type { JobProgress } from "../../bindings/JobProgress";
import { defaultListFilter } from "../../api/appeals";
import BatchPrintDialog from "./BatchPrintDialog.vue";

vi.mock("../../api/batch", () => ({
  batchPrintCount: vi.fn(),
  batchPrint: vi.fn(),
  cancelBatchPrint: vi.fn(),
  onBatchProgress: vi.fn(),
}));
vi.mock("../../api/dialog", () => ({ pickSavePath: vi.fn() }));
vi.mock("../../lib/notify", () => ({ showSuccess: vi.fn(), showError: vi.fn() }));

const batch = await import("../../api/batch");
const dialog = await import("../../api/dialog");

const filter = { ...defaultListFilter(), statuses: ["routed" as const], page: 3 };
let progress: ((p: JobProgress) => void) | null = null;
const unlisten = vi.fn();

function mountDialog() {
  return mount(BatchPrintDialog, {
    props: { modelValue: true, filter },
    global: { plugins: [ElementPlus] },
    attachTo: document.body,
  });
}

const text = (sel: string) => document.querySelector(`[data-testid="${sel}"]`)?.textContent ?? "";
const button = (sel: string) => document.querySelector<HTMLButtonElement>(`[data-testid="${sel}"]`);

/** A batch_print call that stays pending until resolved or rejected by the test. */
function pendingPrint() {
  let resolve!: (o: BatchOutcome) => void;
  let reject!: (e: unknown) => void;
  vi.mocked(batch.batchPrint).mockReturnValue(
    new Promise<BatchOutcome>((res, rej) => {
      resolve = res;
      reject = rej;
    }),
  );
  return { resolve: (o: BatchOutcome) => resolve(o), reject: (e: unknown) => reject(e) };
}

describe("BatchPrintDialog", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = "";
    progress = null;
    vi.mocked(batch.onBatchProgress).mockImplementation(async (cb) => {
      progress = cb;
      return unlisten;
    });
    vi.mocked(batch.cancelBatchPrint).mockResolvedValue(true);
  });

  it("counts the filter's appeals, from the first page whatever page the list shows", async () => {
    vi.mocked(batch.batchPrintCount).mockResolvedValue({ matched: 1234, max: 5000 });
    const w = mountDialog();
    await flushPromises();
    expect(batch.batchPrintCount).toHaveBeenCalledWith({ ...filter, page: 0 });
    expect(text("batch-count")).toContain("1,234");
    expect(button("batch-print")?.disabled).toBe(false);
    w.unmount();
  });

  it("refuses more than the maximum and asks to narrow the filter", async () => {
    vi.mocked(batch.batchPrintCount).mockResolvedValue({ matched: 5001, max: 5000 });
    const w = mountDialog();
    await flushPromises();
    expect(text("batch-too-many")).toContain("一次最多打印 5,000 件");
    expect(text("batch-too-many")).toContain("缩小筛选范围");
    expect(button("batch-print")?.disabled).toBe(true);
    expect(button("batch-save")?.disabled).toBe(true);
    w.unmount();
  });

  it("shows the progress Rust reports, and the result when done", async () => {
    vi.mocked(batch.batchPrintCount).mockResolvedValue({ matched: 10, max: 5000 });
    const run = pendingPrint();
    const w = mountDialog();
    await flushPromises();
    button("batch-print")!.click();
    await flushPromises();
    expect(batch.batchPrint).toHaveBeenCalledWith({ ...filter, page: 0 }, null);
    expect(text("batch-progress-text")).toContain("已完成 0 / 10");
    progress!({ job: "batch_print", done: 3, total: 10 });
    await flushPromises();
    expect(text("batch-progress-text")).toContain("已完成 3 / 10");
    expect(text("batch-progress")).toContain("30%");
    run.resolve({ cancelled: false, path: "/data/prints/批量登记表.pdf", sheets: 10, pages: 21 });
    await flushPromises();
    expect(text("batch-result")).toContain("已生成 10 份登记表（共 21 页）");
    expect(text("batch-result")).toContain("已打开 PDF，按 Ctrl+P 打印。");
    expect(document.querySelector('[data-testid="batch-progress"]')).toBeNull();
    expect(unlisten).toHaveBeenCalled();
    w.unmount();
  });

  it("cancel asks Rust to stop, and says no file was made", async () => {
    vi.mocked(batch.batchPrintCount).mockResolvedValue({ matched: 10, max: 5000 });
    const run = pendingPrint();
    const w = mountDialog();
    await flushPromises();
    button("batch-print")!.click();
    await flushPromises();
    button("batch-cancel")!.click();
    await flushPromises();
    expect(batch.cancelBatchPrint).toHaveBeenCalledTimes(1);
    expect(text("batch-progress-text")).toContain("正在取消");
    run.resolve({ cancelled: true, path: null, sheets: 0, pages: 0 });
    await flushPromises();
    expect(text("batch-result")).toContain("已取消批量打印，没有生成文件");
    w.unmount();
  });

  it("saves where the user picked, and does nothing when the save dialog is cancelled", async () => {
    vi.mocked(batch.batchPrintCount).mockResolvedValue({ matched: 2, max: 5000 });
    vi.mocked(dialog.pickSavePath).mockResolvedValueOnce(null).mockResolvedValueOnce("/home/u/登记表.pdf");
    vi.mocked(batch.batchPrint).mockResolvedValue({ cancelled: false, path: "/home/u/登记表.pdf", sheets: 2, pages: 4 });
    const w = mountDialog();
    await flushPromises();
    button("batch-save")!.click();
    await flushPromises();
    expect(batch.batchPrint).not.toHaveBeenCalled();
    button("batch-save")!.click();
    await flushPromises();
    expect(batch.batchPrint).toHaveBeenCalledWith({ ...filter, page: 0 }, "/home/u/登记表.pdf");
    expect(text("batch-result")).toContain("保存在 /home/u/登记表.pdf");
    w.unmount();
  });

  it("shows Rust's error in Chinese", async () => {
    vi.mocked(batch.batchPrintCount).mockResolvedValue({ matched: 2, max: 5000 });
    const run = pendingPrint();
    const w = mountDialog();
    await flushPromises();
    button("batch-print")!.click();
    await flushPromises();
    const refusal = { code: "forbidden", message: "您没有查看其中部分诉求的诉求人个人信息的权限，不能批量打印登记表。" };
    run.reject(refusal);
    await flushPromises();
    expect(text("batch-error")).toContain(refusal.message);
    expect(document.querySelector('[data-testid="batch-progress"]')).toBeNull();
    w.unmount();
  });
});
