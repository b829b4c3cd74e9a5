// The import wizard's rules: the proposed mapping, what is still missing, what is sent to Rust,
// which columns can be chosen, which field each preview column fills, the result's wording and
// the appeal list's filter for the imported appeals.
import { describe, expect, it } from "vitest";
import type { ImportOutcome } from "../../bindings/ImportOutcome";
import {
  columnOptions,
  fieldsByColumn,
  fileFacts,
  listFilterFor,
  mappingChoices,
  missingRequired,
  proposedMapping,
  reportFileName,
  resultSentence,
  resultTitle,
} from "./importWizard";
import { outcome, preview } from "./importFixtures";

describe("import wizard rules", () => {
  it("starts from the columns Rust recognised and names the required fields still without one", () => {
    const p = preview();
    const m = proposedMapping(p);
    expect(m).toMatchObject({ name: "留言人", phone: "联系电话", content: "留言内容" });
    expect(m.received_at).toBe("提交时间");
    expect(m.address).toBe("");
    expect(missingRequired(p.fields, m)).toEqual([]);
    m.phone = "";
    m.received_at = "";
    expect(missingRequired(p.fields, m)).toEqual(["电话", "时间"]);
  });

  it("sends only the fields that have a column", () => {
    expect(mappingChoices({ name: "昵称", phone: "", content: "正文" })).toEqual([
      { field: "name", column: "昵称" },
      { field: "content", column: "正文" },
    ]);
  });

  it("offers each column by its header, but not one without a header or repeating an earlier one", () => {
    expect(columnOptions(["姓名", "", "电话", "姓名"])).toEqual([
      { value: "姓名", label: "姓名", disabled: false },
      { value: "#2", label: "第 2 列（没有表头）", disabled: true },
      { value: "电话", label: "电话", disabled: false },
      { value: "#4", label: "姓名（第 4 列，与前面的列同名）", disabled: true },
    ]);
  });

  it("tags each preview column with the fields it fills", () => {
    const p = preview();
    const m = { ...proposedMapping(p), subject: "留言内容" };
    const tags = fieldsByColumn(p.columns, p.fields, m);
    expect(tags).toEqual([["姓名"], ["电话"], [], ["标题", "内容"], ["时间"], []]);
  });

  it("describes the file", () => {
    expect(fileFacts(preview())).toBe(
      "CSV 文本表格 · 编码 GBK/GB18030（中文 Excel 默认） · 表头在第 1 行 · 数据 4 行 · 空行 1 行（不导入）",
    );
    expect(fileFacts({ ...preview(), format: "Excel 工作簿（.xlsx）", encoding: null, sheet: "Sheet1", blankRows: 0 })).toBe(
      "Excel 工作簿（.xlsx） · 工作表“Sheet1” · 表头在第 1 行 · 数据 4 行",
    );
  });

  it("words the result by what happened", () => {
    const o = outcome();
    expect(resultTitle(o)).toBe("导入完成：共 1,204 行");
    expect(resultSentence(o)).toBe(
      "登记 1,200 件（其中疑似重复 3 件，请在初审时核对），未导入 2 行，已导入过 2 行（没有重复登记），空行 1 行已跳过。" +
        "未导入的行及原因见导入报告，改正后可再次导入同一文件，已登记的行不会重复登记。",
    );
    const cancelled: ImportOutcome = { ...o, cancelled: true, handled: 500, registered: 500, flagged: 0, rejected: 0, alreadyImported: 0, blankRows: 0 };
    expect(resultTitle(cancelled)).toBe("导入已取消：已处理 500 / 1,204 行");
    expect(resultSentence(cancelled)).toBe("登记 500 件，未导入 0 行。已经登记的诉求已保存；再次导入同一文件会只导入其余的行。");
  });

  it("finds the imported appeals by channel and receipt dates, when any were registered", () => {
    expect(listFilterFor(outcome())).toEqual({ channel: "website", range: ["2026-11-20", "2026-11-23"] });
    expect(listFilterFor({ ...outcome(), registered: 0, alreadyImported: 0, receivedFrom: null, receivedTo: null })).toBeNull();
  });

  it("names the saved report after the batch", () => {
    expect(reportFileName(preview())).toBe("官网留言-导入报告.xlsx");
    expect(reportFileName(null)).toBe("导入-导入报告.xlsx");
  });
});
