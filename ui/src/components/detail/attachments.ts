// Adding and opening attachments: the native file dialog (api/dialog.ts), then the core copies
// the file into the appeal's attachments; opening hands the file to the system's viewer.
import { addAttachment, openAttachment } from "../../api/appeals";
import { pickFile } from "../../api/dialog";
import type { AttachmentRecord } from "../../bindings/AttachmentRecord";
import { ApiError, toApiError } from "../../api/core";
import { fileNameOf, sortDropped } from "../../lib/attachmentFiles";
import { showError, showSuccess } from "../../lib/notify";

/** Asks for a file and attaches it; resolves to the new record, or null when cancelled or failed. */
export async function attachFile(appealId: number): Promise<AttachmentRecord | null> {
  try {
    const path = await pickFile("选择要添加的附件（扫描件、照片、录音等）");
    if (!path) return null;
    const rec = await addAttachment(appealId, path);
    showSuccess(`已添加附件“${rec.fileName}”。`);
    return rec;
  } catch (e) {
    showError(e);
    return null;
  }
}

/** Attaches files dropped onto the attachments (paths, as the file dialog gives them), one by
 * one; kinds the app does not take and files Rust refuses are named. Resolves to how many were
 * added. */
export async function attachDropped(appealId: number, paths: string[]): Promise<number> {
  const { taken, refused } = sortDropped(paths);
  const problems: string[] = refused ? [refused] : [];
  let added = 0;
  for (const path of taken) {
    try {
      await addAttachment(appealId, path);
      added += 1;
    } catch (e) {
      problems.push(`“${fileNameOf(path)}”没有添加：${toApiError(e).message}`);
    }
  }
  if (added) showSuccess(`已添加 ${added} 个附件。`);
  if (problems.length) showError(new ApiError("validation", problems.join("")));
  return added;
}

/** Opens an attachment in the system's viewer; shows the reason when it cannot. */
export async function openFile(id: number): Promise<void> {
  try {
    await openAttachment(id);
  } catch (e) {
    showError(e);
  }
}
