// What the window says after 打印: Rust wrote the PDF and opened it in the system's PDF viewer.
// A Tauri window cannot open the system print dialog for a PDF file (its print() prints the
// window itself, and there is no portable "print this file" call on Linux), so the message says
// plainly that the PDF is open and how to print it from there.

/** The hint shown after a PDF was opened for printing. */
export const PRINT_HINT = "已打开 PDF，按 Ctrl+P 打印。";

/** The success message after `what` (e.g. 受理回执) was generated and opened for printing. */
export function printedMessage(what: string): string {
  return `${what}已生成。${PRINT_HINT}`;
}
