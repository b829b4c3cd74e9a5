//! The server's host for one request: a command reads only files this session uploaded (never a
//! path on the server's disk), writes what it makes into the session's folder under a download
//! token, and reports its progress to the session's event stream.
//!
//! The tokens of what a command makes are recorded in the database after the command has run
//! ([`ServerHost::made`]), not while it runs: a command may hold a connection of the office or the
//! writers' turn when it asks for a target, and recording it then would need a second of each.
//! The download is asked for only after the command's answer, so it always finds the row.

use crate::sessions::{Session, Sessions};
use minyi_core::{CoreError, Result, Store};
use minyi_service::server_state;
use minyi_service::wire::ServerEvent;
use minyi_service::{FileRef, Host, JobKind, JobProgress, Jobs, Office, OutputKind, Target};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How often a running job asks the database whether it was cancelled on another process.
const CANCEL_POLL: Duration = Duration::from_secs(1);

pub struct ServerHost<'a> {
    office: &'a Office,
    sessions: &'a Sessions,
    session: &'a Session,
    /// The last progress sent of each job, to send about a hundred events a job.
    shown: Mutex<Vec<(JobKind, u64)>>,
    /// Files made by the command: (token, path relative to the session's folder).
    made: Mutex<Vec<(String, String)>>,
    /// When the job's cancel flag was last read from the database, and the connection it is read
    /// through (the job's own: the job may hold one of the office's while it reports progress).
    polled: Mutex<Option<(Instant, Store)>>,
}

impl<'a> ServerHost<'a> {
    pub fn new(office: &'a Office, sessions: &'a Sessions, session: &'a Session) -> Self {
        Self {
            office,
            sessions,
            session,
            shown: Mutex::new(Vec::new()),
            made: Mutex::new(Vec::new()),
            polled: Mutex::new(None),
        }
    }

    /// Sets the job's flag when a cancel was asked on another process (read at most once a
    /// second; a failed read waits for the next).
    fn poll_cancel(&self, kind: JobKind) {
        let mut polled = self.polled.lock().unwrap_or_else(|e| e.into_inner());
        if polled
            .as_ref()
            .is_some_and(|(at, _)| at.elapsed() < CANCEL_POLL)
        {
            return;
        }
        if polled.is_none() {
            match self.office.open_job_store() {
                Ok(store) => *polled = Some((Instant::now(), store)),
                Err(_) => return,
            }
        }
        let Some((at, store)) = polled.as_mut() else {
            return;
        };
        *at = Instant::now();
        if server_state::job_cancel_requested(store, &self.session.key, kind).unwrap_or(false) {
            self.session.jobs.cancel_here(kind);
        }
    }

    /// The files the command made, to record once it has run.
    pub fn made(&self) -> Vec<(String, String)> {
        std::mem::take(&mut *self.made.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl Host for ServerHost<'_> {
    /// Commands ask for their input before they borrow a connection, so this borrows one of its
    /// own for the lookup.
    fn input(&self, file: &FileRef) -> Result<PathBuf> {
        self.sessions
            .file(self.office, self.session, file)?
            .ok_or_else(|| {
                CoreError::field(
                    "file",
                    "找不到上传的文件（可能已因长时间未操作而清除），请重新选择文件上传。",
                )
            })
    }

    fn output(&self, _kind: OutputKind, name: &str) -> Result<Target> {
        let dir = self.session.new_file_folder();
        std::fs::create_dir_all(&dir).map_err(|_| {
            CoreError::storage("服务器无法写入文件，请联系服务器管理员检查磁盘空间。")
        })?;
        let path = dir.join(name);
        let (token, relative) = self.session.file_entry(&path);
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((token.clone(), relative));
        Ok(Target { path, shown: token })
    }

    fn progress(&self, p: JobProgress) {
        self.poll_cancel(p.job);
        let mut shown = self.shown.lock().unwrap_or_else(|e| e.into_inner());
        let last = shown.iter().find(|(k, _)| *k == p.job).map(|(_, d)| *d);
        let step = p.total.div_ceil(100).max(1);
        let due = last.is_none_or(|d| p.done == p.total || p.done >= d + step || p.done < d);
        if due {
            shown.retain(|(k, _)| *k != p.job);
            shown.push((p.job, p.done));
            self.session.events.send(ServerEvent::Progress(p));
        }
    }

    fn jobs(&self) -> &Jobs {
        &self.session.jobs
    }
}
