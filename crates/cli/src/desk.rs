//! Where the command line's operations go: the command surface (minyi-service) over the database
//! file named by `--db`, acting as the built-in `system` account. Each subcommand builds the
//! request the window would send and formats the answer, so the command line keeps no second copy
//! of a rule the app follows (printing, exports, imports, statistics).
//!
//! The command line's own host: files are the paths on the command line — what an operation makes
//! goes to `--out` (an import's report to `--report` or beside the imported file), and progress is
//! a line on stderr.

use crate::job_progress::JobProgress as Bar;
use crate::output::{CliError, CliResult};
use crate::session::{db_path, open_existing, system_actor};
use minyi_service::{
    Call, Caller, Command, FileRef, Host, JobProgress, Jobs, Office, OutputKind, Profile, Target,
};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The command line's connection to the office.
pub struct Desk {
    office: Office,
    caller: Caller,
    host: CliHost,
}

#[derive(Default)]
struct CliHost {
    /// Where the file the running operation makes goes (`--out`).
    out: Mutex<Option<PathBuf>>,
    /// Where an import's report goes.
    report: Mutex<Option<PathBuf>>,
    bar: Mutex<Option<Bar>>,
    jobs: Jobs,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Host for CliHost {
    fn input(&self, file: &FileRef) -> minyi_core::Result<PathBuf> {
        Ok(PathBuf::from(file))
    }

    fn output(&self, kind: OutputKind, _name: &str) -> minyi_core::Result<Target> {
        let chosen = match kind {
            OutputKind::ImportReport => lock(&self.report).clone(),
            _ => lock(&self.out).clone(),
        };
        let path = chosen.ok_or_else(|| {
            minyi_core::CoreError::field("out", "此操作会生成文件，请用 --out 指定保存位置。")
        })?;
        Ok(Target {
            shown: path.display().to_string(),
            path,
        })
    }

    fn progress(&self, p: JobProgress) {
        if let Some(bar) = lock(&self.bar).as_mut() {
            bar.update(p.done, p.total);
        }
    }

    fn jobs(&self) -> &Jobs {
        &self.jobs
    }
}

impl Desk {
    /// Opens the existing database named by `--db` / `MINYI_DB` as the `system` account.
    pub fn open(db: Option<&Path>) -> CliResult<Desk> {
        let path = db_path(db)?;
        // Only `init` and `demo` create a database; a mistyped path must not leave an empty one.
        let mut store = open_existing(path)?;
        let system = system_actor(&mut store)?;
        drop(store);
        // One connection with SQLite's defaults: the command line runs one operation, often a
        // bulk one.
        let office = Office::open_file(path, Profile::server(1))?;
        Ok(Desk {
            office,
            caller: Caller::Console(system.user_id),
            host: CliHost::default(),
        })
    }

    /// Runs an operation and gives its answer.
    pub fn run<C: Command>(&self, command: C) -> CliResult<C::Output> {
        let call = Call::new(&self.office, &self.host, self.caller);
        Ok(command.run(&call)?)
    }

    /// Runs an operation that makes a file, into `out`, showing its progress as `what` (e.g.
    /// "正在导出诉求台账"); gives the answer and the seconds it took.
    pub fn run_to<C: Command>(
        &self,
        command: C,
        out: &Path,
        what: &'static str,
    ) -> CliResult<(C::Output, f64)> {
        *lock(&self.host.out) = Some(out.to_path_buf());
        self.with_bar(what, || self.run(command))
    }

    /// Runs an import, its report going to `report`.
    pub fn run_import<C: Command>(
        &self,
        command: C,
        report: &Path,
        what: &'static str,
    ) -> CliResult<(C::Output, f64)> {
        *lock(&self.host.report) = Some(report.to_path_buf());
        self.with_bar(what, || self.run(command))
    }

    fn with_bar<T>(
        &self,
        what: &'static str,
        f: impl FnOnce() -> CliResult<T>,
    ) -> CliResult<(T, f64)> {
        *lock(&self.host.bar) = Some(Bar::new(what));
        let result = f();
        let bar = lock(&self.host.bar).take();
        let seconds = bar.as_ref().map_or(0.0, |b| {
            b.finish();
            b.seconds()
        });
        result.map(|out| (out, seconds))
    }

    /// A file on this computer, as an operation takes it.
    pub fn file(&self, path: &Path) -> CliResult<FileRef> {
        if !path.is_file() {
            return Err(CliError::user(format!(
                "找不到文件 {}，请检查文件名和路径。",
                path.display()
            )));
        }
        Ok(path.to_string_lossy().into_owned())
    }
}
