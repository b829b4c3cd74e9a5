//! Attachments (scanned letters, photos, recordings), stored content-addressed beside the database:
//! `attachments/<first two hex digits>/<sha256>`. Identical files are stored once; the size limit
//! is a setting. The file is written (atomically, by rename) before the row, so a crash leaves at
//! worst an unreferenced file, never a row without its bytes.
//!
//! Such files (an upload cut short between its file and its row) are removed by
//! [`sweep_unreferenced`] once they are a day old, under the write lock: an upload that found an
//! identical file in place checks again under the same lock, before its row, and writes the file
//! again if a sweep removed it meanwhile — so the sweep can never leave a row without its file.

use super::*;
use crate::model::{Ctx, EventAction};
use crate::store::settings::SettingKey;
use crate::store::{Store, registry, settings};
use sha2::{Digest, Sha256};
use std::path::PathBuf;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where the bytes of a file with this hash live.
pub fn attachment_path(store: &Store, sha: &str) -> PathBuf {
    store
        .dir()
        .join("attachments")
        .join(&sha[..2.min(sha.len())])
        .join(sha)
}

pub fn add_attachment(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    file_name: &str,
    bytes: &[u8],
) -> Result<registry::AttachmentRecord> {
    let name = crate::validate::required("fileName", "文件名", file_name, 200)?;
    if name.contains(['/', '\\']) {
        return Err(CoreError::field("fileName", "文件名不能包含路径分隔符。"));
    }
    let max_mb = settings::get_i64(store.conn(), SettingKey::AttachmentMaxMb)?;
    if bytes.len() as i64 > max_mb * 1024 * 1024 {
        return Err(CoreError::field(
            "file",
            format!("附件超过{max_mb}MB的大小上限，请压缩或分拆后再上传。"),
        ));
    }
    if bytes.is_empty() {
        return Err(CoreError::field("file", "附件是空文件，请重新选择。"));
    }
    // Refuse before any byte reaches the disk: a refused upload must leave no file behind.
    load(store.conn(), ctx, appeal_id, Action::AddAttachment)?;
    let sha = hex(&Sha256::digest(bytes));
    let path = attachment_path(store, &sha);
    if !path.exists() {
        write_file(&path, &sha, bytes)?;
    }
    store.write(|tx, _cal| {
        let before = load(tx, ctx, appeal_id, Action::AddAttachment)?;
        // Again under the write lock, which a sweep of unreferenced files holds while it removes
        // them: an identical file found above may have been one of them.
        if !path.exists() {
            write_file(&path, &sha, bytes)?;
        }
        let id = registry::insert_attachment(
            tx,
            before.id,
            &sha,
            &name,
            bytes.len() as i64,
            ctx.actor.user_id,
            &now_text(ctx),
        )?;
        let mut a = before.clone();
        commit(
            tx,
            ctx,
            &before,
            &mut a,
            EventAction::AddAttachment,
            None,
            serde_json::json!({"attachmentId": id, "fileName": name}),
            (None, None),
        )?;
        registry::attachment(tx, id)?.ok_or_else(|| CoreError::storage("附件保存失败。"))
    })
}

/// Writes the bytes of the file with this hash in place, atomically (a temporary file renamed).
fn write_file(path: &std::path::Path, sha: &str, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().map(PathBuf::from).unwrap_or_default();
    std::fs::create_dir_all(&dir)?;
    let tmp = dir.join(format!(".{sha}.tmp"));
    std::fs::write(&tmp, bytes)?;
    std::fs::File::open(&tmp)?.sync_all()?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

/// Removes the files in the attachments folder that no attachment refers to and that were last
/// changed more than `min_age` ago (an upload cut short between its file and its row leaves one;
/// so does a temporary file of an upload killed while writing); answers how many. Holds the write
/// lock meanwhile, so no upload commits a row for a file being removed (see the module doc). A
/// file that cannot be removed now is left for the next sweep.
pub fn sweep_unreferenced(store: &mut Store, min_age: std::time::Duration) -> Result<usize> {
    let root = store.dir().join("attachments");
    if !root.is_dir() {
        return Ok(0);
    }
    store.write(|tx, _cal| {
        let referenced: std::collections::HashSet<String> =
            registry::attachment_hashes(tx)?.into_iter().collect();
        let mut removed = 0;
        for sub in std::fs::read_dir(&root)?.flatten() {
            let Ok(files) = std::fs::read_dir(sub.path()) else {
                continue;
            };
            for f in files.flatten() {
                let name = f.file_name().to_string_lossy().to_string();
                let old = f
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > min_age));
                if old
                    && f.file_type().is_ok_and(|t| t.is_file())
                    && !referenced.contains(&name)
                    && std::fs::remove_file(f.path()).is_ok()
                {
                    removed += 1;
                }
            }
        }
        Ok(removed)
    })
}

/// Reads an attachment's bytes, checking the reader may view its appeal **and** see personal data
/// (role and a signed agreement: a scanned letter or a recording carries the appellant's name,
/// phone and address as much as the form does), and that the file is intact. The opening is
/// written to the personal-data access log, like revealing the appellant on the detail page.
pub fn read_attachment(
    store: &Store,
    ctx: &Ctx<'_>,
    attachment_id: i64,
) -> Result<(registry::AttachmentRecord, Vec<u8>)> {
    let rec = registry::attachment(store.conn(), attachment_id)?
        .ok_or_else(|| CoreError::not_found("找不到该附件。"))?;
    let appeal = load(store.conn(), ctx, rec.appeal_id, Action::ViewAppeal)?;
    if !crate::access::may_see_personal_data(ctx.actor, appeal.department_id, ctx.today()) {
        return Err(CoreError::forbidden(
            "附件可能含有诉求人的个人信息，只有有权查看个人信息并已签署保密协议的人员才能打开。如确需查看，请联系系统管理员。",
        ));
    }
    let bytes = std::fs::read(attachment_path(store, &rec.sha256))
        .map_err(|_| CoreError::storage("附件文件丢失，请从备份恢复 attachments 文件夹。"))?;
    if hex(&Sha256::digest(&bytes)) != rec.sha256 {
        return Err(CoreError::storage(
            "附件文件已损坏（内容校验不符），请从备份恢复。",
        ));
    }
    registry::log_access(
        store.conn(),
        &now_text(ctx),
        ctx.actor.user_id,
        Some(appeal.id),
        crate::model::AccessKind::Attachment,
        "打开附件",
    )?;
    Ok((rec, bytes))
}
