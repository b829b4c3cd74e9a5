// The batch action dialog: it sends one action for the selection, shows Rust's progress, lists
// the appeals Rust refused (registration number + reason) next to the count that succeeded, marks
// a field Rust refused for the whole batch, and stops through Rust.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { BatchReport } from "../../bindings/BatchReport";
import type { JobProgress } from "../../bindings/JobProgress";
import BatchActionDialog from "./BatchActionDialog.vue";

vi.mock("../../api/batchActions", () => ({
  batchAct: vi.fn(),
  cancelBatchAct: vi.fn(),
  onBatchActProgress: vi.fn(),
}));

const api = await import("../../api/batchActions");
let progress: ((p: JobProgress) => void) | null = null;

const departments = [
  { id: 7, name: "城管科", active: true },
  { id: 8, name: "旧科室", active: false },
];

function mountDialog(kind: "route" | "close" | "archive", target: { ids: number[] } | { filter: never } = { ids: [1, 2, 3] }) {
  return mount(BatchActionDialog, {
    props: { modelValue: true, kind, target, count: 3, departments },
    global: { plugins: [ElementPlus] },
    attachTo: document.body,
  });
}

const q = (sel: string) => document.querySelector(`[data-testid="${sel}"]`);
const text = (sel: string) => q(sel)?.textContent ?? "";

/** Element Plus shows a form item's error after 100 ms. */
async function later() {
  await new Promise((r) => setTimeout(r, 150));
  await flushPromises();
}

const report: BatchReport = {
  items: [
    { appealId: 1, regNumber: "20261120-0001", ok: true, message: "已分流至 城管科" },
    { appealId: 2, regNumber: "20261120-0002", ok: false, message: "该诉求尚未初审，请先完成初审（确认分类）再分流。" },
    { appealId: 3, regNumber: "20261120-0003", ok: true, message: "已分流至 城管科" },
  ],
  succeeded: 2,
  failed: 1,
  notStarted: 0,
};

describe("BatchActionDialog", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = "";
    progress = null;
    vi.mocked(api.onBatchActProgress).mockImplementation(async (cb) => {
      progress = cb;
      return () => {};
    });
    vi.mocked(api.cancelBatchAct).mockResolvedValue(true);
  });

  it("routes the selection and lists the refused appeal with its number and reason", async () => {
    const w = mountDialog("route");
    await flushPromises();
    expect(text("batch-action-count")).toContain("3");
    // No department chosen: marked here, nothing sent.
    (q("batch-action-start") as HTMLButtonElement).click();
    await flushPromises();
    expect(api.batchAct).not.toHaveBeenCalled();
    await later();
    expect(document.body.textContent).toContain("请选择承办部门");

    let resolve!: (r: BatchReport) => void;
    vi.mocked(api.batchAct).mockReturnValue(new Promise((res) => (resolve = res)));
    expect(q("batch-department-8")).toBeNull(); // an inactive department is not offered
    (q("batch-department-7") as HTMLElement).click();
    await flushPromises();
    (q("batch-action-start") as HTMLButtonElement).click();
    await flushPromises();
    expect(api.batchAct).toHaveBeenCalledWith({ ids: [1, 2, 3] }, { kind: "route", departmentId: 7, note: null });
    progress?.({ job: "batch_action", done: 2, total: 3 });
    await flushPromises();
    expect(text("batch-action-progress")).toContain("已处理 2 / 3");
    resolve(report);
    await flushPromises();
    expect(text("batch-action-summary")).toContain("成功 2 件，未成功 1 件");
    const failures = text("batch-failures");
    expect(failures).toContain("20261120-0002");
    expect(failures).toContain("尚未初审");
    expect(failures).not.toContain("20261120-0001");
    expect(w.emitted("done")?.[0]).toEqual([report]);
  });

  it("marks the field Rust refuses for the whole batch and keeps the form", async () => {
    vi.mocked(api.batchAct).mockRejectedValue({ code: "validation", message: "请填写办结说明。", field: "summary" });
    mountDialog("close");
    await flushPromises();
    (q("batch-action-start") as HTMLButtonElement).click();
    await flushPromises();
    expect(api.batchAct).toHaveBeenCalledWith({ ids: [1, 2, 3] }, { kind: "close", summary: "" });
    await later();
    expect(document.body.textContent).toContain("请填写办结说明。");
    expect(q("batch-summary")).not.toBeNull();
    expect(q("batch-action-summary")).toBeNull();
  });

  it("stops through Rust while running", async () => {
    vi.mocked(api.batchAct).mockReturnValue(new Promise(() => {}));
    mountDialog("archive");
    await flushPromises();
    expect(q("archive-fields")).not.toBeNull();
    (q("batch-action-start") as HTMLButtonElement).click();
    await flushPromises();
    expect(vi.mocked(api.batchAct).mock.calls[0][1]).toEqual({
      kind: "archive",
      input: { volume: "", box: null, retention: "years10", archivedOn: null },
    });
    (q("batch-action-stop") as HTMLButtonElement).click();
    await flushPromises();
    expect(api.cancelBatchAct).toHaveBeenCalled();
    expect(text("batch-action-progress")).toContain("正在停止");
  });
});
