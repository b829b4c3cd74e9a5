//! Where the command line's operations go: the command surface (minyi-service) over the database
//! file named by `--db`, acting as the built-in `system` account — or, with `--server`, an office
//! server, as the user named by `--user`. Each subcommand builds the request the window would send
//! and formats the answer, so the command line keeps no second copy of a rule the app follows, and
//! a subcommand prints the same against a file and against a server.
//!
//! Files are the paths on the command line: what an operation makes goes to `--out` (an import's
//! report to `--report` or beside the imported file) — written there directly, or downloaded from
//! the server; a file an operation reads is uploaded first. The uploading and downloading is
//! minyi-client's [`Client::forward`], which the desktop in 联网 mode uses too. Progress is a line
//! on stderr.

use crate::job_progress::JobProgress as Bar;
use crate::output::{CliError, CliResult};
use crate::session::{db_path, open_existing, system_actor};
use minyi_client::Client;
use minyi_core::CoreError;
use minyi_service::wire::ServerEvent;
use minyi_service::{
    Call, Caller, Command, FileRef, Host, JobProgress, Jobs, Office, OutputKind, Profile, Target,
};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The office server to use instead of a database file (`--server`, `--user`, `--fingerprint`).
#[derive(Debug, Clone)]
pub struct Server {
    pub url: String,
    pub user: Option<String>,
    pub fingerprint: Option<String>,
}

/// Where the command line works: a database file or an office server.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub db: Option<&'a Path>,
    pub server: Option<&'a Server>,
}

impl Place<'_> {
    /// The database file of a command that works on the file alone (init, demo, calendar, bench).
    pub fn local_only(&self, command: &str) -> CliResult<Option<&Path>> {
        if self.server.is_some() {
            return Err(CliError::Usage(format!(
                "{command} 只能在本机的数据库文件上运行，请用 --db 指定数据库文件，不要加 --server。"
            )));
        }
        Ok(self.db)
    }
}

/// The command line's connection to the office.
pub struct Desk {
    via: Via,
    bar: Arc<Mutex<Option<Bar>>>,
}

enum Via {
    File {
        office: Office,
        caller: Caller,
        host: CliHost,
    },
    Server(Client),
}

/// A command ends its session on the server as soon as it is done, so that the server keeps
/// neither the session nor the files that crossed (an export of the whole ledger is 200 MB)
/// until the idle time runs out.
impl Drop for Desk {
    fn drop(&mut self) {
        if let Via::Server(client) = &mut self.via {
            let _ = client.sign_out();
        }
    }
}

/// The command line's host when it works on the file.
#[derive(Default)]
struct CliHost {
    /// Where the file the running operation makes goes (`--out`, or an import's report).
    out: Mutex<Option<PathBuf>>,
    bar: Arc<Mutex<Option<Bar>>>,
    jobs: Jobs,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Host for CliHost {
    fn input(&self, file: &FileRef) -> minyi_core::Result<PathBuf> {
        Ok(PathBuf::from(file))
    }

    fn output(&self, _kind: OutputKind, _name: &str) -> minyi_core::Result<Target> {
        let path = lock(&self.out).clone().ok_or_else(|| {
            CoreError::field("out", "此操作会生成文件，请用 --out 指定保存位置。")
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

/// The password of `--user`: from `MINYI_PASSWORD`, or asked for without echo.
fn password(user: &str) -> CliResult<String> {
    if let Ok(p) = std::env::var("MINYI_PASSWORD")
        && !p.is_empty()
    {
        return Ok(p);
    }
    rpassword::prompt_password(format!("{user} 的密码：")).map_err(|_| {
        CliError::user("无法读取密码。请在终端中运行，或用环境变量 MINYI_PASSWORD 提供密码。")
    })
}

impl Desk {
    /// Connects to the office of `place`: the server as `--user`, or the existing database file as
    /// the `system` account.
    pub fn open(place: &Place<'_>) -> CliResult<Desk> {
        let bar = Arc::new(Mutex::new(None));
        let via = match place.server {
            Some(s) => Via::Server(Self::sign_in(s)?),
            None => {
                let path = db_path(place.db)?;
                // Only `init` and `demo` create a database; a mistyped path must not leave an
                // empty one.
                let mut store = open_existing(path)?;
                let system = system_actor(&mut store)?;
                drop(store);
                // One connection with SQLite's defaults: the command line runs one operation,
                // often a bulk one.
                let office = Office::open_file(path, Profile::server(1))?;
                office.set_console_user(&minyi_core::usecases::audit::os_user());
                Via::File {
                    office,
                    caller: Caller::Console(system.user_id),
                    host: CliHost {
                        bar: bar.clone(),
                        ..Default::default()
                    },
                }
            }
        };
        Ok(Desk { via, bar })
    }

    fn sign_in(s: &Server) -> CliResult<Client> {
        let user = s.user.as_deref().ok_or_else(|| {
            CliError::Usage(
                "连接服务器时请用 --user 指定登录名（或设置环境变量 MINYI_USER）。".into(),
            )
        })?;
        let mut client = Client::new(&s.url, s.fingerprint.as_deref())?;
        // Check the server (and its certificate) before asking for a password.
        client.health()?;
        client.sign_in(user, &password(user)?)?;
        Ok(client)
    }

    /// Runs an operation and gives its answer.
    pub fn run<C: Command>(&self, command: C) -> CliResult<C::Output> {
        self.run_into(command, None)
    }

    /// Runs an operation; a file it makes goes to `out`.
    fn run_into<C: Command>(&self, command: C, out: Option<&Path>) -> CliResult<C::Output> {
        match &self.via {
            Via::File {
                office,
                caller,
                host,
            } => Ok(command.run(&Call::new(office, host, *caller))?),
            Via::Server(client) => {
                let args = serde_json::to_value(&command).unwrap_or_default();
                let place = |_: OutputKind, _: &str| {
                    out.map(Path::to_path_buf).ok_or_else(|| {
                        CoreError::field("out", "此操作会生成文件，请用 --out 指定保存位置。")
                    })
                };
                let answer = client.forward(C::NAME, args, &place)?;
                Ok(serde_json::from_value(answer.value).map_err(|_| {
                    CoreError::storage(
                        "服务器的回答无法读取，客户端与服务器的版本可能不一致，请升级。",
                    )
                })?)
            }
        }
    }

    /// Runs an operation that makes a file, into `out`, showing its progress as `what` (e.g.
    /// "正在导出诉求台账"). Gives the answer and the seconds it took.
    pub fn run_to<C: Command>(
        &self,
        command: C,
        out: &Path,
        what: &'static str,
    ) -> CliResult<(C::Output, f64)> {
        *lock(&self.bar) = Some(Bar::new(what));
        if let Via::File { host, .. } = &self.via {
            *lock(&host.out) = Some(out.to_path_buf());
        }
        let _events = self.follow_progress();
        let result = self.run_into(command, Some(out));
        let bar = lock(&self.bar).take();
        let seconds = bar.as_ref().map_or(0.0, |b| {
            b.finish();
            b.seconds()
        });
        result.map(|answer| (answer, seconds))
    }

    /// On a server, shows the session's job progress on the bar until the process ends (a
    /// second connection listening to the server's events).
    fn follow_progress(&self) -> Option<std::thread::JoinHandle<()>> {
        let Via::Server(client) = &self.via else {
            return None;
        };
        let mut listener = Client::new(client.base(), client.pinned()).ok()?;
        listener.set_token(client.token().map(str::to_string));
        let events = listener.events().ok()?;
        let bar = self.bar.clone();
        Some(std::thread::spawn(move || {
            for e in events {
                if let ServerEvent::Progress(p) = e
                    && let Some(b) = lock(&bar).as_mut()
                {
                    b.update(p.done, p.total);
                }
            }
        }))
    }

    /// A file on this computer, as an operation takes it (a server's operation gets it uploaded
    /// by the forwarding, once however often it is named).
    pub fn file(&self, path: &Path) -> CliResult<FileRef> {
        if !path.is_file() {
            return Err(CliError::user(format!(
                "找不到文件 {}，请检查文件名和路径。",
                path.display()
            )));
        }
        Ok(path.to_string_lossy().into_owned())
    }

    /// What the operations act as, for messages: the database file or the server.
    /// The built-in `system` account's id when acting on the file (its acts are in the logs
    /// under the operating-system user who ran the command).
    pub fn system_user_id(&self) -> Option<i64> {
        match &self.via {
            Via::File {
                caller: Caller::Console(id),
                ..
            } => Some(*id),
            _ => None,
        }
    }

    pub fn describe(&self) -> String {
        match &self.via {
            Via::File { office, .. } => office.db_path().display().to_string(),
            Via::Server(client) => client.base().to_string(),
        }
    }
}
