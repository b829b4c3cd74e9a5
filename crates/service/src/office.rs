//! The office: one data folder, its database and the connections every caller shares.
//!
//! Why it is shaped so:
//! - One type for every transport. The desktop opens it with [`Profile::DESKTOP`] (one connection
//!   with a small page cache: the window reads a page at a time and the app's memory counts); the
//!   office server with [`Profile::server`] (several connections, so that people reading lists do
//!   not wait for each other). Long jobs (imports, exports) open a connection of their own
//!   ([`Office::open_job_store`]) so that the other screens keep working meanwhile.
//! - Writers take the write gate before a connection: writes are serialised here, in order of
//!   arrival (a fair lock: a writer that just wrote does not jump the queue), instead of by
//!   SQLite's busy handler, which sleeps in growing steps and makes the slow tail of a busy office
//!   slower still. Readers never take the gate (WAL lets them read while one writes).
//! - The signed-in user is kept by the transport (the window's one session, the server's tokens)
//!   and given to each call as an id; the actor is re-read from the database on every call, so a
//!   deactivated account or changed roles take effect at once.
//! - Backups and restoring one are the office's too ([`Office::back_up`], [`Office::restore`]):
//!   backups are serialised among themselves (not with writers: `VACUUM INTO` copies one moment
//!   while others write); a restore waits for its write turn and for every connection to come
//!   back, closes them, puts the backup in place and opens again, while new calls wait. A file
//!   that the opening is about to upgrade is backed up first.
//! - Demo data is generated into an empty office with the store to itself; meanwhile every call is
//!   refused with a Chinese sentence instead of hanging ([`Office::begin_busy`]).

use crate::private;
use chrono::{DateTime, FixedOffset};
use minyi_core::backup::{self, BackupInfo, BackupReason, RestoreOutcome};
use minyi_core::model::Actor;
use minyi_core::store::settings::SettingKey;
use minyi_core::usecases::accounts;
use minyi_core::usecases::add_attachment::sweep_unreferenced;
use minyi_core::usecases::office_acts::{self, Doer};
use minyi_core::{CoreError, ErrorCode, Result, Store};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

/// How old an attachment file no attachment refers to must be before it is removed at start: an
/// upload writes its file a moment before its row.
const ATTACHMENT_SWEEP_AGE: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// Who makes a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// Nobody is signed in: only open commands (the vocabulary) answer.
    Nobody,
    /// A person signed in through the window or the server, by their user id. Their account is
    /// read again on every call (deactivated: the session ends).
    Session(i64),
    /// The local command line, acting as the built-in `system` account (user id): whoever runs it
    /// holds the database file itself.
    Console(i64),
}

/// The database file inside the data folder.
pub const DB_FILE: &str = "minyi.db";

/// What backing up or restoring a PostgreSQL office answers.
const POSTGRES_BACKUPS: &str = "本办公室的数据存放在 PostgreSQL 数据库中，请由数据库管理员用 PostgreSQL 的工具（pg_dump、pg_basebackup 或流复制）备份和恢复；附件在服务器的数据目录中，请一并备份。";

/// How many connections an office keeps, and how each is tuned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    /// Connections open at most at once (callers wait for a free one beyond that).
    pub connections: usize,
    /// SQLite's page cache of each connection (MiB); `None` keeps SQLite's default (64 MiB).
    pub page_cache_mib: Option<u32>,
    /// Whether connections map the file into memory (SQLite's default here is 256 MB a connection).
    pub memory_map: bool,
}

impl Profile {
    /// The desktop: one connection without a memory map and with a 16 MiB page cache. Measured on
    /// the million-appeal file: 8 MB less after browsing, list and search as fast.
    pub const DESKTOP: Profile = Profile {
        connections: 1,
        page_cache_mib: Some(16),
        memory_map: false,
    };

    /// The office server: `connections` readers and writers with SQLite's defaults.
    pub fn server(connections: usize) -> Profile {
        Profile {
            connections: connections.max(1),
            page_cache_mib: None,
            memory_map: true,
        }
    }
}

/// An open office.
pub struct Office {
    data_dir: PathBuf,
    /// The SQLite file (on PostgreSQL, where it would be: nothing is written there).
    db_path: PathBuf,
    /// The PostgreSQL database (`postgres://…`), when the office's database is one.
    database_url: Option<String>,
    profile: Profile,
    idle: Mutex<Pool>,
    freed: Condvar,
    write_gate: parking_lot::FairMutex<()>,
    busy: AtomicBool,
    /// The operating-system user of the local command line ([`Caller::Console`]), whose acts the
    /// security log records under that name.
    console_user: std::sync::OnceLock<String>,
    /// Serialises backups and restores.
    backing_up: Mutex<()>,
}

struct Pool {
    stores: Vec<Store>,
    open: usize,
    /// A restore is closing the connections: callers wait.
    paused: bool,
}

/// A connection lent to one call; it goes back to the office when dropped.
pub struct Lent<'a> {
    office: &'a Office,
    store: Option<Store>,
}

impl std::ops::Deref for Lent<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        self.store
            .as_ref()
            .expect("a lent store is present until dropped")
    }
}

impl std::ops::DerefMut for Lent<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        self.store
            .as_mut()
            .expect("a lent store is present until dropped")
    }
}

impl Drop for Lent<'_> {
    fn drop(&mut self) {
        if let Some(store) = self.store.take() {
            self.office.give_back(store);
        }
    }
}

/// Holds the write gate for one write.
pub struct WriteTurn<'a>(#[allow(dead_code)] parking_lot::FairMutexGuard<'a, ()>);

impl Office {
    /// Opens (creating and upgrading if needed) the office in `data_dir` (its database is
    /// [`DB_FILE`] there).
    ///
    /// The data folder and the database are made private to this account (see
    /// [`crate::private`]), the prints, exports and import reports older than the retention
    /// setting are removed, and so are attachment files a day old that no attachment refers to
    /// (left by an upload cut short between its file and its row).
    pub fn open(data_dir: &Path, profile: Profile) -> Result<Self> {
        private::private_dir(data_dir)
            .map_err(|_| CoreError::storage("无法创建数据目录，请检查磁盘空间和文件夹权限。"))?;
        let office = Self::open_file(&data_dir.join(DB_FILE), profile)?;
        for suffix in ["", "-wal", "-shm"] {
            let mut name = office.db_path.clone().into_os_string();
            name.push(suffix);
            let file = PathBuf::from(name);
            if file.exists() {
                private::restrict(&file, 0o600).map_err(|_| {
                    CoreError::storage("无法设置数据库文件的权限，请检查数据目录的所有者。")
                })?;
            }
        }
        let days = office.store()?.setting_i64(SettingKey::FileRetentionDays)?;
        private::sweep_old_files(data_dir, days, minyi_core::time::now_cst());
        // Not fatal: the files are only space, and the next start tries again.
        let _ = sweep_unreferenced(&mut *office.store()?, ATTACHMENT_SWEEP_AGE);
        Ok(office)
    }

    /// Opens the office whose database is the file `db_path` (the command line names any file);
    /// its folder is the data folder.
    pub fn open_file(db_path: &Path, profile: Profile) -> Result<Self> {
        let data_dir = match db_path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // Before an upgrade, a backup (its failure is recorded for the administrators' workbench;
        // the office still opens, as it did before backups existed).
        let before_upgrade = backup::before_upgrade(db_path);
        let office = Self::unopened(data_dir, db_path.to_path_buf(), None, profile);
        // The first connection runs the migrations, so an unreadable or newer file fails here.
        let first = office.open_tuned()?;
        {
            let mut pool = office.pool();
            pool.stores.push(first);
            pool.open = 1;
        }
        match before_upgrade {
            Ok(Some(info)) => {
                office.log_act(|s, now| office_acts::backup_made(s, now, Doer::Program, &info))
            }
            Err(e) => office.log_act(|s, now| {
                office_acts::backup_failed(
                    s,
                    now,
                    Doer::Program,
                    BackupReason::BeforeUpgrade,
                    &e.message,
                )
            }),
            Ok(None) => {}
        }
        Ok(office)
    }

    /// Opens (migrating if needed) the office whose database is the PostgreSQL database at `url`,
    /// with its attachments and the server's files in `data_dir` (docs/decisions/0014). Its
    /// backups are PostgreSQL's own tools' (`pg_dump`, `pg_basebackup`): [`Office::back_up`]
    /// and [`Office::restore`] refuse and say so.
    pub fn open_postgres(data_dir: &Path, url: &str, profile: Profile) -> Result<Self> {
        private::private_dir(data_dir)
            .map_err(|_| CoreError::storage("无法创建数据目录，请检查磁盘空间和文件夹权限。"))?;
        let office = Self::unopened(
            data_dir.to_path_buf(),
            data_dir.join(DB_FILE),
            Some(url.to_string()),
            profile,
        );
        // The first connection runs the migrations, so an unreachable or newer database fails here.
        let first = office.open_tuned()?;
        {
            let mut pool = office.pool();
            pool.stores.push(first);
            pool.open = 1;
        }
        let days = office.store()?.setting_i64(SettingKey::FileRetentionDays)?;
        private::sweep_old_files(data_dir, days, minyi_core::time::now_cst());
        let _ = sweep_unreferenced(&mut *office.store()?, ATTACHMENT_SWEEP_AGE);
        Ok(office)
    }

    fn unopened(
        data_dir: PathBuf,
        db_path: PathBuf,
        database_url: Option<String>,
        profile: Profile,
    ) -> Self {
        Self {
            data_dir,
            db_path,
            database_url,
            profile,
            idle: Mutex::new(Pool {
                stores: Vec::new(),
                open: 0,
                paused: false,
            }),
            freed: Condvar::new(),
            write_gate: parking_lot::FairMutex::new(()),
            busy: AtomicBool::new(false),
            console_user: std::sync::OnceLock::new(),
            backing_up: Mutex::new(()),
        }
    }

    /// Writes an act on the whole office into the security log ([`office_acts`]) after it was
    /// done. The act stands whether or not its entry could be written (a backup is made, a
    /// restore is in place); a database that cannot take the entry fails the next call anyway.
    /// The caller holds the write turn (or is alone, while opening).
    fn log_act(&self, write: impl FnOnce(&mut Store, DateTime<FixedOffset>) -> Result<()>) {
        if let Ok(mut store) = self.store() {
            let _ = write(&mut store, minyi_core::time::now_cst());
        }
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The database file.
    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    fn pool(&self) -> MutexGuard<'_, Pool> {
        // A panic while holding the lock leaves the pool consistent (a vector and a count), so a
        // poisoned lock is recovered, not propagated.
        self.idle.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn open_tuned(&self) -> Result<Store> {
        let store = self.open_store()?;
        if !self.profile.memory_map {
            store.stop_memory_map()?;
        }
        if let Some(mib) = self.profile.page_cache_mib {
            store.limit_page_cache(mib)?;
        }
        Ok(store)
    }

    /// Lends a connection, waiting while all are in use.
    pub fn store(&self) -> Result<Lent<'_>> {
        let mut pool = self.pool();
        loop {
            if pool.paused {
                pool = self.freed.wait(pool).unwrap_or_else(|e| e.into_inner());
                continue;
            }
            if let Some(mut store) = pool.stores.pop() {
                drop(pool);
                // Another connection may have edited the working-day calendar meanwhile.
                store.refresh_calendar()?;
                return Ok(Lent {
                    office: self,
                    store: Some(store),
                });
            }
            if pool.open < self.profile.connections {
                pool.open += 1;
                drop(pool);
                return match self.open_tuned() {
                    Ok(store) => Ok(Lent {
                        office: self,
                        store: Some(store),
                    }),
                    Err(e) => {
                        self.pool().open -= 1;
                        self.freed.notify_one();
                        Err(e)
                    }
                };
            }
            pool = self.freed.wait(pool).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn give_back(&self, store: Store) {
        self.pool().stores.push(store);
        // All: a restore waiting for every connection must hear it, not only one reader.
        self.freed.notify_all();
    }

    /// Where this office's backups go and how many it keeps (its settings).
    pub fn backup_folder(&self) -> Result<(PathBuf, usize)> {
        self.file_only()?;
        let store = self.store()?;
        Ok((
            backup::folder_of(&store, &self.db_path)?,
            backup::keep_of(&store)?,
        ))
    }

    /// Backs up the office now into its backup folder, removing the oldest beyond the number it
    /// keeps; the outcome is recorded (a failure stays on the administrators' workbench until a
    /// backup succeeds). Authorisation is the caller's.
    pub fn back_up(&self, reason: BackupReason, by: Doer<'_>) -> Result<BackupInfo> {
        self.file_only()?;
        let _one = self.backing_up.lock().unwrap_or_else(|e| e.into_inner());
        let outcome = self
            .backup_folder()
            .and_then(|(dir, keep)| backup::back_up(&self.db_path, &dir, reason, Some(keep)));
        backup::record(&self.data_dir, reason, &outcome);
        let _turn = self.write_turn();
        match &outcome {
            Ok(info) => self.log_act(|s, now| office_acts::backup_made(s, now, by, info)),
            Err(e) => {
                self.log_act(|s, now| office_acts::backup_failed(s, now, by, reason, &e.message))
            }
        }
        outcome
    }

    /// The daily backup, when the newest backup is a day old (or there is none): `None` when
    /// none was due.
    pub fn back_up_if_due(&self) -> Option<Result<BackupInfo>> {
        if self.is_postgres() {
            return None;
        }
        let due = match self.backup_folder() {
            Ok((dir, _)) => backup::due(&dir, &minyi_core::time::now_cst()),
            Err(_) => true,
        };
        // A failure stays due: the next round tries again.
        let failed = backup::status(&self.data_dir).last_failure.is_some();
        (due || failed).then(|| self.back_up(BackupReason::Daily, Doer::Program))
    }

    /// Restores the backup named `name` (a folder in the backup folder): waits for the write turn
    /// and for every connection, closes them, puts the backup in place (see
    /// [`minyi_core::backup::restore`]) and opens again. New calls wait meanwhile. Long jobs'
    /// own connections ([`Office::open_job_store`]) keep reading the database set aside.
    /// Authorisation is the caller's.
    pub fn restore(&self, name: &str, by: Doer<'_>) -> Result<RestoreOutcome> {
        self.file_only()?;
        let _one = self.backing_up.lock().unwrap_or_else(|e| e.into_inner());
        let (dir, _) = self.backup_folder()?;
        let folder = backup::named(&dir, name)?;
        // Refuse a damaged or newer backup before closing anything.
        let checked = backup::validate(&folder)?;
        let _turn = self.write_turn();
        let mut pool = self.pool();
        pool.paused = true;
        while pool.stores.len() < pool.open {
            pool = self.freed.wait(pool).unwrap_or_else(|e| e.into_inner());
        }
        let closed = std::mem::take(&mut pool.stores);
        pool.open = 0;
        drop(pool);
        drop(closed);
        let outcome = backup::restore(&self.db_path, checked);
        let reopened = self.open_tuned();
        let mut pool = self.pool();
        pool.paused = false;
        let result = match reopened {
            Ok(store) => {
                pool.stores.push(store);
                pool.open = 1;
                outcome
            }
            Err(e) => outcome.and(Err(e)),
        };
        drop(pool);
        self.freed.notify_all();
        if let Ok(outcome) = &result {
            self.log_act(|s, now| office_acts::restored(s, now, by, outcome));
        }
        result
    }

    /// Waits for the turn to write (see the module docs).
    pub fn write_turn(&self) -> WriteTurn<'_> {
        WriteTurn(self.write_gate.lock())
    }

    /// A connection of its own for a long job, which may tune it (no memory map for a bulk read, a
    /// longer checkpoint interval for an import) without touching the shared ones.
    pub fn open_job_store(&self) -> Result<Store> {
        self.open_store()
    }

    /// One more connection to the office's database, untuned.
    fn open_store(&self) -> Result<Store> {
        match &self.database_url {
            Some(url) => Store::open_url(url, &self.data_dir),
            None => Store::open(&self.db_path),
        }
    }

    /// Whether the office's database is PostgreSQL (else the SQLite file [`Office::db_path`]).
    pub fn is_postgres(&self) -> bool {
        self.database_url.is_some()
    }

    /// Refuses what only an SQLite office does (its backups and their restore).
    fn file_only(&self) -> Result<()> {
        if self.is_postgres() {
            return Err(CoreError::new(ErrorCode::Validation, POSTGRES_BACKUPS));
        }
        Ok(())
    }

    /// Who `caller` is as the database knows them now; nobody signed in is refused.
    pub fn actor(&self, store: &Store, caller: Caller) -> Result<Actor> {
        match caller {
            Caller::Nobody => Err(not_signed_in()),
            Caller::Session(id) => accounts::session_actor(store, id),
            Caller::Console(id) => {
                let mut actor = store.actor(id)?;
                if let Some(user) = self.console_user.get() {
                    actor.display_name = minyi_core::usecases::audit::console_label(user);
                }
                Ok(actor)
            }
        }
    }

    /// Names the operating-system user the local command line runs as (once, at start).
    pub fn set_console_user(&self, os_user: &str) {
        let _ = self.console_user.set(os_user.to_string());
    }

    /// Marks long exclusive work (demo data) as running; other calls are refused meanwhile.
    pub fn begin_busy(&self) -> Result<()> {
        if self.busy.swap(true, Ordering::SeqCst) {
            return Err(busy());
        }
        Ok(())
    }

    pub fn end_busy(&self) {
        self.busy.store(false, Ordering::SeqCst);
    }

    /// Refuses while exclusive work holds the database.
    pub fn check_idle(&self) -> Result<()> {
        if self.busy.load(Ordering::SeqCst) {
            return Err(busy());
        }
        Ok(())
    }
}

fn busy() -> CoreError {
    CoreError::conflict("正在生成演示数据，请等待完成后再操作。")
}

/// The error every transport returns when a call needs a session and has none.
pub fn not_signed_in() -> CoreError {
    CoreError::new(ErrorCode::NotSignedIn, "登录已失效，请重新登录。")
}
