//! Test support: the sanctioned way for the workspace's integration tests, benches and examples to
//! look inside a store — count rows, read raw rows, damage a file on purpose, read a table the
//! application only writes.
//!
//! Compiled only with the cargo feature `testing`, which is off by default and which crates enable
//! in their `[dev-dependencies]` alone (`minyi-core = { workspace = true, features =
//! ["testing"] }`): a production build (`minyi-server`, `minyi-cli`, the desktop app) cannot reach
//! it, and `tests/sealed_store.rs` fails if a crate enables it for its own code. Everything here
//! bypasses access rules and the use cases: tests only.
//!
//! The raw connection is [`Store::sql_for_tests`]; [`rusqlite`] is re-exported for its `params!`
//! and types, so that no crate but this one depends on it, and [`postgres`] likewise for the
//! PostgreSQL tests, whose throw-away databases [`pg`] makes. The functions below read what the
//! tests check through the same table functions the use cases write with.

pub use postgres;
pub use rusqlite;

pub mod pg;

pub use crate::store::walk::set_batch_for_tests as set_walk_batch;

use crate::error::Result;
use crate::model::{Appeal, Appellant};
use crate::store::Store;
use crate::store::events::EventRecord;
use crate::store::handling::TrackingRecord;
use crate::store::oversight::ExtensionRecord;
use crate::store::recommendations::RecommendationRecord;
use crate::store::registry::{AccessRecord, ArchiveNumberRecord};
use crate::store::rewards::RewardPenaltyRecord;
use crate::store::settings::SettingKey;
use crate::store::stage_spans::SpanRow;
use crate::store::{
    appeals, events, fts_backlog, grants, handling, imports, oversight, recommendations, registry,
    rewards, settings, stage_spans, users,
};
use chrono::NaiveDate;

impl Store {
    /// The store's SQLite connection, for tests that count or read rows with SQL, or change the
    /// file behind the application's back. Only with the `testing` feature; panics on a
    /// PostgreSQL store.
    #[doc(hidden)]
    pub fn sql_for_tests(&self) -> &rusqlite::Connection {
        self.conn()
            .sqlite()
            .expect("sql_for_tests reaches an SQLite store only")
    }

    /// The store's connection through the two-backend layer (`store::sql`), for tests that read
    /// or change rows with SQL both databases accept, on either store.
    #[doc(hidden)]
    pub fn sql_layer_for_tests(&self) -> &crate::store::sql::Connection {
        self.conn()
    }
}

/// Where a test's office lives, with attachments in `dir`: an SQLite file `dir/minyi.db`, or,
/// when `MINYI_TEST_PG` names a cluster (`make test-rust-pg`), a fresh migrated PostgreSQL
/// database — the switch that runs a suite on both stores (docs/decisions/0014-postgresql.md
/// §2.6). Several stores may be opened on one place (two desks, a reopen); dropping the place
/// drops its PostgreSQL database.
pub struct TestPlace {
    dir: std::path::PathBuf,
    pg: Option<pg::TestDatabase>,
}

impl TestPlace {
    /// A new place in `dir` (a PostgreSQL database is made at once when the suite runs there).
    pub fn new(dir: &std::path::Path) -> Self {
        Self {
            dir: dir.to_path_buf(),
            pg: pg::fresh(),
        }
    }

    /// A place on SQLite whatever the suite runs on (tests of SQLite files, migrations of old
    /// files).
    pub fn sqlite(dir: &std::path::Path) -> Self {
        Self {
            dir: dir.to_path_buf(),
            pg: None,
        }
    }

    /// Opens a store on this place (creating and migrating the SQLite file at the first open).
    pub fn open(&self) -> Result<Store> {
        match &self.pg {
            Some(db) => Store::open_url(db.url(), &self.dir),
            None => Store::open(&self.sqlite_path()),
        }
    }

    /// The SQLite file of this place (where it would be on PostgreSQL).
    pub fn sqlite_path(&self) -> std::path::PathBuf {
        self.dir.join("minyi.db")
    }

    /// The PostgreSQL database of this place, if the suite runs on PostgreSQL.
    pub fn pg(&self) -> Option<&pg::TestDatabase> {
        self.pg.as_ref()
    }

    /// Takes the PostgreSQL database out of the place (to keep it past the test: forget it).
    pub fn take_pg(&mut self) -> Option<pg::TestDatabase> {
        self.pg.take()
    }
}

/// A store for a test on a new [`TestPlace`] in `dir`; keep the place as long as the store.
pub fn open_test_store(dir: &std::path::Path) -> (Store, TestPlace) {
    let place = TestPlace::new(dir);
    let store = place
        .open()
        .unwrap_or_else(|e| panic!("opening the test store: {}", e.message));
    (store, place)
}

/// Whether the suites run on PostgreSQL now (`MINYI_TEST_PG` set): tests of SQLite's own
/// internals (FTS segments, pragmas, `VACUUM INTO`) skip themselves then.
pub fn on_postgres() -> bool {
    pg::cluster_url().is_some()
}

/// How many rows `table` holds.
pub fn count(store: &Store, table: &str) -> i64 {
    query_i64(store, &format!("SELECT count(*) FROM {table}"))
}

/// The integer the one-row, one-column query `sql` answers; panics on any error.
pub fn query_i64(store: &Store, sql: &str) -> i64 {
    store
        .conn()
        .query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The appeal `id` as stored (no access check, nothing masked).
pub fn appeal(store: &Store, id: i64) -> Result<Appeal> {
    appeals::get(store.conn(), id)
}

/// The appellant `id` as stored (unmasked).
pub fn appellant(store: &Store, id: i64) -> Result<Appellant> {
    appeals::get_appellant(store.conn(), id)
}

/// The appeal with the registration or (current or earlier) archive number `number`.
pub fn appeal_id(store: &Store, number: &str) -> Result<Option<i64>> {
    appeals::find_by_number(store.conn(), number)
}

/// The events of appeal `appeal_id`, oldest first.
pub fn events(store: &Store, appeal_id: i64) -> Result<Vec<EventRecord>> {
    events::for_appeal(store.conn(), appeal_id)
}

/// The last event's id and hash (the head of the chain).
pub fn event_head(store: &Store) -> Result<(i64, String)> {
    events::head(store.conn())
}

/// Stores a setting directly, with the checks of the settings screen but without an actor
/// (a test's set-up; the application changes settings through `usecases::settings_admin`).
pub fn set_setting(store: &Store, key: SettingKey, value: &str) -> Result<()> {
    settings::set(store.conn(), key, value)
}

/// Every stage run, in key order.
pub fn stage_spans(store: &Store) -> Result<Vec<SpanRow>> {
    stage_spans::all(store.conn())
}

/// Derives every stage run again from the event log, in one transaction.
pub fn rebuild_stage_spans(store: &mut Store) -> Result<()> {
    store.write(|tx, _| stage_spans::rebuild(tx))
}

/// How many appeals wait for the full-text index.
pub fn fts_backlog_len(store: &Store) -> Result<i64> {
    fts_backlog::len(store.conn())
}

/// Whether appeal `appeal_id` waits for the full-text index.
pub fn fts_backlog_contains(store: &Store, appeal_id: i64) -> Result<bool> {
    fts_backlog::contains(store.conn(), appeal_id)
}

/// Writes every waiting appeal into the full-text index, in one transaction; how many.
pub fn drain_fts_backlog(store: &mut Store) -> Result<usize> {
    store.write(|tx, _| fts_backlog::drain(tx))
}

/// How many appeals wait before a registration writes them into the full-text index.
pub const FTS_BACKLOG_BATCH: i64 = fts_backlog::BATCH;
/// The statement that writes the waiting appeals into the full-text index.
pub const FTS_BACKLOG_DRAIN_SQL: &str = fts_backlog::DRAIN_SQL;
/// The statement an import runs per row to find an earlier import of the same row.
pub const IMPORT_FIND_SQL: &str = imports::FIND_SQL;

/// The search statement over the index and the backlog (see `store::fts_backlog::search_sql`).
pub fn fts_search_sql(phrase: &str, pattern: &str, cap: i64) -> String {
    fts_backlog::search_sql(phrase, pattern, cap, true)
}

/// The tracking line of appeal `appeal_id`, if it has one.
pub fn tracking(store: &Store, appeal_id: i64) -> Result<Option<TrackingRecord>> {
    handling::tracking(store.conn(), appeal_id)
}

/// The archive numbers issued to appeal `appeal_id`, superseded ones included.
pub fn archive_numbers(store: &Store, appeal_id: i64) -> Result<Vec<ArchiveNumberRecord>> {
    registry::archive_numbers(store.conn(), appeal_id)
}

/// The extension request of appeal `appeal_id` waiting for a decision, if any.
pub fn pending_extension(store: &Store, appeal_id: i64) -> Result<Option<ExtensionRecord>> {
    oversight::pending_extension(store.conn(), appeal_id)
}

/// The escalation of appeal `appeal_id` still waiting for an instruction, if any.
pub fn open_escalation(store: &Store, appeal_id: i64) -> Result<Option<i64>> {
    oversight::open_escalation(store.conn(), appeal_id)
}

/// The recommendation `id`.
pub fn recommendation(store: &Store, id: i64) -> Result<RecommendationRecord> {
    recommendations::get(store.conn(), id)
}

/// The rewards and penalties dated from `from` to `to` (inclusive).
pub fn rewards_penalties(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<RewardPenaltyRecord>> {
    rewards::list(store.conn(), from, to)
}

/// The newest `limit` lines of the access log (of appeal `appeal_id`, or of all).
pub fn access_log(store: &Store, appeal_id: Option<i64>, limit: i64) -> Result<Vec<AccessRecord>> {
    registry::access_log(store.conn(), appeal_id, limit)
}

/// Applies every personal-data grant waiting for a second administrator, as if one had confirmed
/// it (a test's set-up, for tests about something else than accounts; tests of accounts confirm
/// as a second administrator through `usecases::grants`). Answers how many were applied.
pub fn confirm_grants_directly(store: &mut Store) -> Result<usize> {
    store.write(|tx, _| {
        let pending = grants::pending(tx)?;
        let by = users::system_user_id(tx)?.unwrap_or(1);
        for g in &pending {
            let user = users::get(tx, g.user_id)?;
            crate::usecases::grants::apply(tx, g, &user)?;
            grants::decide(
                tx,
                g.id,
                crate::model::GrantStatus::Confirmed,
                by,
                "测试",
                "2026-01-01T00:00:00+08:00",
            )?;
        }
        Ok(pending.len())
    })
}

/// Whether a PostgreSQL store's search takes the newest-first scan for the two-character `term`
/// (its pair common by the planner's estimate) rather than the pairs index
/// (`store::search::pg::pair_is_common`).
pub fn search_pair_is_common(store: &Store, term: &str) -> Result<bool> {
    crate::store::search::pg::pair_is_common(store.conn(), &crate::store::search::pg::pair_of(term))
}

/// The plan (`EXPLAIN`, JSON) of the query a rare two-character `term` is driven by on a
/// PostgreSQL store (`store::search::pg::pair_sql`), planned with sequential and plain index scans
/// off (a GIN index is read through bitmaps only): whether the pairs index can serve that very
/// query.
pub fn search_pair_plan(store: &Store, term: &str) -> Result<String> {
    crate::store::search::pg::pair_plan(store.conn(), term)
}
