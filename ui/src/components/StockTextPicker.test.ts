// The 常用语 picker: lists the stock texts of its kind for the appeal's category when opened, and
// inserts the one picked; the generic action dialog offers it beside each text area and appends
// the text to what is typed.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { StockText } from "../bindings/StockText";

vi.mock("../api/bell", () => ({ listStockTexts: vi.fn() }));

import { listStockTexts } from "../api/bell";
import StockTextPicker from "./StockTextPicker.vue";
import { stockKindOf, withStockText } from "./stockTexts";

function text(id: number, title: string, body: string): StockText {
  return { id, kind: "plan", category: "complaint", title, body, updatedBy: "诉求管理员", updatedAt: "2026-11-20T10:00:00+08:00" };
}

/** The popover opens after a zero timeout. */
async function opened() {
  await new Promise((r) => setTimeout(r, 20));
  await flushPromises();
}

afterEach(() => {
  vi.clearAllMocks();
  document.body.innerHTML = "";
});

describe("StockTextPicker", () => {
  it("loads the texts of its kind and category when opened and emits the one picked", async () => {
    vi.mocked(listStockTexts).mockResolvedValue([text(1, "现场核查", "安排工作人员到现场核查。"), text(2, "责令整改", "责令责任单位立即整改。")]);
    const w = mount(StockTextPicker, {
      props: { kind: "plan", category: "complaint", testid: "dlg-measures-stock" },
      global: { plugins: [ElementPlus] },
      attachTo: document.body,
    });
    expect(listStockTexts).not.toHaveBeenCalled();
    await w.get('[data-testid="dlg-measures-stock"]').trigger("click");
    await opened();
    expect(listStockTexts).toHaveBeenCalledWith("plan", "complaint");
    const item = document.querySelector('[data-testid="stock-text-2"]') as HTMLElement;
    expect(item.textContent).toContain("责令整改");
    item.click();
    await flushPromises();
    expect(w.emitted("insert")).toEqual([["责令责任单位立即整改。"]]);
  });

  it("says where to add texts when there are none", async () => {
    vi.mocked(listStockTexts).mockResolvedValue([]);
    const w = mount(StockTextPicker, { props: { kind: "reply", category: null }, global: { plugins: [ElementPlus] }, attachTo: document.body });
    await w.get('[data-testid="stock-text-button"]').trigger("click");
    await opened();
    expect(document.querySelector('[data-testid="stock-text-button-list"]')!.textContent).toContain("设置 → 常用语");
  });
});

describe("stock texts in fields", () => {
  it("appends on a line of its own, or fills an empty field", () => {
    expect(withStockText("", "甲")).toBe("甲");
    expect(withStockText(null, "甲")).toBe("甲");
    expect(withStockText("已核实。\n", "乙")).toBe("已核实。\n乙");
  });

  it("offers each dialog field the kind of text it takes", () => {
    expect(stockKindOf("answer")).toBe("reply");
    expect(stockKindOf("opinion")).toBe("opinion");
    expect(stockKindOf("instruction")).toBe("opinion");
    expect(stockKindOf("summary")).toBe("closing");
    expect(stockKindOf("reason")).toBe("other");
  });
});
