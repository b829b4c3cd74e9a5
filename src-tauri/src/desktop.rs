//! The desktop's side of the command surface: the office in the data folder, the one signed-in
//! user, and the [`Host`] that lends commands the desktop's files — paths the user picked, and
//! the data folder's `prints/`, `exports/` and `imports/` (or the place the user chose in a save
//! dialog) for what they make — and turns job progress into window events.
//!
//! Nothing here decides anything about appeals: a request from the window is run by
//! minyi-service exactly as the office server or the command line runs it.

use minyi_core::{CoreError, Result};
use minyi_service::{
    Caller, FileRef, Host, JobKind, JobProgress, Jobs, Office, OutputKind, Target,
};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tauri::{AppHandle, Emitter};

/// The event open views listen to, to reload after any write.
pub const DATA_CHANGED: &str = "data-changed";

/// The open office and who is signed in at this desk.
pub struct Desktop {
    pub office: Office,
    user: Mutex<Option<i64>>,
    pub jobs: Jobs,
}

impl Desktop {
    pub fn new(office: Office) -> Self {
        Self {
            office,
            user: Mutex::new(None),
            jobs: Jobs::default(),
        }
    }

    pub fn caller(&self) -> Caller {
        match *self.user.lock().unwrap_or_else(|e| e.into_inner()) {
            Some(id) => Caller::Session(id),
            None => Caller::Nobody,
        }
    }

    pub fn set_user(&self, user: Option<i64>) {
        *self.user.lock().unwrap_or_else(|e| e.into_inner()) = user;
    }

    pub fn data_dir(&self) -> &Path {
        self.office.data_dir()
    }
}

/// The window's events for each job's progress (the views listen to these names).
fn progress_event(job: JobKind) -> &'static str {
    match job {
        JobKind::Import => "import-progress",
        JobKind::Export => "ledger-export-progress",
        JobKind::BatchPrint => "batch-print-progress",
        JobKind::Demo => "demo-progress",
    }
}

/// The folder of the data folder (or the temporary one) a kind of file goes to.
pub fn folder(data_dir: &Path, kind: OutputKind) -> PathBuf {
    match kind {
        // Beside the rest of the office's data (a print may carry personal data), and not swept
        // away while the viewer still has it open.
        OutputKind::Print => data_dir.join("prints"),
        OutputKind::Export => data_dir.join("exports"),
        OutputKind::ImportReport => data_dir.join("imports"),
        OutputKind::Attachment => std::env::temp_dir().join("minyi-attachments"),
    }
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
        let path = match (&self.save_to, kind) {
            (Some(to), k) if k != OutputKind::ImportReport => to.clone(),
            _ => {
                let dir = folder(self.desktop.data_dir(), kind);
                std::fs::create_dir_all(&dir).map_err(|_| {
                    CoreError::storage("无法写入文件，请检查数据目录的磁盘空间和权限。")
                })?;
                dir.join(name)
            }
        };
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
