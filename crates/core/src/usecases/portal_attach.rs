//! Files attached to a portal submission (issue 21, decision 0012): photos or a PDF a member of
//! the public adds to the website form. They are the office's attachments, stored by the same
//! [`add_attachment`] (content-addressed beside the database, its size setting, its event) as
//! the built-in `portal` account. The portal is stricter than the desk: images and PDF only (the
//! type read from the file's first bytes, not trusted from its name), at most
//! [`MAX_FILES`] files of at most [`MAX_FILE_MB`] MB (or the office's smaller
//! `attachment.max_mb`). Every file is checked before the appeal is registered, so a refused
//! file leaves nothing stored.

use super::add_attachment::add_attachment;
use super::portal_submit::portal_actor;
use crate::error::{CoreError, Result};
use crate::model::Ctx;
use crate::store::settings::{self, SettingKey};
use crate::store::{Store, registry::AttachmentRecord};
use chrono::{DateTime, FixedOffset};

/// At most this many files with one submission.
pub const MAX_FILES: usize = 3;
/// At most this many MB per file (the office's `attachment.max_mb` when it is smaller).
pub const MAX_FILE_MB: i64 = 5;

/// A file as uploaded with the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The kinds the portal takes: by the file's first bytes and the endings its name may have.
const KINDS: &[(&[u8], &[&str])] = &[
    (b"\xFF\xD8\xFF", &["jpg", "jpeg"]),
    (b"\x89PNG\r\n\x1a\n", &["png"]),
    (b"GIF87a", &["gif"]),
    (b"GIF89a", &["gif"]),
    (b"%PDF-", &["pdf"]),
];

fn is_webp(bytes: &[u8]) -> bool {
    bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP"
}

/// Whether the file is an image or a PDF, its name's ending agreeing with its content.
fn accepted(file: &PortalFile) -> bool {
    let ext = file
        .name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if is_webp(&file.bytes) {
        return ext == "webp";
    }
    KINDS
        .iter()
        .any(|(magic, exts)| file.bytes.starts_with(magic) && exts.contains(&ext.as_str()))
}

/// The largest file the portal takes, in MB.
pub fn max_file_mb(store: &Store) -> Result<i64> {
    Ok(settings::get_i64(store.conn(), SettingKey::AttachmentMaxMb)?.min(MAX_FILE_MB))
}

/// Every problem of the files (field `files`), empty when they can all be stored.
pub fn check(store: &Store, files: &[PortalFile]) -> Result<Vec<CoreError>> {
    let max_mb = max_file_mb(store)?;
    let mut errors = Vec::new();
    if files.len() > MAX_FILES {
        errors.push(CoreError::field(
            "files",
            format!("最多可以上传{MAX_FILES}个附件，请删去多余的文件。"),
        ));
    }
    for f in files {
        let shown: String = f.name.chars().take(60).collect();
        if f.bytes.is_empty() {
            errors.push(CoreError::field(
                "files",
                format!("附件“{shown}”是空文件，请重新选择。"),
            ));
        } else if !accepted(f) {
            errors.push(CoreError::field(
                "files",
                format!(
                    "附件“{shown}”不是图片或PDF文件。只能上传JPG、PNG、GIF、WebP图片或PDF文件。"
                ),
            ));
        } else if f.bytes.len() as i64 > max_mb * 1024 * 1024 {
            errors.push(CoreError::field(
                "files",
                format!("附件“{shown}”超过{max_mb}MB的大小上限，请压缩后再上传。"),
            ));
        } else if f.name.trim().is_empty()
            || f.name.contains(['/', '\\'])
            || f.name.chars().count() > 200
        {
            errors.push(CoreError::field(
                "files",
                format!("附件“{shown}”的文件名不能使用，请改名后再上传。"),
            ));
        }
    }
    Ok(errors)
}

/// Stores `file` as an attachment of the portal appeal `appeal_id`, added by the portal account.
pub fn attach(
    store: &mut Store,
    now: DateTime<FixedOffset>,
    appeal_id: i64,
    file: &PortalFile,
) -> Result<AttachmentRecord> {
    let actor = portal_actor(store.conn(), now)?;
    let ctx = Ctx::new(&actor, now);
    add_attachment(store, &ctx, appeal_id, &file.name, &file.bytes)
}
