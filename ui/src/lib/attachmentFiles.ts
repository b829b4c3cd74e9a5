// The kinds of file the app takes as attachments (scanned letters, photos, recordings,
// documents) — the file dialog's filter, and the same check for files dragged onto a form — and
// a file's name from its path. The size limit is Rust's (setting attachment.max_mb).
import type { FileFilter } from "../api/dialog";

export const ATTACHMENT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "tif", "tiff", "mp3", "wav", "m4a", "amr", "doc", "docx", "xls", "xlsx", "txt"];

export const ATTACHMENT_FILTERS: FileFilter[] = [
  { name: "扫描件、照片、录音、文档", extensions: ATTACHMENT_EXTENSIONS },
  { name: "所有文件", extensions: ["*"] },
];

/** The last part of a path (either separator). */
export function fileNameOf(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** Whether a dropped file is of a kind the app takes (by its extension). */
export function isAttachmentKind(path: string): boolean {
  const name = fileNameOf(path);
  const dot = name.lastIndexOf(".");
  return dot > 0 && ATTACHMENT_EXTENSIONS.includes(name.slice(dot + 1).toLowerCase());
}

/** Splits dropped paths into those taken and a sentence about those refused (empty if none). */
export function sortDropped(paths: string[]): { taken: string[]; refused: string } {
  const taken = paths.filter(isAttachmentKind);
  const bad = paths.filter((p) => !isAttachmentKind(p)).map(fileNameOf);
  const refused = bad.length
    ? `“${bad.join("”“")}”不是可添加的附件类型（可添加扫描件、照片、录音和文档：${ATTACHMENT_EXTENSIONS.join("、")}）。`
    : "";
  return { taken, refused };
}
