//! Server-side sessions: a random token per sign-in, ended by signing out or by an idle time (the
//! setting `session.idle_minutes`), each with its own uploads and downloads, long jobs and event
//! stream; and the pause of a client address after repeated failed sign-ins (accounts lock in the
//! core).
//!
//! Where the state lives (issue 22; decision 0012's note on memory no longer holds): several
//! server processes may serve one office on one database, so the sessions, their files' tokens
//! and the failed sign-ins per address are rows of the office's database
//! ([`minyi_service::server_state`]), stored as hashes only. Every request reads its session
//! there — no cache — so a sign-out or an expiry on one process ends the session on every process
//! at its next request, and a restart of the server keeps everyone signed in. A request writes its
//! session's `last_seen` only when it is older than about a minute
//! ([`minyi_service::server_state::TOUCH_EVERY`]), not on every request.
//!
//! Long jobs: a row per running job (`server_jobs`, through the [`JobBoard`] of each session's
//! [`Jobs`]) makes "one of each kind at a time" hold across processes, and lets a cancel asked on
//! any process reach the job: the process running it reads the flag as the job reports progress
//! (at most once a second, [`crate::host`]). The process renews its jobs' rows at every sweep, so
//! the row of a process that died is taken over after a few minutes.
//!
//! What stays in this process's memory, and why that is correct: a running job's own cancel flag
//! and its event stream (progress, pushed changes) belong to the process that runs the job or
//! holds the client's stream, and are kept per session key here, dropped when the session ends or
//! is swept. A client whose requests go to several processes sees the progress of a job only from
//! the process running it (push across processes is LISTEN/NOTIFY's, on PostgreSQL, later).
//!
//! Files: each session's files (uploads, what its commands made) live in a folder of its own
//! under `transfers/` of the data folder, named after its token's hash, and are deleted with the
//! session (by the process that ends it, or by any process's sweep, which removes every folder
//! whose session is gone). Several processes on one machine share the folder as they share the
//! data folder; **processes on several machines need the data folder (at least `transfers/` and
//! the attachments) on shared storage**, or a download may be asked of a process that cannot see
//! the file — a requirement of such a deployment.

use crate::bus::Audience;
use crate::events::Events;
use crate::routes::App;
use minyi_core::Result;
use minyi_service::server_state::{self as state, AddressKind, SessionState, Windows};
use minyi_service::{JobBoard, JobKind, Jobs, Office};
use rand::RngCore;
use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, Weak};
use std::time::Duration;

/// One signed-in client, as one request sees it.
pub struct Session {
    pub user_id: i64,
    /// Its token's hash: the database's key of the session.
    pub key: String,
    /// Short, non-secret name for logs (never the token).
    pub label: String,
    /// This session's folder for uploads and downloads.
    pub folder: PathBuf,
    /// This process's running jobs of the session.
    pub jobs: Arc<Jobs>,
    /// This process's event stream of the session.
    pub events: Events,
}

/// What this process keeps of a session (see the module's docs).
#[derive(Clone)]
struct Local {
    jobs: Arc<Jobs>,
    events: Events,
    /// Who the session is in push notifications between processes.
    audience: Audience,
}

/// A session's jobs as the database keeps them (`server_jobs`): "one of a kind at a time" and
/// cancel hold across the server's processes.
struct Board {
    app: Weak<App>,
    key: String,
}

impl JobBoard for Board {
    fn claim(&self, kind: JobKind) -> Result<bool> {
        match self.app.upgrade() {
            Some(app) => state::claim_job(&app.office, &self.key, kind),
            None => Ok(true),
        }
    }

    fn release(&self, kind: JobKind) {
        if let Some(app) = self.app.upgrade() {
            // A row left behind is taken over once it is stale (`JOB_STALE`).
            let _ = state::release_job(&app.office, &self.key, kind);
        }
    }

    fn cancel(&self, kind: JobKind) -> Result<bool> {
        match self.app.upgrade() {
            Some(app) => state::request_job_cancel(&app.office, &self.key, kind),
            None => Ok(false),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A random token, URL-safe, 256 bits.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The length of a session folder's name (a prefix of its token's hash).
const FOLDER_NAME: usize = 16;

impl Session {
    /// A new folder of this session for one file: the file keeps its own name (the download
    /// offers it), apart from another file of the same name.
    pub fn new_file_folder(&self) -> PathBuf {
        self.folder.join(&random_token()[..16])
    }

    /// A new token for the file at `path` (inside this session's folder) and its path relative to
    /// the folder, as the database keeps them.
    pub fn file_entry(&self, path: &Path) -> (String, String) {
        let relative = path
            .strip_prefix(&self.folder)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned();
        (random_token(), relative)
    }
}

/// The sessions of this server process (their state is the database's).
pub struct Sessions {
    transfers: PathBuf,
    local: Mutex<HashMap<String, Local>>,
    /// The server, whose office keeps the sessions' job rows ([`Sessions::bind`]).
    app: OnceLock<Weak<App>>,
}

/// Why a token does not open a session.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    Unknown,
    Expired,
}

impl Sessions {
    /// Sessions whose files live under `transfers`. Nothing is removed here: the sessions of an
    /// earlier run (or of another process) may still be live; the first sweep removes the folders
    /// of those that are not.
    pub fn new(transfers: &Path) -> Self {
        Self {
            transfers: transfers.to_path_buf(),
            local: Mutex::new(HashMap::new()),
            app: OnceLock::new(),
        }
    }

    /// Keeps the sessions' jobs in `app`'s database from now on (without it, in memory only).
    pub fn bind(&self, app: &Arc<App>) {
        let _ = self.app.set(Arc::downgrade(app));
    }

    fn session(&self, user_id: i64, key: String) -> Session {
        let local = lock(&self.local)
            .entry(key.clone())
            .or_insert_with(|| Local {
                jobs: Arc::new(match self.app.get() {
                    Some(app) => Jobs::shared(Arc::new(Board {
                        app: app.clone(),
                        key: key.clone(),
                    })),
                    None => Jobs::default(),
                }),
                events: Events::new(
                    self.app
                        .get()
                        .and_then(Weak::upgrade)
                        .as_ref()
                        .and_then(|app| app.bus.as_ref()),
                    Audience::session(&key),
                ),
                audience: Audience::session(&key),
            })
            .clone();
        Session {
            user_id,
            label: key[..8].to_string(),
            folder: self.transfers.join(&key[..FOLDER_NAME]),
            key,
            jobs: local.jobs,
            events: local.events,
        }
    }

    /// This process's listeners of the session `audience` names (push from another process).
    pub fn events_of(&self, audience: &Audience) -> Option<Events> {
        lock(&self.local)
            .values()
            .find(|l| l.audience == *audience)
            .map(|l| l.events.clone())
    }

    fn forget(&self, key: &str) {
        lock(&self.local).remove(key);
        let _ = std::fs::remove_dir_all(self.transfers.join(&key[..FOLDER_NAME]));
    }

    /// Begins a session for `user_id`; answers its token.
    pub fn begin(
        &self,
        office: &Office,
        user_id: i64,
        idle: Duration,
    ) -> Result<(String, Arc<Session>)> {
        let token = random_token();
        for gone in state::begin_staff_session(office, &token, user_id, idle)? {
            self.forget(&gone);
        }
        let session = self.session(user_id, state::token_hash(&token));
        Ok((token, Arc::new(session)))
    }

    /// The live session of `token` (touched now and then); an idle one ends here.
    pub fn find(
        &self,
        office: &Office,
        token: &str,
        idle: Duration,
    ) -> Result<std::result::Result<Arc<Session>, Refused>> {
        Ok(match state::staff_session(office, token, idle)? {
            SessionState::Live { user_id, key } => Ok(Arc::new(self.session(user_id, key))),
            SessionState::Expired => {
                self.forget(&state::token_hash(token));
                Err(Refused::Expired)
            }
            SessionState::Unknown => Err(Refused::Unknown),
        })
    }

    /// Ends the session of `token` (signing out); false when there was none.
    pub fn end(&self, office: &Office, token: &str) -> Result<bool> {
        let ended = state::end_staff_session(office, token)?;
        self.forget(&state::token_hash(token));
        Ok(ended)
    }

    /// Ends whatever is past its window (sessions, captchas, counted addresses: `windows`), and
    /// removes every session folder, and forgets every session of this process, whose session is
    /// gone — ended by this process or another (run now and then, so files do not linger).
    pub fn sweep(&self, office: &Office, windows: &Windows) -> Result<()> {
        for gone in state::prune(office, windows)? {
            self.forget(&gone);
        }
        // The rows of the jobs running here are renewed: another process takes over only the
        // rows of a process that stopped renewing them (it died).
        let running: Vec<(String, JobKind)> = lock(&self.local)
            .iter()
            .flat_map(|(key, l)| {
                l.jobs
                    .running_kinds()
                    .into_iter()
                    .map(move |kind| (key.clone(), kind))
            })
            .collect();
        state::renew_jobs(office, &running)?;
        // What exists here is listed before the live sessions are read: a session begun
        // meanwhile (its row comes before its folder and its entry) is then never taken for gone.
        let known: Vec<String> = lock(&self.local).keys().cloned().collect();
        let folders: Vec<PathBuf> = std::fs::read_dir(&self.transfers)
            .map(|entries| entries.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        let live = state::staff_session_keys(office)?;
        let live: std::collections::HashSet<&str> =
            live.iter().map(|k| &k[..FOLDER_NAME]).collect();
        {
            let mut local = lock(&self.local);
            for key in known.iter().filter(|k| !live.contains(&k[..FOLDER_NAME])) {
                local.remove(key);
            }
        }
        for folder in folders {
            let name = folder.file_name().map(|n| n.to_string_lossy().into_owned());
            if !name.is_some_and(|n| live.contains(n.as_str())) {
                let _ = std::fs::remove_dir_all(folder);
            }
        }
        Ok(())
    }

    /// Remembers files of `session` (tokens and their paths, from [`Session::file_entry`]).
    pub fn add_files(
        &self,
        office: &Office,
        session: &Session,
        files: &[(String, String)],
    ) -> Result<()> {
        state::add_session_files(office, &session.key, files)
    }

    /// The file of `session` with this token.
    pub fn file(&self, office: &Office, session: &Session, token: &str) -> Result<Option<PathBuf>> {
        Ok(state::session_file(office, &session.key, token)?.map(|p| session.folder.join(p)))
    }

    /// Whether `addr` may try to sign in now; when not, until when (seconds from now).
    pub fn address_locked(
        &self,
        office: &Office,
        addr: IpAddr,
        limit: usize,
        window: Duration,
    ) -> Result<Option<u64>> {
        let w =
            state::address_window(office, AddressKind::StaffFailure, &addr.to_string(), window)?;
        Ok((w.count >= limit.max(1)).then(|| w.oldest_leaves_in.as_secs().max(1)))
    }

    /// Counts a failed sign-in from `addr`; answers whether this failure paused the address
    /// (the `limit`-th within `window`, on whichever process), which the security log records
    /// once.
    pub fn failed_from(
        &self,
        office: &Office,
        addr: IpAddr,
        limit: usize,
        window: Duration,
    ) -> Result<bool> {
        let n =
            state::add_address_event(office, AddressKind::StaffFailure, &addr.to_string(), window)?;
        Ok(n == limit.max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use minyi_service::Profile;

    /// An office with one account (the first administrator); its id.
    fn office(dir: &Path) -> (Office, i64) {
        let office = Office::open(dir, Profile::server(2)).unwrap();
        let signed = minyi_service::session::setup(
            &office,
            &minyi_service::views::SetupInput {
                org_name: "某市民意诉求管理办公室".into(),
                admin: minyi_core::usecases::accounts::NewUser {
                    username: "admin".into(),
                    display_name: "张管理".into(),
                    department_id: 0,
                    roles: vec![minyi_core::model::Role::Administrator],
                    password: "Secret-2026".into(),
                    agreement_signed_on: None,
                },
                load_demo: false,
            },
        )
        .unwrap();
        (office, signed.user_id)
    }

    #[test]
    fn a_session_is_found_by_its_token_until_idle_or_ended() {
        let dir = tempfile::tempdir().unwrap();
        let (office, admin) = office(dir.path());
        let s = Sessions::new(&dir.path().join("transfers"));
        let minute = Duration::from_secs(60);
        let (token, session) = s.begin(&office, admin, minute).unwrap();
        assert_eq!(session.user_id, admin);
        assert_eq!(
            s.find(&office, &token, minute).unwrap().unwrap().user_id,
            admin
        );
        assert_eq!(
            s.find(&office, "not-a-token", minute).unwrap().err(),
            Some(Refused::Unknown)
        );
        std::thread::sleep(Duration::from_millis(20));
        let short = Duration::from_millis(5);
        assert_eq!(
            s.find(&office, &token, short).unwrap().err(),
            Some(Refused::Expired)
        );
        assert_eq!(
            s.find(&office, &token, minute).unwrap().err(),
            Some(Refused::Unknown)
        );
        let (token, session) = s.begin(&office, admin, minute).unwrap();
        let dir_of_file = session.new_file_folder();
        std::fs::create_dir_all(&dir_of_file).unwrap();
        let (f, rel) = session.file_entry(&dir_of_file.join("a.pdf"));
        s.add_files(&office, &session, &[(f.clone(), rel)]).unwrap();
        assert_eq!(
            s.file(&office, &session, &f).unwrap(),
            Some(dir_of_file.join("a.pdf"))
        );
        assert!(s.file(&office, &session, "other").unwrap().is_none());
        assert!(s.end(&office, &token).unwrap());
        assert!(!session.folder.exists(), "its files go with it");
        assert!(!s.end(&office, &token).unwrap());
    }

    #[test]
    fn the_sweep_removes_the_folders_of_sessions_gone_and_keeps_the_live() {
        let dir = tempfile::tempdir().unwrap();
        let (office, admin) = office(dir.path());
        let s = Sessions::new(&dir.path().join("transfers"));
        let minute = Duration::from_secs(60);
        let (_, live) = s.begin(&office, admin, minute).unwrap();
        std::fs::create_dir_all(live.new_file_folder()).unwrap();
        // A folder left by a session that ended elsewhere (another process, an earlier run).
        let orphan = dir.path().join("transfers").join("0123456789abcdef");
        std::fs::create_dir_all(&orphan).unwrap();
        let windows = Windows {
            staff_idle: minute,
            citizen_idle: minute,
            captcha_life: minute,
            staff_failures: minute,
            portal_submissions: minute,
            portal_failures: minute,
        };
        s.sweep(&office, &windows).unwrap();
        assert!(live.folder.exists());
        assert!(!orphan.exists());
    }

    #[test]
    fn an_address_is_locked_after_the_limit_within_the_window() {
        let dir = tempfile::tempdir().unwrap();
        let (office, _) = office(dir.path());
        let s = Sessions::new(dir.path());
        let a: IpAddr = "192.168.1.20".parse().unwrap();
        let b: IpAddr = "192.168.1.21".parse().unwrap();
        let w = Duration::from_secs(600);
        for i in 0..3 {
            assert!(s.address_locked(&office, a, 3, w).unwrap().is_none());
            let paused = s.failed_from(&office, a, 3, w).unwrap();
            assert_eq!(paused, i == 2, "the third failure pauses the address");
        }
        assert!(s.address_locked(&office, a, 3, w).unwrap().unwrap() > 500);
        assert!(
            s.address_locked(&office, b, 3, w).unwrap().is_none(),
            "another desk is not locked"
        );
        assert!(
            s.address_locked(&office, a, 3, Duration::ZERO)
                .unwrap()
                .is_none(),
            "failures older than the window are forgotten"
        );
    }
}
