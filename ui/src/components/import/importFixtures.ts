// Test data of the import wizard: a website batch as Rust describes it, and an import's outcome.
import type { ImportOutcome } from "../../bindings/ImportOutcome";
import type { ImportPreview } from "../../bindings/ImportPreview";
import type { MappingField } from "../../bindings/MappingField";

const FIELDS: [string, string, boolean, string | null][] = [
  ["name", "姓名", true, "留言人"],
  ["phone", "电话", true, "联系电话"],
  ["address", "地址", false, null],
  ["id_number", "身份证号", false, null],
  ["email", "邮箱", false, null],
  ["organisation", "单位", false, null],
  ["received_at", "时间", true, "提交时间"],
  ["category", "分类", false, null],
  ["urgency", "紧急程度", false, null],
  ["subject", "标题", false, "留言标题"],
  ["content", "内容", true, "留言内容"],
];

export function preview(p: Partial<ImportPreview> = {}): ImportPreview {
  const fields: MappingField[] = FIELDS.map(([field, label, required, column]) => ({
    field,
    label,
    required,
    synonyms: [label, `${label}（别名）`],
    column,
  }));
  return {
    file: "/home/u/官网留言.csv",
    fileName: "官网留言.csv",
    format: "CSV 文本表格",
    encoding: "GBK/GB18030（中文 Excel 默认）",
    sheet: null,
    headerLine: 1,
    columns: ["留言人", "联系电话", "留言标题", "留言内容", "提交时间", "备注"],
    fields,
    rows: [
      { line: 2, cells: ["张三", "13812345678", "夜间施工噪音", "工地夜里还在施工。", "2026-11-20 09:30", ""] },
      { line: 3, cells: ["李四", "12345", "路灯不亮", "<b>路灯</b>坏了两周。", "2026/11/21 10:00", ""] },
      { line: 5, cells: ["王五", "13912345678", "物业收费", "", "2026-11-22 08:15", ""] },
      { line: 6, cells: ["赵六", "13712345678", "公交线路", "希望增开夜班公交。", "2026-11-23 19:00", "加急", "多出的一格"] },
    ],
    totalRows: 4,
    blankRows: 1,
    missing: [],
    noHeaderRecognised: false,
    ...p,
  };
}

export function outcome(o: Partial<ImportOutcome> = {}): ImportOutcome {
  return {
    channel: "website",
    rows: 1204,
    handled: 1204,
    registered: 1200,
    flagged: 3,
    alreadyImported: 2,
    rejected: 2,
    blankRows: 1,
    cancelled: false,
    report: "/data/imports/官网留言-导入报告-20261125-090000.xlsx",
    receivedFrom: "2026-11-20",
    receivedTo: "2026-11-23",
    ...o,
  };
}
