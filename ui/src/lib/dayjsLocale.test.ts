// The date pickers of the app start their week on Monday (一) once main.ts has loaded dayjs's
// zh-cn locale — and would start on Sunday (日) without it.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus, { ElDatePickerPanel } from "element-plus";
import zhCn from "element-plus/es/locale/lang/zh-cn";
import { describe, expect, it } from "vitest";
import "./dayjsLocale";

describe("date pickers in Chinese", () => {
  it("start the week on Monday", async () => {
    const w = mount(ElDatePickerPanel, {
      props: { modelValue: new Date(2026, 11, 6) },
      global: { plugins: [[ElementPlus, { locale: zhCn }]] },
    });
    await flushPromises();
    const header = w.findAll("table.el-date-table th").map((th) => th.text());
    expect(header).toEqual(["一", "二", "三", "四", "五", "六", "日"]);
    // 2026-12-01 is a Tuesday: the first row's first cell is Monday 30 November.
    const firstRow = w.findAll("table.el-date-table tr.el-date-table__row")[0];
    expect(firstRow.findAll("td")[0].text()).toBe("30");
  });
});
