//! The office server's own state (migration 017; issue 22, decision 0014 §2.4): the staff's and
//! the citizens' sessions, the files and running jobs of a staff session, the portal's captchas
//! and the per-address windows (failed sign-ins, portal submissions, wrong passwords and query
//! codes).
//!
//! Why in the database: several server processes share one database (behind a load balancer, or
//! restarted one after the other), and any of them must serve any request — a session begun on
//! one is signed in on every other, a sign-out or an expiry on one ends it on all at the next
//! request, a captcha drawn by one is answered on another, and an address is counted once across
//! all of them. So nothing here is cached by the caller: every request reads its session.
//!
//! What is stored, and what is not:
//! - Tokens (sessions, files, captchas) only as their SHA-256 ([`token_hash`]); the token itself
//!   lives only in the client. A captcha's answer is a hash keyed by the captcha's id, and its
//!   image is enciphered with a key derived from the id, so the table alone answers no captcha.
//! - Client addresses only as long as their window needs them: each insert deletes the rows of
//!   its kind that the window has left behind, in the same transaction, and [`Store::prune_server_state`]
//!   (the server's sweep, every minute) deletes the rest.
//! - Times as RFC 3339 text in +08:00 with milliseconds (fixed width, so they sort as text), from
//!   the caller's clock: processes on several machines need synchronised clocks (NTP).
//!
//! Not a write on every request: a session's `last_seen` is written only when it is older than
//! [`TOUCH_EVERY`] (a minute; a quarter of the idle time when that is shorter), so an office of
//! fifty desks writes less than one row a second for its sessions. A session therefore expires
//! between `idle` and `idle + TOUCH_EVERY` after its last request. A failed touch (the database
//! busy with a long write) is not an error: the session is live, and the next request touches it.
//!
//! Every write goes through [`Store::write`]; the SQL is in the dialect both backends accept.

use super::Store;
use super::sql::{self, Connection, OptionalExtension, params};
use crate::error::Result;
use crate::time::to_cst;
use chrono::{DateTime, FixedOffset, SecondsFormat};
use sha2::{Digest, Sha256};
use std::time::Duration;

/// How old a session's `last_seen` may grow before a request writes it again (at most; a quarter
/// of a shorter idle time).
pub const TOUCH_EVERY: Duration = Duration::from_secs(60);

/// The SHA-256 of a token (hex), as stored. The server names a session's folder and its log label
/// after its hash too, never after the token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The stored form of an instant: fixed-width RFC 3339 with milliseconds.
fn stamp(t: DateTime<FixedOffset>) -> String {
    to_cst(&t).to_rfc3339_opts(SecondsFormat::Millis, false)
}

/// `now - d`, stored form (a window longer than chrono can subtract reaches back to the start).
fn before(now: DateTime<FixedOffset>, d: Duration) -> String {
    let back = chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX);
    stamp(
        now.checked_sub_signed(back)
            .unwrap_or(DateTime::<FixedOffset>::MIN_UTC.into()),
    )
}

fn touch_after(idle: Duration) -> Duration {
    TOUCH_EVERY.min(idle / 4)
}

/// What a session token opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionState {
    /// A live session of `user_id`; `key` is its token's hash.
    Live { user_id: i64, key: String },
    /// It was idle too long and has ended now.
    Expired,
    /// No such session (never begun, signed out, or swept after its idle time).
    Unknown,
}

/// What is counted per client address, each within its own window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressKind {
    /// A failed staff sign-in on the office server (pauses the desk).
    StaffFailure,
    /// A portal submission or account registration (captcha, hourly limit).
    PortalSubmission,
    /// A wrong password or query code on the portal (pauses the address).
    PortalFailure,
}

impl AddressKind {
    fn code(self) -> &'static str {
        match self {
            AddressKind::StaffFailure => "staff_failure",
            AddressKind::PortalSubmission => "portal_submission",
            AddressKind::PortalFailure => "portal_failure",
        }
    }
}

/// An address's events within a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressWindow {
    pub count: usize,
    /// How long until the oldest of them leaves the window (zero when there is none).
    pub oldest_leaves_in: Duration,
}

// ---------------------------------------------------------------------------------------------
// Table functions

fn live_session(conn: &Connection, table: Sessions, hash: &str) -> Result<Option<(i64, String)>> {
    Ok(conn
        .prepare_cached(table.select())?
        .query_row([hash], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The two session tables, which differ only in whom a session belongs to.
#[derive(Debug, Clone, Copy)]
enum Sessions {
    Staff,
    Citizen,
}

impl Sessions {
    fn select(self) -> &'static str {
        match self {
            Sessions::Staff => {
                "SELECT user_id, last_seen FROM server_sessions WHERE token_hash = ?1"
            }
            Sessions::Citizen => {
                "SELECT citizen_id, last_seen FROM portal_sessions WHERE token_hash = ?1"
            }
        }
    }

    fn insert(self) -> &'static str {
        match self {
            Sessions::Staff => {
                "INSERT INTO server_sessions(token_hash, user_id, created_at, last_seen)
                 VALUES (?1, ?2, ?3, ?3)"
            }
            Sessions::Citizen => {
                "INSERT INTO portal_sessions(token_hash, citizen_id, created_at, last_seen)
                 VALUES (?1, ?2, ?3, ?3)"
            }
        }
    }

    fn touch(self) -> &'static str {
        match self {
            Sessions::Staff => {
                "UPDATE server_sessions SET last_seen = ?2 WHERE token_hash = ?1 AND last_seen < ?2"
            }
            Sessions::Citizen => {
                "UPDATE portal_sessions SET last_seen = ?2 WHERE token_hash = ?1 AND last_seen < ?2"
            }
        }
    }

    /// Deletes the session `?1` if it is idle since `?2`.
    fn expire(self) -> &'static str {
        match self {
            Sessions::Staff => {
                "DELETE FROM server_sessions WHERE token_hash = ?1 AND last_seen <= ?2"
            }
            Sessions::Citizen => {
                "DELETE FROM portal_sessions WHERE token_hash = ?1 AND last_seen <= ?2"
            }
        }
    }

    fn end(self) -> &'static str {
        match self {
            Sessions::Staff => "DELETE FROM server_sessions WHERE token_hash = ?1",
            Sessions::Citizen => "DELETE FROM portal_sessions WHERE token_hash = ?1",
        }
    }

    /// Deletes every session idle since `?1`, answering their hashes.
    fn prune(self) -> &'static str {
        match self {
            Sessions::Staff => {
                "DELETE FROM server_sessions WHERE last_seen <= ?1 RETURNING token_hash"
            }
            Sessions::Citizen => {
                "DELETE FROM portal_sessions WHERE last_seen <= ?1 RETURNING token_hash"
            }
        }
    }
}

fn prune_sessions(conn: &Connection, table: Sessions, cutoff: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(table.prune())?;
    let gone = stmt
        .query_map([cutoff], |r| r.get(0))?
        .collect::<sql::Result<Vec<String>>>()?;
    Ok(gone)
}

fn prune_addresses(conn: &Connection, kind: AddressKind, cutoff: &str) -> Result<usize> {
    Ok(conn
        .prepare_cached("DELETE FROM address_events WHERE kind = ?1 AND at <= ?2")?
        .execute(params![kind.code(), cutoff])?)
}

fn prune_captchas(conn: &Connection, cutoff: &str) -> Result<usize> {
    Ok(conn
        .prepare_cached("DELETE FROM portal_captchas WHERE created_at <= ?1")?
        .execute([cutoff])?)
}

/// The hash of a captcha's answer, keyed by its id: without the id (which only the client has),
/// the four characters cannot be tried against it.
fn answer_hash(id: &str, answer: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"minyi captcha answer\0");
    h.update(id.as_bytes());
    h.update(b"\0");
    h.update(answer.trim().to_ascii_lowercase().as_bytes());
    hex(&h.finalize())
}

/// Enciphers (and deciphers) a captcha's image with a key stream derived from its id: SHA-256 of
/// the id and a block counter, XORed over the bytes.
fn cipher(id: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for (block, chunk) in bytes.chunks(32).enumerate() {
        let mut h = Sha256::new();
        h.update(b"minyi captcha image\0");
        h.update(id.as_bytes());
        h.update((block as u64).to_le_bytes());
        let key = h.finalize();
        out.extend(chunk.iter().zip(key.iter()).map(|(b, k)| b ^ k));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The server's API

/// The windows the server's sweep prunes address events by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Windows {
    /// Idle time of a staff session.
    pub staff_idle: Duration,
    /// Idle time of a citizen's session.
    pub citizen_idle: Duration,
    /// How long a captcha waits for its answer.
    pub captcha_life: Duration,
    /// How long a failed staff sign-in counts against its address.
    pub staff_failures: Duration,
    /// How long a portal submission counts.
    pub portal_submissions: Duration,
    /// How long a wrong password or query code on the portal counts.
    pub portal_failures: Duration,
}

impl Store {
    /// Begins a staff session for `user_id` under `token` (stored as its hash); sessions idle
    /// longer than `idle` are deleted in the same transaction. Answers the hashes of those
    /// deleted (the server removes their folders).
    pub fn begin_staff_session(
        &mut self,
        token: &str,
        user_id: i64,
        now: DateTime<FixedOffset>,
        idle: Duration,
    ) -> Result<Vec<String>> {
        let hash = token_hash(token);
        self.write(|tx, _| {
            let gone = prune_sessions(tx, Sessions::Staff, &before(now, idle))?;
            tx.prepare_cached(Sessions::Staff.insert())?
                .execute(params![hash, user_id, stamp(now)])?;
            Ok(gone)
        })
    }

    /// What `token` opens as a staff session at `now`: live (touched when its `last_seen` is
    /// older than [`TOUCH_EVERY`]), expired (idle longer than `idle`: ended now) or unknown.
    pub fn staff_session(
        &mut self,
        token: &str,
        now: DateTime<FixedOffset>,
        idle: Duration,
    ) -> Result<SessionState> {
        let hash = token_hash(token);
        match self.session(Sessions::Staff, &hash, now, idle)? {
            Some(Some(user_id)) => Ok(SessionState::Live { user_id, key: hash }),
            Some(None) => Ok(SessionState::Expired),
            None => Ok(SessionState::Unknown),
        }
    }

    /// `None`: no such session; `Some(None)`: expired (and deleted now); `Some(Some(owner))`: live.
    fn session(
        &mut self,
        table: Sessions,
        hash: &str,
        now: DateTime<FixedOffset>,
        idle: Duration,
    ) -> Result<Option<Option<i64>>> {
        let Some((owner, last_seen)) = live_session(&self.conn, table, hash)? else {
            return Ok(None);
        };
        let cutoff = before(now, idle);
        if last_seen <= cutoff {
            self.write(|tx, _| {
                tx.prepare_cached(table.expire())?
                    .execute(params![hash, cutoff])?;
                Ok(())
            })?;
            return Ok(Some(None));
        }
        if last_seen <= before(now, touch_after(idle)) {
            // Best effort (see the module's docs): a busy database only delays the touch.
            let _ = self.write(|tx, _| {
                tx.prepare_cached(table.touch())?
                    .execute(params![hash, stamp(now)])?;
                Ok(())
            });
        }
        Ok(Some(Some(owner)))
    }

    /// Ends the staff session of `token` (signing out) and its files' rows; false when there was
    /// none.
    pub fn end_staff_session(&mut self, token: &str) -> Result<bool> {
        let hash = token_hash(token);
        self.write(|tx, _| Ok(tx.prepare_cached(Sessions::Staff.end())?.execute([&hash])? > 0))
    }

    /// The hashes of every staff session (the server keeps the folders of these and removes any
    /// other).
    pub fn staff_session_keys(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT token_hash FROM server_sessions")?;
        let keys = stmt
            .query_map([], |r| r.get(0))?
            .collect::<sql::Result<Vec<String>>>()?;
        Ok(keys)
    }

    /// Records files of the staff session `key` (its token's hash): each under the hash of its
    /// own token, with its path relative to the session's folder.
    pub fn add_session_files(&mut self, key: &str, files: &[(String, String)]) -> Result<()> {
        if files.is_empty() {
            return Ok(());
        }
        self.write(|tx, _| {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO server_session_files(token_hash, session_hash, path)
                 VALUES (?1, ?2, ?3)",
            )?;
            for (token, path) in files {
                stmt.execute(params![token_hash(token), key, path])?;
            }
            Ok(())
        })
    }

    /// The path (relative to the session's folder) of the file with `token` of the staff session
    /// `key`; a file of another session is not found.
    pub fn session_file(&self, key: &str, token: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT path FROM server_session_files WHERE token_hash = ?1 AND session_hash = ?2",
            )?
            .query_row(params![token_hash(token), key], |r| r.get(0))
            .optional()?)
    }

    /// Begins a portal session of `citizen` under `token`; sessions idle longer than `idle` are
    /// deleted in the same transaction.
    pub fn begin_citizen_session(
        &mut self,
        token: &str,
        citizen: i64,
        now: DateTime<FixedOffset>,
        idle: Duration,
    ) -> Result<()> {
        let hash = token_hash(token);
        self.write(|tx, _| {
            prune_sessions(tx, Sessions::Citizen, &before(now, idle))?;
            tx.prepare_cached(Sessions::Citizen.insert())?
                .execute(params![hash, citizen, stamp(now)])?;
            Ok(())
        })
    }

    /// The citizen of the portal session `token`, if it is live (touched like a staff session;
    /// an idle one ends here).
    pub fn citizen_session(
        &mut self,
        token: &str,
        now: DateTime<FixedOffset>,
        idle: Duration,
    ) -> Result<Option<i64>> {
        let hash = token_hash(token);
        Ok(self.session(Sessions::Citizen, &hash, now, idle)?.flatten())
    }

    /// Ends the portal session `token` (signing out).
    pub fn end_citizen_session(&mut self, token: &str) -> Result<()> {
        let hash = token_hash(token);
        self.write(|tx, _| {
            tx.prepare_cached(Sessions::Citizen.end())?
                .execute([&hash])?;
            Ok(())
        })
    }

    /// Keeps a new captcha `id` with its `answer` and `png` (both unreadable without the id) for
    /// `life`; the expired ones go in the same transaction, and beyond `cap` waiting the oldest.
    pub fn add_captcha(
        &mut self,
        id: &str,
        answer: &str,
        png: &[u8],
        now: DateTime<FixedOffset>,
        life: Duration,
        cap: usize,
    ) -> Result<()> {
        let row = (token_hash(id), answer_hash(id, answer), cipher(id, png));
        self.write(|tx, _| {
            prune_captchas(tx, &before(now, life))?;
            let waiting: i64 = tx
                .prepare_cached("SELECT count(*) FROM portal_captchas")?
                .query_row([], |r| r.get(0))?;
            let over = waiting + 1 - cap.max(1) as i64;
            if over > 0 {
                tx.prepare_cached(
                    "DELETE FROM portal_captchas WHERE id_hash IN (
                         SELECT id_hash FROM portal_captchas ORDER BY created_at LIMIT ?1)",
                )?
                .execute([over])?;
            }
            tx.prepare_cached(
                "INSERT INTO portal_captchas(id_hash, answer_hash, image, created_at)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![row.0, row.1, row.2, stamp(now)])?;
            Ok(())
        })
    }

    /// The image of captcha `id` while it waits for its answer (drawn less than `life` ago).
    pub fn captcha_image(
        &self,
        id: &str,
        now: DateTime<FixedOffset>,
        life: Duration,
    ) -> Result<Option<Vec<u8>>> {
        let image: Option<Vec<u8>> = self
            .conn
            .prepare_cached(
                "SELECT image FROM portal_captchas WHERE id_hash = ?1 AND created_at > ?2",
            )?
            .query_row(params![token_hash(id), before(now, life)], |r| r.get(0))
            .optional()?;
        Ok(image.map(|bytes| cipher(id, &bytes)))
    }

    /// Whether `typed` answers captcha `id` (case aside) within its `life`; the captcha is used
    /// up either way, on whichever server process it is answered.
    pub fn solve_captcha(
        &mut self,
        id: &str,
        typed: &str,
        now: DateTime<FixedOffset>,
        life: Duration,
    ) -> Result<bool> {
        let hash = token_hash(id);
        let stored: Option<(String, String)> = self.write(|tx, _| {
            Ok(tx
                .prepare_cached(
                    "DELETE FROM portal_captchas WHERE id_hash = ?1 RETURNING answer_hash, created_at",
                )?
                .query_row([&hash], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?)
        })?;
        Ok(stored
            .is_some_and(|(answer, at)| at > before(now, life) && answer == answer_hash(id, typed)))
    }

    /// The events of `kind` from `address` within `window` before `now`.
    pub fn address_window(
        &self,
        kind: AddressKind,
        address: &str,
        now: DateTime<FixedOffset>,
        window: Duration,
    ) -> Result<AddressWindow> {
        let (count, oldest): (i64, Option<String>) = self
            .conn
            .prepare_cached(
                "SELECT count(*), min(at) FROM address_events
                  WHERE kind = ?1 AND address = ?2 AND at > ?3",
            )?
            .query_row(params![kind.code(), address, before(now, window)], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        // The oldest leaves the window at its time plus the window.
        let oldest_leaves_in = oldest
            .and_then(|t| crate::time::parse_ts(&t))
            .and_then(|t| {
                let leaves = t + chrono::Duration::from_std(window).ok()?;
                (leaves - now).to_std().ok()
            })
            .unwrap_or(Duration::ZERO);
        Ok(AddressWindow {
            count: count as usize,
            oldest_leaves_in,
        })
    }

    /// Counts one event of `kind` from `address` at `now`; the rows of `kind` older than `window`
    /// go in the same transaction. Answers how many of `kind` from `address` are within the
    /// window now, this one included (one transaction at a time: exactly one caller sees each
    /// number, whichever process it runs in).
    pub fn add_address_event(
        &mut self,
        kind: AddressKind,
        address: &str,
        now: DateTime<FixedOffset>,
        window: Duration,
    ) -> Result<usize> {
        let cutoff = before(now, window);
        self.write(|tx, _| {
            prune_addresses(tx, kind, &cutoff)?;
            tx.prepare_cached("INSERT INTO address_events(kind, address, at) VALUES (?1, ?2, ?3)")?
                .execute(params![kind.code(), address, stamp(now)])?;
            let n: i64 = tx
                .prepare_cached(
                    "SELECT count(*) FROM address_events WHERE kind = ?1 AND address = ?2 AND at > ?3",
                )?
                .query_row(params![kind.code(), address, cutoff], |r| r.get(0))?;
            Ok(n as usize)
        })
    }

    /// Claims the job `kind` for the staff session `key`: false when one of that kind runs for
    /// it already (on any process). A row whose process stopped renewing it for `stale` (the
    /// process died) is taken over.
    pub fn claim_job(
        &mut self,
        key: &str,
        kind: &str,
        now: DateTime<FixedOffset>,
        stale: Duration,
    ) -> Result<bool> {
        self.write(|tx, _| {
            tx.prepare_cached(
                "DELETE FROM server_jobs WHERE session_hash = ?1 AND kind = ?2 AND seen_at <= ?3",
            )?
            .execute(params![key, kind, before(now, stale)])?;
            let added = tx
                .prepare_cached(
                    "INSERT INTO server_jobs(session_hash, kind, started_at, seen_at)
                     VALUES (?1, ?2, ?3, ?3) ON CONFLICT DO NOTHING",
                )?
                .execute(params![key, kind, stamp(now)])?;
            Ok(added == 1)
        })
    }

    /// The job `kind` of the session `key` has ended.
    pub fn release_job(&mut self, key: &str, kind: &str) -> Result<()> {
        self.write(|tx, _| {
            tx.prepare_cached("DELETE FROM server_jobs WHERE session_hash = ?1 AND kind = ?2")?
                .execute(params![key, kind])?;
            Ok(())
        })
    }

    /// Asks the job `kind` of the session `key` to stop, on whichever process runs it; false
    /// when none runs.
    pub fn request_job_cancel(&mut self, key: &str, kind: &str) -> Result<bool> {
        self.write(|tx, _| {
            Ok(tx
                .prepare_cached(
                    "UPDATE server_jobs SET cancel_requested = 1
                      WHERE session_hash = ?1 AND kind = ?2",
                )?
                .execute(params![key, kind])?
                == 1)
        })
    }

    /// Whether someone asked the job `kind` of the session `key` to stop (a read: the process
    /// running the job asks as it reports progress, maybe inside its own transaction).
    pub fn job_cancel_requested(&self, key: &str, kind: &str) -> Result<bool> {
        let flag: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT cancel_requested FROM server_jobs WHERE session_hash = ?1 AND kind = ?2",
            )?
            .query_row(params![key, kind], |r| r.get(0))
            .optional()?;
        Ok(flag == Some(1))
    }

    /// Renews the rows of the jobs (session key, kind) this process runs.
    pub fn renew_jobs(
        &mut self,
        jobs: &[(String, String)],
        now: DateTime<FixedOffset>,
    ) -> Result<()> {
        if jobs.is_empty() {
            return Ok(());
        }
        self.write(|tx, _| {
            let mut stmt = tx.prepare_cached(
                "UPDATE server_jobs SET seen_at = ?3 WHERE session_hash = ?1 AND kind = ?2",
            )?;
            for (key, kind) in jobs {
                stmt.execute(params![key, kind, stamp(now)])?;
            }
            Ok(())
        })
    }

    /// The server's sweep: deletes idle sessions (answering the staff sessions' hashes, whose
    /// folders the server removes), expired captchas and address events older than their window.
    pub fn prune_server_state(
        &mut self,
        now: DateTime<FixedOffset>,
        w: &Windows,
    ) -> Result<Vec<String>> {
        self.write(|tx, _| {
            let gone = prune_sessions(tx, Sessions::Staff, &before(now, w.staff_idle))?;
            prune_sessions(tx, Sessions::Citizen, &before(now, w.citizen_idle))?;
            prune_captchas(tx, &before(now, w.captcha_life))?;
            for (kind, window) in [
                (AddressKind::StaffFailure, w.staff_failures),
                (AddressKind::PortalSubmission, w.portal_submissions),
                (AddressKind::PortalFailure, w.portal_failures),
            ] {
                prune_addresses(tx, kind, &before(now, window))?;
            }
            Ok(gone)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{portal, users};

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    const T0: &str = "2026-12-06T09:00:00+08:00";

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    fn later(n: i64) -> DateTime<FixedOffset> {
        at(T0) + chrono::Duration::seconds(n)
    }

    /// A store with one user and one citizen: their ids.
    fn store(dir: &std::path::Path) -> (Store, i64, i64) {
        let mut s = Store::open(&dir.join("m.db")).unwrap();
        let (user, citizen) = s
            .write(|tx, _| {
                let dept = users::insert_department(tx, "办公室")?;
                let user = users::insert(
                    tx,
                    &users::NewUserRow {
                        username: "clerk",
                        display_name: "王办事",
                        department_id: dept,
                        roles: &[],
                        password_hash: "x",
                        agreement_signed_on: None,
                        can_sign_in: true,
                        created_at: T0,
                    },
                )?;
                let citizen = portal::insert_citizen(tx, "13812345678", "x", T0)?;
                Ok((user, citizen))
            })
            .unwrap();
        (s, user, citizen)
    }

    fn count(s: &Store, table: &str) -> i64 {
        s.conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_staff_session_lives_until_idle_or_ended_and_is_touched_once_a_minute() {
        let dir = tempfile::tempdir().unwrap();
        let (mut s, user, _) = store(dir.path());
        let idle = secs(1800);
        s.begin_staff_session("tok-1", user, later(0), idle)
            .unwrap();
        let key = token_hash("tok-1");
        let live = SessionState::Live {
            user_id: user,
            key: key.clone(),
        };
        assert_eq!(s.staff_session("tok-1", later(10), idle).unwrap(), live);
        assert_eq!(
            s.staff_session("other", later(10), idle).unwrap(),
            SessionState::Unknown
        );
        let seen = |s: &Store| -> String {
            s.conn
                .query_row(
                    "SELECT last_seen FROM server_sessions WHERE token_hash = ?1",
                    [&key],
                    |r| r.get(0),
                )
                .unwrap()
        };
        assert_eq!(
            seen(&s),
            "2026-12-06T09:00:00.000+08:00",
            "not touched within the minute"
        );
        assert_eq!(s.staff_session("tok-1", later(61), idle).unwrap(), live);
        assert_eq!(
            seen(&s),
            "2026-12-06T09:01:01.000+08:00",
            "touched after it"
        );
        // Idle from the last touch: 09:01:01 + 30 min.
        assert_eq!(
            s.staff_session("tok-1", later(61 + 1799), idle).unwrap(),
            live
        );
        assert_eq!(
            s.staff_session("tok-1", later(61 + 1799 + 1801), idle)
                .unwrap(),
            SessionState::Expired
        );
        assert_eq!(
            s.staff_session("tok-1", later(61 + 1799 + 1802), idle)
                .unwrap(),
            SessionState::Unknown,
            "ended by its expiry"
        );
        s.begin_staff_session("tok-2", user, later(0), idle)
            .unwrap();
        s.add_session_files(
            &token_hash("tok-2"),
            &[("f-1".into(), "ab/台账.xlsx".into())],
        )
        .unwrap();
        assert_eq!(
            s.session_file(&token_hash("tok-2"), "f-1")
                .unwrap()
                .as_deref(),
            Some("ab/台账.xlsx")
        );
        assert_eq!(
            s.session_file(&key, "f-1").unwrap(),
            None,
            "another session's file"
        );
        assert!(s.end_staff_session("tok-2").unwrap());
        assert!(!s.end_staff_session("tok-2").unwrap());
        assert_eq!(count(&s, "server_session_files"), 0, "its files go with it");
    }

    #[test]
    fn a_short_idle_time_is_touched_more_often() {
        let dir = tempfile::tempdir().unwrap();
        let (mut s, user, _) = store(dir.path());
        let idle = Duration::from_millis(400);
        let t = |ms: i64| at(T0) + chrono::Duration::milliseconds(ms);
        s.begin_staff_session("tok", user, t(0), idle).unwrap();
        for ms in [150, 300, 450, 600, 750] {
            assert!(
                matches!(
                    s.staff_session("tok", t(ms), idle).unwrap(),
                    SessionState::Live { .. }
                ),
                "in use at {ms} ms"
            );
        }
        assert_eq!(
            s.staff_session("tok", t(1200), idle).unwrap(),
            SessionState::Expired
        );
    }

    #[test]
    fn beginning_and_sweeping_prune_what_is_old() {
        let dir = tempfile::tempdir().unwrap();
        let (mut s, user, citizen) = store(dir.path());
        let idle = secs(600);
        s.begin_staff_session("old", user, later(0), idle).unwrap();
        s.begin_citizen_session("old-c", citizen, later(0), idle)
            .unwrap();
        let gone = s
            .begin_staff_session("new", user, later(601), idle)
            .unwrap();
        assert_eq!(gone, vec![token_hash("old")]);
        s.begin_citizen_session("new-c", citizen, later(601), idle)
            .unwrap();
        assert_eq!(count(&s, "server_sessions"), 1);
        assert_eq!(count(&s, "portal_sessions"), 1);
        assert_eq!(
            s.citizen_session("new-c", later(700), idle).unwrap(),
            Some(citizen)
        );
        assert_eq!(s.citizen_session("old-c", later(700), idle).unwrap(), None);
        s.end_citizen_session("new-c").unwrap();
        assert_eq!(s.citizen_session("new-c", later(700), idle).unwrap(), None);

        let w = Windows {
            staff_idle: idle,
            citizen_idle: idle,
            captcha_life: secs(600),
            staff_failures: secs(900),
            portal_submissions: secs(3600),
            portal_failures: secs(900),
        };
        s.add_captcha("c", "ab12", b"png", later(0), secs(600), 10)
            .unwrap();
        s.add_address_event(
            AddressKind::PortalSubmission,
            "10.0.0.1",
            later(0),
            secs(3600),
        )
        .unwrap();
        s.add_address_event(AddressKind::StaffFailure, "10.0.0.1", later(0), secs(900))
            .unwrap();
        s.begin_citizen_session("c2", citizen, later(0), idle)
            .unwrap();
        let gone = s.prune_server_state(later(1300), &w).unwrap();
        assert_eq!(gone, vec![token_hash("new")]);
        assert_eq!(count(&s, "server_sessions"), 0);
        assert_eq!(count(&s, "portal_sessions"), 0);
        assert_eq!(count(&s, "portal_captchas"), 0);
        assert_eq!(
            count(&s, "address_events"),
            1,
            "the submission's hour is not over"
        );
        s.prune_server_state(later(3601), &w).unwrap();
        assert_eq!(
            count(&s, "address_events"),
            0,
            "no address kept past its window"
        );
    }

    #[test]
    fn addresses_are_counted_within_their_window_and_pruned_as_they_are_added() {
        let dir = tempfile::tempdir().unwrap();
        let (mut s, _, _) = store(dir.path());
        let w = secs(900);
        let kind = AddressKind::StaffFailure;
        let a = "192.168.1.20";
        for (i, t) in [0, 100, 200].into_iter().enumerate() {
            assert_eq!(s.add_address_event(kind, a, later(t), w).unwrap(), i + 1);
        }
        let now = s.address_window(kind, a, later(300), w).unwrap();
        assert_eq!(now.count, 3);
        assert_eq!(now.oldest_leaves_in, secs(600), "the first leaves at 900 s");
        assert_eq!(
            s.address_window(kind, "192.168.1.21", later(300), w)
                .unwrap()
                .count,
            0
        );
        assert_eq!(
            s.address_window(AddressKind::PortalFailure, a, later(300), w)
                .unwrap()
                .count,
            0,
            "kinds apart"
        );
        assert_eq!(s.address_window(kind, a, later(950), w).unwrap().count, 2);
        // Adding at 1,050 s prunes the two older than the window, of every address.
        s.add_address_event(kind, "10.1.1.1", later(1050), w)
            .unwrap();
        assert_eq!(count(&s, "address_events"), 2);
    }

    #[test]
    fn a_captcha_answers_once_within_its_life_and_the_oldest_give_way() {
        let dir = tempfile::tempdir().unwrap();
        let (mut s, _, _) = store(dir.path());
        let life = secs(600);
        let png = b"\x89PNG image bytes, longer than one block of the key stream".to_vec();
        s.add_captcha("id-1", "Ab3d", &png, later(0), life, 10)
            .unwrap();
        assert_eq!(
            s.captcha_image("id-1", later(1), life).unwrap(),
            Some(png.clone())
        );
        assert_eq!(s.captcha_image("id-2", later(1), life).unwrap(), None);
        assert!(!s.solve_captcha("id-1", "wrong", later(2), life).unwrap());
        assert!(
            !s.solve_captcha("id-1", "Ab3d", later(3), life).unwrap(),
            "used up"
        );
        s.add_captcha("id-2", "Ab3d", &png, later(0), life, 10)
            .unwrap();
        assert!(
            s.solve_captcha("id-2", " ab3D ", later(5), life).unwrap(),
            "case aside"
        );
        s.add_captcha("id-3", "Ab3d", &png, later(0), life, 10)
            .unwrap();
        assert_eq!(s.captcha_image("id-3", later(601), life).unwrap(), None);
        assert!(
            !s.solve_captcha("id-3", "Ab3d", later(601), life).unwrap(),
            "expired"
        );
        for i in 0..5 {
            s.add_captcha(&format!("cap-{i}"), "x", &png, later(i), life, 3)
                .unwrap();
        }
        assert_eq!(count(&s, "portal_captchas"), 3);
        assert_eq!(
            s.captcha_image("cap-1", later(10), life).unwrap(),
            None,
            "oldest gone"
        );
        assert!(s.captcha_image("cap-4", later(10), life).unwrap().is_some());
    }

    #[test]
    fn one_job_of_a_kind_per_session_cancelled_from_anywhere_and_taken_over_when_stale() {
        let dir = tempfile::tempdir().unwrap();
        let (mut s, user, _) = store(dir.path());
        let idle = secs(1800);
        let stale = secs(180);
        s.begin_staff_session("tok", user, later(0), idle).unwrap();
        s.begin_staff_session("tok-2", user, later(0), idle)
            .unwrap();
        let (key, other) = (token_hash("tok"), token_hash("tok-2"));
        assert!(s.claim_job(&key, "import", later(0), stale).unwrap());
        assert!(
            !s.claim_job(&key, "import", later(1), stale).unwrap(),
            "one at a time"
        );
        assert!(
            s.claim_job(&key, "export", later(1), stale).unwrap(),
            "kinds apart"
        );
        assert!(
            s.claim_job(&other, "import", later(1), stale).unwrap(),
            "sessions apart"
        );
        assert!(!s.job_cancel_requested(&key, "import").unwrap());
        assert!(s.request_job_cancel(&key, "import").unwrap());
        assert!(s.job_cancel_requested(&key, "import").unwrap());
        assert!(!s.job_cancel_requested(&key, "export").unwrap());
        s.release_job(&key, "import").unwrap();
        assert!(!s.request_job_cancel(&key, "import").unwrap(), "none runs");
        assert!(s.claim_job(&key, "import", later(2), stale).unwrap());
        // Renewed, the row holds; left alone past `stale`, another claim takes it over.
        s.renew_jobs(&[(key.clone(), "import".into())], later(150))
            .unwrap();
        assert!(!s.claim_job(&key, "import", later(300), stale).unwrap());
        assert!(s.claim_job(&key, "import", later(331), stale).unwrap());
        assert!(s.end_staff_session("tok").unwrap());
        assert_eq!(count(&s, "server_jobs"), 1, "its jobs go with the session");
    }

    #[test]
    fn the_file_holds_hashes_only_never_a_token_or_an_answer() {
        let dir = tempfile::tempdir().unwrap();
        let (mut s, user, citizen) = store(dir.path());
        let idle = secs(600);
        let staff = "5f2c7a11d0e94b3a8c6e0f1b2a3d4c5e6f708192a3b4c5d6e7f8091a2b3c4d5e";
        let citizen_token = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";
        let file = "feedfacefeedfacefeedfacefeedface";
        let captcha = "deadbeefdeadbeefdeadbeefdeadbeef";
        let png = b"IMAGE-WITH-ANSWER-QX7Z".repeat(20);
        s.begin_staff_session(staff, user, later(0), idle).unwrap();
        s.add_session_files(&token_hash(staff), &[(file.into(), "x/a.pdf".into())])
            .unwrap();
        s.begin_citizen_session(citizen_token, citizen, later(0), idle)
            .unwrap();
        s.add_captcha(captcha, "QX7Z", &png, later(0), idle, 10)
            .unwrap();
        drop(s);
        let mut bytes = Vec::new();
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            bytes.extend(std::fs::read(entry.unwrap().path()).unwrap());
        }
        let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        assert!(has(token_hash(staff).as_bytes()), "the hash is stored");
        for secret in [staff, citizen_token, file, captcha] {
            assert!(!has(secret.as_bytes()), "a token in clear in the file");
        }
        assert!(!has(b"QX7Z"), "the captcha's answer in clear");
        assert!(!has(b"IMAGE-WITH-ANSWER"), "the captcha's image in clear");
    }
}
