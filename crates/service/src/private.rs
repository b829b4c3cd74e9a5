//! Files that may carry personal data, kept where only the account running Minyi can read them,
//! and not kept for ever.
//!
//! Prints, ledger exports, import error reports and opened attachments hold appellants' names,
//! phones and addresses. On a shared office computer the operating system's default (folders
//! 0755, files 0644 under a 022 umask) lets every other account read them, and an attacker who
//! can write to the temporary folder could plant a symbolic link where an attachment copy is
//! about to be written. So: folders for such files are made 0700, copies are written 0600 with an
//! exclusive create (which never follows a symbolic link: `O_CREAT | O_EXCL` fails on any
//! existing name, link or not), and what the app wrote into `prints/`, `exports/` and `imports/`
//! is removed after the retention period (`files.retention_days`, 0 keeps everything).
//!
//! On systems without Unix permissions (Windows) the folders and files get the user profile's
//! own protection, which is private by default; only the exclusive create applies there.

use chrono::{DateTime, FixedOffset};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// The data folder's sub-folders whose files are swept after the retention period.
pub const SWEPT_FOLDERS: [&str; 3] = ["prints", "exports", "imports"];

/// Creates `dir` (and its parents) if needed and makes `dir` itself readable by this account only.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    restrict(dir, 0o700)
}

/// Writes `bytes` to a new file at `path`, readable by this account only. Whatever is at `path`
/// already (an earlier copy, or a symbolic link someone planted) is removed first — the link
/// itself, never what it points to — and the file is then created exclusively.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Makes `path` readable by this account only (`mode` 0700 for folders, 0600 for files).
pub fn restrict(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

/// Removes the files in the data folder's [`SWEPT_FOLDERS`] last changed more than `days` days
/// before `now` (none when `days` is 0); answers how many. Sub-folders (a batch print's pages)
/// are swept the same way and removed once empty. Files that cannot be removed (open in a viewer
/// on Windows) are left for the next sweep.
pub fn sweep_old_files(data_dir: &Path, days: i64, now: DateTime<FixedOffset>) -> usize {
    if days <= 0 {
        return 0;
    }
    let now = SystemTime::from(now);
    let Some(cutoff) = now.checked_sub(Duration::from_secs(days as u64 * 86_400)) else {
        return 0;
    };
    SWEPT_FOLDERS
        .iter()
        .map(|f| sweep(&data_dir.join(f), cutoff))
        .sum()
}

fn sweep(dir: &Path, cutoff: SystemTime) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        // Not following links: a link is removed as itself, a folder behind a link is not entered.
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            removed += sweep(&path, cutoff);
            let _ = std::fs::remove_dir(&path);
        } else if meta.modified().is_ok_and(|m| m < cutoff) && std::fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn age(path: &Path, days: u64) {
        let t = SystemTime::now() - Duration::from_secs(days * 86_400);
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(t)
            .unwrap();
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_private_copy_is_0600_in_a_0700_folder_and_never_follows_a_link() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a").join("attachments");
        private_dir(&dir).unwrap();
        let target = dir.join("1-来信.pdf");
        write_private(&target, b"first").unwrap();
        write_private(&target, b"second").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"second");
        #[cfg(unix)]
        {
            assert_eq!(mode(&dir), 0o700);
            assert_eq!(mode(&target), 0o600);
            // A link planted at the name: the link goes, the file it pointed to is untouched.
            let victim = tmp.path().join("victim.txt");
            std::fs::write(&victim, b"keep").unwrap();
            let planted = dir.join("2-照片.jpg");
            std::os::unix::fs::symlink(&victim, &planted).unwrap();
            write_private(&planted, b"copy").unwrap();
            assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
            assert!(!std::fs::symlink_metadata(&planted).unwrap().is_symlink());
            assert_eq!(std::fs::read(&planted).unwrap(), b"copy");
        }
    }

    #[test]
    fn files_older_than_the_retention_are_swept_and_the_rest_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path();
        for f in SWEPT_FOLDERS {
            std::fs::create_dir_all(data.join(f)).unwrap();
        }
        let old = data.join("prints/受理告知书.pdf");
        let new = data.join("exports/台账.xlsx");
        let batch = data.join("prints/batch-1");
        std::fs::create_dir_all(&batch).unwrap();
        let old_page = batch.join("1.pdf");
        let kept_db = data.join("minyi.db");
        for p in [&old, &new, &old_page, &kept_db] {
            std::fs::write(p, b"x").unwrap();
        }
        age(&old, 31);
        age(&old_page, 40);
        age(&kept_db, 400);
        age(&new, 29);
        let now = at("2026-12-06T09:00:00+08:00");
        // 0 keeps everything.
        assert_eq!(sweep_old_files(data, 0, now), 0);
        // Measured from the real clock's file times: `now` is only the retention's origin.
        let now = chrono::Local::now().fixed_offset();
        assert_eq!(sweep_old_files(data, 30, now), 2);
        assert!(!old.exists() && !old_page.exists() && !batch.exists());
        assert!(new.exists(), "younger than the period");
        assert!(kept_db.exists(), "only the swept folders are touched");
    }
}
