//! The desktop's side of the command surface: the office in the data folder, the one signed-in
//! user with the window's idle lock (minyi-service's [`DeskSession`]), and the [`Host`] that lends commands the desktop's files — paths the user picked, and
//! the data folder's `prints/`, `exports/` and `imports/` (or the place the user chose in a save
//! dialog) for what they make — and turns job progress into window events.
//!
//! Nothing here decides anything about appeals: a request from the window is run by
//! minyi-service exactly as the office server or the command line runs it.

use crate::remote::Remote;
use minyi_core::{CoreError, Result};
use minyi_service::idle_lock::{DeskSession, Moment};
use minyi_service::{
    Caller, FileRef, Host, JobKind, JobProgress, Jobs, Office, OutputKind, Target,
};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use tauri::{AppHandle, Emitter};

/// The event open views listen to, to reload after any write.
pub const DATA_CHANGED: &str = "data-changed";

/// The open office and who is signed in at this desk.
pub struct Desktop {
    pub office: Office,
    /// The signed-in user and the idle lock: whether a call may run is decided there.
    pub session: DeskSession,
    pub jobs: Jobs,
    /// 联网 mode: the office server every request goes to instead of `office` (see `remote`).
    remote: Mutex<Option<Arc<Remote>>>,
}

impl Desktop {
    pub fn new(office: Office) -> Self {
        Self {
            office,
            session: DeskSession::new(),
            jobs: Jobs::default(),
            remote: Mutex::new(None),
        }
    }

    /// The office server, in 联网 mode.
    pub fn remote(&self) -> Option<Arc<Remote>> {
        self.remote
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn set_remote(&self, remote: Option<Arc<Remote>>) {
        *self.remote.lock().unwrap_or_else(|e| e.into_inner()) = remote;
    }

    /// Who is signed in, for the window's status (not for a call: see [`Desktop::admit`]).
    pub fn caller(&self) -> Caller {
        self.session.caller()
    }

    /// Who makes a call now, or `window_locked` after the idle time: every call that reads or
    /// changes data asks here first, whatever carries it on.
    pub fn admit(&self) -> Result<Caller> {
        self.session.admit(&self.office, Moment::now())
    }

    /// `user_id` signed in: the idle clock starts.
    pub fn signed_in(&self, user_id: i64) -> Result<()> {
        self.session.begin(&self.office, user_id, Moment::now())
    }

    pub fn sign_out(&self) {
        self.session.end();
    }

    pub fn data_dir(&self) -> &Path {
        self.office.data_dir()
    }
}

/// The window's events for each job's progress (the views listen to these names).
pub fn progress_event(job: JobKind) -> &'static str {
    match job {
        JobKind::Import => "import-progress",
        JobKind::Export => "ledger-export-progress",
        JobKind::BatchPrint => "batch-print-progress",
        JobKind::Demo => "demo-progress",
        JobKind::BatchAction => "batch-action-progress",
    }
}

/// This run's folder for the copies of opened attachments: a new one in the temporary folder,
/// readable by this account only (0700, created exclusively under a name of its own, so that
/// nobody can prepare it in advance), and removed when the app closes ([`remove_attachment_copies`]).
fn attachments_dir() -> Result<PathBuf> {
    if let Some(dir) = ATTACHMENTS_DIR.get() {
        return Ok(dir.clone());
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    for attempt in 0..16u32 {
        let dir = std::env::temp_dir().join(format!(
            "minyi-attachments-{}-{:08x}",
            std::process::id(),
            nanos.wrapping_add(attempt.wrapping_mul(0x9e37_79b9))
        ));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        if builder.create(&dir).is_ok() {
            return Ok(ATTACHMENTS_DIR.get_or_init(|| dir).clone());
        }
    }
    Err(CoreError::storage(
        "无法打开附件：无法在临时文件夹中创建私有文件夹，请检查临时文件夹的权限和磁盘空间。",
    ))
}

/// This run's folder for attachment copies, once one was opened.
static ATTACHMENTS_DIR: OnceLock<PathBuf> = OnceLock::new();

/// Removes this run's copies of opened attachments (when the app closes).
pub fn remove_attachment_copies() {
    if let Some(dir) = ATTACHMENTS_DIR.get() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// The folder of the data folder (or this run's private temporary one) a kind of file goes to.
pub fn folder(data_dir: &Path, kind: OutputKind) -> Result<PathBuf> {
    Ok(match kind {
        // Beside the rest of the office's data (a print may carry personal data), and not swept
        // away while the viewer still has it open.
        OutputKind::Print => data_dir.join("prints"),
        OutputKind::Export => data_dir.join("exports"),
        OutputKind::ImportReport => data_dir.join("imports"),
        OutputKind::Attachment => attachments_dir()?,
    })
}

/// The host of one call from the window.
pub struct DesktopHost<'a> {
    app: &'a AppHandle,
    desktop: &'a Desktop,
    /// Where the user chose to save what the call makes (a save dialog), if anywhere.
    save_to: Option<PathBuf>,
    /// The files the call made that the window should open, with their kind.
    made: Mutex<Vec<(PathBuf, OutputKind)>>,
    /// The last progress sent of each job, to send about a hundred events a job.
    shown: Mutex<Vec<(JobKind, u64)>>,
}

impl<'a> DesktopHost<'a> {
    pub fn new(app: &'a AppHandle, desktop: &'a Desktop, save_to: Option<String>) -> Self {
        Self {
            app,
            desktop,
            save_to: save_to.map(PathBuf::from),
            made: Mutex::new(Vec::new()),
            shown: Mutex::new(Vec::new()),
        }
    }

    /// The files made for the viewer: not saved where the user chose, not import reports, and
    /// only those actually written (a cancelled batch asked for a file and wrote none).
    pub fn to_open(&self) -> Vec<(PathBuf, OutputKind)> {
        if self.save_to.is_some() {
            return Vec::new();
        }
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .filter(|(p, k)| *k != OutputKind::ImportReport && p.is_file())
            .cloned()
            .collect()
    }
}

impl Host for DesktopHost<'_> {
    fn input(&self, file: &FileRef) -> Result<PathBuf> {
        // On the desktop a file reference is the path the user picked in the file dialog.
        Ok(PathBuf::from(file))
    }

    fn output(&self, kind: OutputKind, name: &str) -> Result<Target> {
        let path =
            crate::files::place(self.desktop.data_dir(), self.save_to.as_deref(), kind, name)?;
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.clone(), kind));
        Ok(Target {
            shown: path.to_string_lossy().into_owned(),
            path,
        })
    }

    fn progress(&self, p: JobProgress) {
        let mut shown = self.shown.lock().unwrap_or_else(|e| e.into_inner());
        let last = shown.iter().find(|(k, _)| *k == p.job).map(|(_, d)| *d);
        let step = p.total.div_ceil(100).max(1);
        let due = match last {
            None => true,
            Some(d) => p.done == p.total || p.done >= d + step || p.done < d,
        };
        if due {
            shown.retain(|(k, _)| *k != p.job);
            shown.push((p.job, p.done));
            let _ = self.app.emit(progress_event(p.job), p);
        }
    }

    fn jobs(&self) -> &Jobs {
        &self.desktop.jobs
    }
}
