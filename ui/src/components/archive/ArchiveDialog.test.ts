// The 纸质归档 dialog: it sends the volume, box, retention and date to Rust, marks a field Rust
// refuses (the rest stays filled), and opens pre-filled to correct an existing record.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { beforeEach, describe, expect, it, vi } from "vitest";
import ArchiveDialog from "./ArchiveDialog.vue";
import { archiveLine } from "./archive";

vi.mock("../../api/batchActions", () => ({ recordArchive: vi.fn() }));
vi.mock("../../lib/notify", () => ({ showSuccess: vi.fn(), showError: vi.fn() }));
const api = await import("../../api/batchActions");

const q = <T extends Element = HTMLElement>(sel: string) => document.querySelector<T>(`[data-testid="${sel}"]`);

const volume = () => (q("archive-volume")!.querySelector("input") ?? q<HTMLInputElement>("archive-volume")!) as HTMLInputElement;

async function type(sel: string, value: string) {
  const input = q<HTMLInputElement>(sel)!.querySelector("input") ?? q<HTMLInputElement>(sel)!;
  input.value = value;
  input.dispatchEvent(new Event("input"));
  await flushPromises();
}

const record = {
  appealId: 5,
  volume: "2026-TS-001",
  box: "12",
  retention: "permanent" as const,
  archivedOn: "2026-11-23",
  archivedBy: 2,
  archivedByName: "李四",
};

describe("ArchiveDialog", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    document.body.innerHTML = "";
  });

  it("records the filing and marks a refused field", async () => {
    vi.mocked(api.recordArchive).mockRejectedValueOnce({
      code: "validation",
      message: "归档日期不能早于办结日期，请改为实际归档的日期。",
      field: "archivedOn",
    });
    const w = mount(ArchiveDialog, {
      props: { modelValue: true, appealId: 5, record: null },
      global: { plugins: [ElementPlus] },
      attachTo: document.body,
    });
    await flushPromises();
    await type("archive-volume", "2026-TS-009");
    await type("archive-box", "  ");
    q<HTMLButtonElement>("archive-save")!.click();
    await flushPromises();
    expect(api.recordArchive).toHaveBeenCalledWith(5, {
      volume: "2026-TS-009",
      box: null,
      retention: "years10",
      archivedOn: null,
    });
    await new Promise((r) => setTimeout(r, 150)); // Element Plus shows a field's error after 100 ms
    await flushPromises();
    expect(document.body.textContent).toContain("归档日期不能早于办结日期");
    expect(volume().value).toBe("2026-TS-009");

    vi.mocked(api.recordArchive).mockResolvedValueOnce({
      appealId: 5,
      regNumber: "20261120-0005",
      archiveNumber: null,
      status: "closed",
      dueDate: null,
      message: "已登记归档",
    });
    q<HTMLButtonElement>("archive-save")!.click();
    await flushPromises();
    expect(w.emitted("done")).toHaveLength(1);
    expect(w.emitted("update:modelValue")?.slice(-1)[0]).toEqual([false]);
  });

  it("opens pre-filled to correct a record, and describes it in one line", async () => {
    mount(ArchiveDialog, {
      props: { modelValue: true, appealId: 5, record },
      global: { plugins: [ElementPlus] },
      attachTo: document.body,
    });
    await flushPromises();
    expect(document.body.textContent).toContain("更正纸质归档");
    expect(volume().value).toBe("2026-TS-001");
    expect(archiveLine(record)).toBe("卷号 2026-TS-001，盒号 12，保管期限 永久，2026年11月23日由李四归档");
  });
});
