//! What a transport lends a command: the files the caller supplied, the places files it makes are
//! written to, the progress of long jobs, and their cancel flags.
//!
//! Why it is shaped so: a command of the surface is the same everywhere, but files are not. On the
//! desktop the user picks a file and the app reads it where it is, and a PDF is written into the
//! data folder and opened in the viewer (or saved where the user chose). On the office server the
//! client uploads the file first and downloads what a command made. On the command line the user
//! names both on the command line. So a command never opens a path it was sent: it asks its
//! [`Host`] for the file behind a [`FileRef`] (the server accepts only its own uploads, never a
//! path on its disk), and for a [`Target`] to write to, whose `shown` text is what the caller
//! receives (a path on the desktop, a download token on the server). Progress goes to the host,
//! which shows it (events to the window, a stream to the client, lines on stderr).

use minyi_core::{CoreError, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use ts_rs::TS;

/// A file the caller supplied: a path the desktop's user picked, or the token of an upload to the
/// office server. Only the host turns it into something to read.
pub type FileRef = String;

/// What kind of file a command makes, which decides where the desktop keeps it and how it is
/// opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    /// A printed document (PDF): `prints/`, opened in the PDF viewer.
    Print,
    /// An export (workbook, report, web page): `exports/`, opened in its program.
    Export,
    /// A copy of an attachment, for its viewer.
    Attachment,
    /// An import's report of rejected rows: `imports/`.
    ImportReport,
}

/// Where a command writes a file it makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The file to write (the host's own path).
    pub path: PathBuf,
    /// What the caller is told: the path on the desktop, a download token on the server.
    pub shown: String,
}

/// The long jobs, one of each at a time per host: a second start is refused in Chinese.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum JobKind {
    /// An online-channel batch import.
    Import,
    /// A workbook export (the ledgers, the assessment).
    Export,
    /// Archive sheets of many appeals in one PDF.
    BatchPrint,
    /// Demo data on first start.
    Demo,
    /// One action on many selected appeals (交办, 办结, 归档).
    BatchAction,
}

impl JobKind {
    /// The kind's name as stored (the office server's job rows).
    pub fn code(self) -> &'static str {
        match self {
            JobKind::Import => "import",
            JobKind::Export => "export",
            JobKind::BatchPrint => "batch_print",
            JobKind::Demo => "demo",
            JobKind::BatchAction => "batch_action",
        }
    }

    fn already_running(self) -> &'static str {
        match self {
            JobKind::Import => "正在导入另一个文件，请等它完成或取消后再导入。",
            JobKind::Export => "正在导出另一份台账，请等它完成后再导出。",
            JobKind::BatchPrint => "已有一批登记表正在打印，请等它完成或取消后再开始新的一批。",
            JobKind::Demo => "正在生成演示数据，请等待完成后再操作。",
            JobKind::BatchAction => "已有一批诉求正在批量处理，请等它完成或停止后再开始新的一批。",
        }
    }
}

/// How far a running job has got: `done` of `total` (rows, sheets, appeals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct JobProgress {
    pub job: JobKind,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// The running jobs of one host (the desktop, one session of the server, one command line) and
/// their cancel flags; on the office server also a [`JobBoard`] shared by its processes.
#[derive(Default)]
pub struct Jobs {
    running: Mutex<Vec<(JobKind, Arc<AtomicBool>)>>,
    board: Option<Arc<dyn JobBoard>>,
}

impl std::fmt::Debug for Jobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jobs")
            .field(
                "running",
                &self.lock().iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            )
            .field("shared", &self.board.is_some())
            .finish()
    }
}

/// Where the office server's processes keep a session's running jobs (its database), so that
/// "one of a kind at a time" and cancel hold whichever process a request reaches. The process
/// running a job learns of a cancel asked elsewhere from the board as the job reports progress
/// (the server's host does that) and sets the job's flag with [`Jobs::cancel_here`].
pub trait JobBoard: Send + Sync {
    /// Claims `kind` for the session: false when one runs already (on any process).
    fn claim(&self, kind: JobKind) -> Result<bool>;
    /// The job of `kind` has ended (a failure here only delays the next claim).
    fn release(&self, kind: JobKind);
    /// Asks the job of `kind` to stop wherever it runs; false when none runs.
    fn cancel(&self, kind: JobKind) -> Result<bool>;
}

/// Marks a job as running until dropped; `cancelled` tells the job to stop.
#[derive(Debug)]
pub struct Running<'a> {
    jobs: &'a Jobs,
    kind: JobKind,
    cancel: Arc<AtomicBool>,
}

impl Running<'_> {
    /// The flag the job checks between chunks.
    pub fn flag(&self) -> Arc<AtomicBool> {
        self.cancel.clone()
    }

    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.jobs.lock().retain(|(k, _)| *k != self.kind);
        if let Some(board) = &self.jobs.board {
            board.release(self.kind);
        }
    }
}

impl Jobs {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(JobKind, Arc<AtomicBool>)>> {
        self.running.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Jobs kept also on `board` (the office server's sessions).
    pub fn shared(board: Arc<dyn JobBoard>) -> Jobs {
        Jobs {
            running: Mutex::default(),
            board: Some(board),
        }
    }

    /// The kinds running here now.
    pub fn running_kinds(&self) -> Vec<JobKind> {
        self.lock().iter().map(|(k, _)| *k).collect()
    }

    /// Starts a job of `kind`, or refuses while one runs (here, or on the board).
    pub fn start(&self, kind: JobKind) -> Result<Running<'_>> {
        let mut running = self.lock();
        if running.iter().any(|(k, _)| *k == kind) {
            return Err(CoreError::conflict(kind.already_running()));
        }
        if let Some(board) = &self.board
            && !board.claim(kind)?
        {
            return Err(CoreError::conflict(kind.already_running()));
        }
        let cancel = Arc::new(AtomicBool::new(false));
        running.push((kind, cancel.clone()));
        Ok(Running {
            jobs: self,
            kind,
            cancel,
        })
    }

    /// Asks the running job of `kind` to stop (on the board too, wherever it runs); false when
    /// none runs.
    pub fn cancel(&self, kind: JobKind) -> bool {
        let here = self.cancel_here(kind);
        let elsewhere = self
            .board
            .as_ref()
            .is_some_and(|b| b.cancel(kind).unwrap_or(false));
        here || elsewhere
    }

    /// Sets the cancel flag of the job of `kind` running here; false when none runs here.
    pub fn cancel_here(&self, kind: JobKind) -> bool {
        match self.lock().iter().find(|(k, _)| *k == kind) {
            Some((_, flag)) => {
                flag.store(true, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }
}

/// `name` made safe as a file name on every system the app runs on: no path separators and none of
/// the characters Windows refuses (`\\ / : * ? " < > |`, control characters), no leading dots, no
/// trailing dots or spaces, not a name Windows reserves for a device (`CON`, `NUL`, `COM1`, … —
/// with any extension and in any case: `nul.txt` cannot be created there either, so it gets a `_`
/// in front), and not longer than a file system takes (the extension is kept).
pub fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    // No leading dots (a hidden file, or `..`), no trailing dots or spaces (Windows drops them).
    let cleaned = cleaned.trim().trim_matches(['.', ' ']);
    let (stem, ext) = match cleaned.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && e.chars().count() <= 10 => (s, Some(e)),
        _ => (cleaned, None),
    };
    // 80 characters of a Chinese name are 240 bytes, under the 255 of common file systems.
    let stem: String = stem.chars().take(80).collect();
    // Cut at 80 characters, the stem may end in a space or a dot again.
    let stem = stem.trim_end_matches(['.', ' ']);
    let stem = if stem.trim().is_empty() {
        "文件".to_string()
    } else if is_windows_device_name(stem) {
        format!("_{stem}")
    } else {
        stem.to_string()
    };
    match ext {
        Some(e) => format!("{stem}.{e}"),
        None => stem,
    }
}

/// Whether Windows takes a file whose name starts with `stem` for a device: `CON`, `PRN`, `AUX`,
/// `NUL`, `COM0`–`COM9`, `LPT0`–`LPT9` (also with the superscript digits ¹ ² ³), in any case, before
/// the first dot and with trailing spaces ignored (`con.tar.gz` and `NUL .txt` are devices too).
fn is_windows_device_name(stem: &str) -> bool {
    let base = stem
        .split('.')
        .next()
        .unwrap_or(stem)
        .trim_end()
        .to_ascii_uppercase();
    match base.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" => true,
        _ => {
            let mut chars = base.chars();
            let prefix: String = chars.by_ref().take(3).collect();
            let digit = chars.next();
            (prefix == "COM" || prefix == "LPT")
                && matches!(digit, Some('0'..='9' | '¹' | '²' | '³'))
                && chars.next().is_none()
        }
    }
}

/// Writes `bytes` to `path` through `path.part`, renamed at the end, so that the file is complete
/// or absent: a failed write leaves nothing half-written.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut part = path.as_os_str().to_os_string();
    part.push(".part");
    let part = PathBuf::from(part);
    let fail = |_| {
        CoreError::storage(format!(
            "无法保存文件 {}，请确认它没有在其他程序中打开，并检查文件夹的写入权限和磁盘空间。",
            path.display()
        ))
    };
    std::fs::write(&part, bytes).map_err(fail)?;
    std::fs::rename(&part, path).map_err(|e| {
        let _ = std::fs::remove_file(&part);
        fail(e)
    })
}

/// What a transport lends the commands it runs (see the module docs).
pub trait Host: Sync {
    /// The file behind `file`, to read.
    fn input(&self, file: &FileRef) -> Result<PathBuf>;

    /// Where to write a file of `kind` whose suggested name is `name` (with its extension).
    fn output(&self, kind: OutputKind, name: &str) -> Result<Target>;

    /// A running job's progress (called often: the host thins it out if it must).
    fn progress(&self, progress: JobProgress);

    /// The running jobs of this host.
    fn jobs(&self) -> &Jobs;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_everywhere_and_keep_their_extension() {
        assert_eq!(safe_file_name("12-现场照片.jpg"), "12-现场照片.jpg");
        assert_eq!(safe_file_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(
            safe_file_name("a:b*c?d\"e<f>g|h\\i.pdf"),
            "a_b_c_d_e_f_g_h_i.pdf"
        );
        assert_eq!(safe_file_name("报告. "), "报告");
        assert_eq!(safe_file_name(""), "文件");
        let long = format!("{}.xlsx", "长".repeat(300));
        let spaced = safe_file_name(&format!("{}   x.pdf", "长".repeat(79)));
        assert_eq!(
            spaced,
            format!("{}.pdf", "长".repeat(79)),
            "no space before the dot"
        );
        let safe = safe_file_name(&long);
        assert!(
            safe.ends_with(".xlsx") && safe.chars().count() == 85,
            "{safe}"
        );
    }

    #[test]
    fn windows_device_names_are_never_file_names() {
        for (name, safe) in [
            ("CON", "_CON"),
            ("con.txt", "_con.txt"),
            ("Nul.pdf", "_Nul.pdf"),
            ("nul .xlsx", "_nul.xlsx"),
            ("PRN.docx", "_PRN.docx"),
            ("aux", "_aux"),
            ("COM1.jpg", "_COM1.jpg"),
            ("com9", "_com9"),
            ("LPT3.png", "_LPT3.png"),
            ("COM¹.txt", "_COM¹.txt"),
            ("con.tar.gz", "_con.tar.gz"),
            // Names that only start like a device are fine as they are.
            ("CONTRACT.pdf", "CONTRACT.pdf"),
            ("COM10.txt", "COM10.txt"),
            ("LPT.txt", "LPT.txt"),
            ("console.log", "console.log"),
            ("诉求-CON.pdf", "诉求-CON.pdf"),
        ] {
            assert_eq!(safe_file_name(name), safe, "{name}");
        }
        // Every character Windows refuses in a name, one at a time.
        for c in [
            '\\', '/', ':', '*', '?', '"', '<', '>', '|', '\0', '\n', '\u{1f}',
        ] {
            assert_eq!(safe_file_name(&format!("a{c}b.txt")), "a_b.txt", "{c:?}");
        }
    }

    #[test]
    fn one_job_of_a_kind_at_a_time_and_cancel_reaches_it() {
        let jobs = Jobs::default();
        let import = jobs.start(JobKind::Import).unwrap();
        assert!(jobs.start(JobKind::Import).is_err());
        let export = jobs.start(JobKind::Export).unwrap();
        assert!(jobs.cancel(JobKind::Import));
        assert!(import.cancelled());
        assert!(!export.cancelled());
        drop(import);
        assert!(!jobs.cancel(JobKind::Import));
        assert!(jobs.start(JobKind::Import).is_ok());
    }
}
