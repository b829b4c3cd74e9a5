//! Forwarding one request of the command surface to the office server with its files: the one
//! path the command line (`--server`) and the desktop in 联网 mode share.
//!
//! Why it exists: a request names files in two places. Its arguments may name a file to read (a
//! [`FileRef`](minyi_service::FileRef): on the desktop or the command line, a local path), and
//! its answer may name a file it made (on the server, a download token). Locally the host reads
//! and writes those paths directly; through the server, the file to read is uploaded first and
//! the file made is downloaded afterwards to where the caller would have had it written. So the
//! caller keeps working with local paths, and the answer it receives names the local file exactly
//! as a local run's would.
//!
//! Which field of which command is a file is listed in [`FILES`] (a test checks that each name is
//! a command of the surface; a new command that reads or makes a file must be added here, or the
//! server refuses its local path as an unknown upload — loudly, never by writing locally).

use crate::Client;
use minyi_core::{CoreError, Result};
use minyi_service::OutputKind;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The files a command reads and makes, as JSON pointers into its arguments and its answer.
#[derive(Debug, Clone, Copy)]
pub struct Files {
    /// The arguments that name a file to read (uploaded first).
    pub reads: &'static [&'static str],
    /// The part of the answer that names the file made (`""`: the whole answer), and its kind.
    pub makes: Option<(&'static str, OutputKind)>,
}

const NONE: Files = Files {
    reads: &[],
    makes: None,
};

const fn makes(pointer: &'static str, kind: OutputKind) -> Files {
    Files {
        reads: &[],
        makes: Some((pointer, kind)),
    }
}

/// The commands of the surface that read or make files.
pub const FILES: &[(&str, Files)] = &[
    (
        "add_attachment",
        Files {
            reads: &["/file"],
            makes: None,
        },
    ),
    (
        "inspect_import",
        Files {
            reads: &["/file"],
            makes: None,
        },
    ),
    (
        "import_batch",
        Files {
            reads: &["/request/file"],
            makes: Some(("/report", OutputKind::ImportReport)),
        },
    ),
    (
        "calendar_import",
        Files {
            reads: &["/file"],
            makes: None,
        },
    ),
    ("attachment_file", makes("", OutputKind::Attachment)),
    ("print_appeal", makes("", OutputKind::Print)),
    ("print_agreement", makes("", OutputKind::Print)),
    ("batch_print", makes("/path", OutputKind::Print)),
    ("export_ledger", makes("/path", OutputKind::Export)),
    ("export_tracking", makes("/path", OutputKind::Export)),
    ("export_assessment", makes("/path", OutputKind::Export)),
    ("export_stats", makes("/path", OutputKind::Export)),
    ("export_disclosure", makes("/path", OutputKind::Export)),
    ("export_security_log", makes("/path", OutputKind::Export)),
    ("export_access_log", makes("/path", OutputKind::Export)),
];

/// The files of the command `name`.
pub fn files_of(name: &str) -> Files {
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .unwrap_or(NONE)
}

/// A request forwarded: its answer (naming the local copy of any file it made) and the files
/// downloaded, with their kind (for the caller to open).
#[derive(Debug)]
pub struct Forwarded {
    pub value: Value,
    pub made: Vec<(PathBuf, OutputKind)>,
}

impl Client {
    /// Runs the command `name` with `args` on the server: uploads the local files its arguments
    /// name, runs it, and downloads the file it made to `place(kind, name on the server)`. A
    /// failed upload sends no command; a failed download is the request's error (the command
    /// itself ran: an export was logged, nothing else changed).
    pub fn forward(
        &self,
        name: &str,
        mut args: Value,
        place: &dyn Fn(OutputKind, &str) -> Result<PathBuf>,
    ) -> Result<Forwarded> {
        let files = files_of(name);
        for pointer in files.reads {
            if let Some(slot) = args.pointer_mut(pointer)
                && let Some(path) = slot.as_str()
            {
                let token = self.upload_once(Path::new(path))?;
                *slot = Value::String(token);
            }
        }
        let mut value = self.call_value(name, args)?;
        let mut made = Vec::new();
        if let Some((pointer, kind)) = files.makes
            && let Some(slot) = value.pointer_mut(pointer)
            && let Some(token) = slot.as_str()
        {
            let to = self.download_placed(token, &|file_name| place(kind, file_name))?;
            *slot = Value::String(to.to_string_lossy().into_owned());
            made.push((to, kind));
        }
        Ok(Forwarded { value, made })
    }

    /// Uploads a local file, once per file and content: a file read twice (an import's look at
    /// the workbook, then the import) crosses once.
    pub fn upload_once(&self, path: &Path) -> Result<String> {
        let key = upload_key(path);
        if let Some(key) = &key
            && let Some(token) = self.uploaded_token(key)
        {
            return Ok(token);
        }
        let token = self.upload(path)?;
        if let Some(key) = key {
            self.remember_upload(key, token.clone());
        }
        Ok(token)
    }
}

/// What identifies an uploaded file: its path, size and time of change.
pub(crate) type UploadKey = (PathBuf, u64, Option<std::time::SystemTime>);

fn upload_key(path: &Path) -> Option<UploadKey> {
    let meta = std::fs::metadata(path).ok()?;
    Some((path.to_path_buf(), meta.len(), meta.modified().ok()))
}

/// The file name a download is offered under (`Content-Disposition: attachment;
/// filename*=UTF-8''…`), if it is a plain name (no folder).
pub(crate) fn offered_name(disposition: &str) -> Option<String> {
    let encoded = disposition.split("filename*=UTF-8''").nth(1)?.trim();
    let encoded = encoded.split(';').next()?.trim();
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let name = String::from_utf8(out).ok()?;
    let plain =
        !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '\0']);
    plain.then_some(name)
}

/// The error of a file made with a name that cannot be used here.
pub(crate) fn unnamed() -> CoreError {
    CoreError::storage("服务器返回的文件没有可用的文件名，请升级客户端或联系服务器管理员。")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offered_name_is_decoded_and_only_a_plain_name_is_taken() {
        assert_eq!(
            offered_name("attachment; filename*=UTF-8''%E5%8F%B0%E8%B4%A6-1.xlsx").as_deref(),
            Some("台账-1.xlsx")
        );
        assert_eq!(offered_name("attachment; filename*=UTF-8''..%2Fx"), None);
        assert_eq!(offered_name("attachment; filename*=UTF-8''.."), None);
        assert_eq!(offered_name("attachment"), None);
    }

    #[test]
    fn every_file_carrying_command_is_in_the_surface() {
        let names: Vec<&str> = minyi_service::catalogue().iter().map(|e| e.name).collect();
        for (name, _) in FILES {
            assert!(
                names.contains(name),
                "{name} is not a command of the surface"
            );
        }
    }
}
