// Adding and opening attachments: the native file dialog (api/dialog.ts), then the core copies
// the file into the appeal's attachments; opening hands the file to the system's viewer.
import { addAttachment, openAttachment } from "../../api/appeals";
import { pickFile } from "../../api/dialog";
import type { AttachmentRecord } from "../../bindings/AttachmentRecord";
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

/** Opens an attachment in the system's viewer; shows the reason when it cannot. */
export async function openFile(id: number): Promise<void> {
  try {
    await openAttachment(id);
  } catch (e) {
    showError(e);
  }
}
