// The print menu: "打印" asks Rust to write and open the PDF, "另存为" asks for a path first (and
// does nothing when the dialog is cancelled); Rust's refusal is shown as its Chinese sentence.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { beforeEach, describe, expect, it, vi } from "vitest";
import PrintMenu from "./PrintMenu.vue";

vi.mock("../../api/paper", () => ({ printAppeal: vi.fn() }));
vi.mock("../../api/dialog", () => ({ pickSavePath: vi.fn() }));
vi.mock("../../lib/notify", () => ({ showSuccess: vi.fn(), showError: vi.fn() }));

const paper = await import("../../api/paper");
const dialog = await import("../../api/dialog");
const notify = await import("../../lib/notify");

function mountMenu() {
  return mount(PrintMenu, {
    props: { appealId: 42, regNumber: "20261120-0001" },
    global: { plugins: [ElementPlus] },
    attachTo: document.body,
  });
}

/** Picks a menu command the way the dropdown reports it. */
async function choose(w: ReturnType<typeof mountMenu>, command: string) {
  w.findComponent({ name: "ElDropdown" }).vm.$emit("command", command);
  await flushPromises();
}

describe("PrintMenu", () => {
  beforeEach(() => vi.clearAllMocks());

  it("prints a document by asking Rust to write and open it", async () => {
    vi.mocked(paper.printAppeal).mockResolvedValue("/data/prints/20261120-0001-受理回执.pdf");
    const w = mountMenu();
    await choose(w, "print:receipt");
    expect(paper.printAppeal).toHaveBeenCalledWith(42, "receipt", null);
    expect(dialog.pickSavePath).not.toHaveBeenCalled();
    expect(notify.showSuccess).toHaveBeenCalledWith("受理回执已生成。已打开 PDF，按 Ctrl+P 打印。");
    w.unmount();
  });

  it("saves where the user picked, and does nothing when the dialog is cancelled", async () => {
    vi.mocked(dialog.pickSavePath).mockResolvedValueOnce("/home/u/登记表.pdf").mockResolvedValueOnce(null);
    vi.mocked(paper.printAppeal).mockResolvedValue("/home/u/登记表.pdf");
    const w = mountMenu();
    await choose(w, "save:archive_sheet");
    expect(dialog.pickSavePath).toHaveBeenCalledWith("另存民意诉求登记表", "20261120-0001-民意诉求登记表.pdf", [
      { name: "PDF 文件", extensions: ["pdf"] },
    ]);
    expect(paper.printAppeal).toHaveBeenCalledWith(42, "archive_sheet", "/home/u/登记表.pdf");
    await choose(w, "save:reply");
    expect(paper.printAppeal).toHaveBeenCalledTimes(1);
    w.unmount();
  });

  it("shows Rust's refusal", async () => {
    const refusal = { code: "forbidden", message: "您没有查看诉求人个人信息的权限，不能打印含个人信息的文书。" };
    vi.mocked(paper.printAppeal).mockRejectedValue(refusal);
    const w = mountMenu();
    await choose(w, "print:archive_sheet");
    expect(notify.showError).toHaveBeenCalledWith(refusal);
    expect(w.get('[data-testid="print-button"]').attributes("disabled")).toBeUndefined();
    w.unmount();
  });
});
