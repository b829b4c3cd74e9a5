// The file types the export dialog writes: its title, the save dialog's filter and the program
// the file opens in when it goes to the data folder's exports/.
export type ExportKind = "xlsx" | "pdf" | "html";

export const EXPORT_KINDS: Readonly<Record<ExportKind, { title: string; ext: string; filter: string; program: string }>> = {
  xlsx: { title: "导出 Excel", ext: "xlsx", filter: "Excel 工作簿", program: "表格软件" },
  pdf: { title: "导出 PDF", ext: "pdf", filter: "PDF 文档", program: "PDF 阅读器" },
  html: { title: "导出网页", ext: "html", filter: "网页文件", program: "浏览器" },
};
