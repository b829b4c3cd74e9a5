//! The server's host for one request: a command reads only files this session uploaded (never a
//! path on the server's disk), writes what it makes into the session's folder under a download
//! token, and reports its progress to the session's event stream.

use crate::sessions::Session;
use minyi_core::{CoreError, Result};
use minyi_service::wire::ServerEvent;
use minyi_service::{FileRef, Host, JobKind, JobProgress, Jobs, OutputKind, Target};
use std::path::PathBuf;
use std::sync::Mutex;

pub struct ServerHost<'a> {
    session: &'a Session,
    /// The last progress sent of each job, to send about a hundred events a job.
    shown: Mutex<Vec<(JobKind, u64)>>,
}

impl<'a> ServerHost<'a> {
    pub fn new(session: &'a Session) -> Self {
        Self {
            session,
            shown: Mutex::new(Vec::new()),
        }
    }
}

impl Host for ServerHost<'_> {
    fn input(&self, file: &FileRef) -> Result<PathBuf> {
        self.session.file(file).ok_or_else(|| {
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
        let token = self.session.add_file(path.clone());
        Ok(Target { path, shown: token })
    }

    fn progress(&self, p: JobProgress) {
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
