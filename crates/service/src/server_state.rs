//! The office server's own state, kept in the office's database (issue 22): sessions of staff
//! and citizens, a staff session's files, the portal's captchas, and what is counted per client
//! address. The server calls these instead of keeping that state in its memory, so that several
//! server processes on one database serve any request (see `minyi_core::store::server_state` for
//! what is stored and why only hashes).
//!
//! Reads borrow a connection of the office; writes also wait for the writers' turn, like every
//! other write, except the touch of a session's `last_seen` inside a lookup (once a minute per
//! session, best effort), which must not make every request queue behind the writers, and the
//! job rows, which a command writes as it starts and ends (it may hold the turn then).

use crate::host::JobKind;
use crate::office::Office;
use minyi_core::time::now_cst;
use minyi_core::{Result, Store};
use std::time::Duration;

pub use minyi_core::store::server_state::{
    AddressKind, AddressWindow, SessionState, TOUCH_EVERY, Windows, token_hash,
};

/// Begins a staff session of `user_id` under `token`; answers the hashes of the sessions that
/// idled out meanwhile (their folders are to be removed).
pub fn begin_staff_session(
    office: &Office,
    token: &str,
    user_id: i64,
    idle: Duration,
) -> Result<Vec<String>> {
    let _turn = office.write_turn();
    office
        .store()?
        .begin_staff_session(token, user_id, now_cst(), idle)
}

/// What `token` opens now (see [`SessionState`]).
pub fn staff_session(office: &Office, token: &str, idle: Duration) -> Result<SessionState> {
    office.store()?.staff_session(token, now_cst(), idle)
}

/// Ends the staff session of `token`; false when there was none.
pub fn end_staff_session(office: &Office, token: &str) -> Result<bool> {
    let _turn = office.write_turn();
    office.store()?.end_staff_session(token)
}

/// The hashes of every staff session.
pub fn staff_session_keys(office: &Office) -> Result<Vec<String>> {
    office.store()?.staff_session_keys()
}

/// Records files (token, path relative to the session's folder) of the session `key`.
pub fn add_session_files(office: &Office, key: &str, files: &[(String, String)]) -> Result<()> {
    if files.is_empty() {
        return Ok(());
    }
    let _turn = office.write_turn();
    office.store()?.add_session_files(key, files)
}

/// The path (relative to its folder) of the file `token` of the session `key`.
pub fn session_file(office: &Office, key: &str, token: &str) -> Result<Option<String>> {
    office.store()?.session_file(key, token)
}

/// Begins a portal session of `citizen` under `token`.
pub fn begin_citizen_session(
    office: &Office,
    token: &str,
    citizen: i64,
    idle: Duration,
) -> Result<()> {
    let _turn = office.write_turn();
    office
        .store()?
        .begin_citizen_session(token, citizen, now_cst(), idle)
}

/// The citizen of the portal session `token`, if live.
pub fn citizen_session(office: &Office, token: &str, idle: Duration) -> Result<Option<i64>> {
    office.store()?.citizen_session(token, now_cst(), idle)
}

/// Ends the portal session `token`.
pub fn end_citizen_session(office: &Office, token: &str) -> Result<()> {
    let _turn = office.write_turn();
    office.store()?.end_citizen_session(token)
}

/// Keeps a new captcha for `life` (at most `cap` waiting).
pub fn add_captcha(
    office: &Office,
    id: &str,
    answer: &str,
    png: &[u8],
    life: Duration,
    cap: usize,
) -> Result<()> {
    let _turn = office.write_turn();
    office
        .store()?
        .add_captcha(id, answer, png, now_cst(), life, cap)
}

/// The image of captcha `id` while it waits for its answer.
pub fn captcha_image(office: &Office, id: &str, life: Duration) -> Result<Option<Vec<u8>>> {
    office.store()?.captcha_image(id, now_cst(), life)
}

/// Whether `typed` answers captcha `id`; used up either way.
pub fn solve_captcha(office: &Office, id: &str, typed: &str, life: Duration) -> Result<bool> {
    let _turn = office.write_turn();
    office.store()?.solve_captcha(id, typed, now_cst(), life)
}

/// The events of `kind` from `address` within `window`.
pub fn address_window(
    office: &Office,
    kind: AddressKind,
    address: &str,
    window: Duration,
) -> Result<AddressWindow> {
    office
        .store()?
        .address_window(kind, address, now_cst(), window)
}

/// Counts an event of `kind` from `address`; answers how many are within `window` now.
pub fn add_address_event(
    office: &Office,
    kind: AddressKind,
    address: &str,
    window: Duration,
) -> Result<usize> {
    let _turn = office.write_turn();
    office
        .store()?
        .add_address_event(kind, address, now_cst(), window)
}

/// The sweep: deletes what is past its window; answers the hashes of the staff sessions ended.
pub fn prune(office: &Office, windows: &Windows) -> Result<Vec<String>> {
    let _turn = office.write_turn();
    office.store()?.prune_server_state(now_cst(), windows)
}

/// How long a job's row may go unrenewed before its process is taken for dead (the running
/// process renews it every minute).
pub const JOB_STALE: Duration = Duration::from_secs(180);

/// Claims the job `kind` for the session `key`; false when one runs (on any process).
pub fn claim_job(office: &Office, key: &str, kind: JobKind) -> Result<bool> {
    office
        .store()?
        .claim_job(key, kind.code(), now_cst(), JOB_STALE)
}

/// The job `kind` of the session `key` has ended.
pub fn release_job(office: &Office, key: &str, kind: JobKind) -> Result<()> {
    office.store()?.release_job(key, kind.code())
}

/// Asks the job `kind` of the session `key` to stop, wherever it runs.
pub fn request_job_cancel(office: &Office, key: &str, kind: JobKind) -> Result<bool> {
    office.store()?.request_job_cancel(key, kind.code())
}

/// Whether the job `kind` of the session `key` was asked to stop, read through `store` (a
/// connection of the job's own: the job may hold one of the office's while it reports progress).
pub fn job_cancel_requested(store: &Store, key: &str, kind: JobKind) -> Result<bool> {
    store.job_cancel_requested(key, kind.code())
}

/// Renews the rows of the jobs this process runs (session key, kind).
pub fn renew_jobs(office: &Office, jobs: &[(String, JobKind)]) -> Result<()> {
    let rows: Vec<(String, String)> = jobs
        .iter()
        .map(|(k, kind)| (k.clone(), kind.code().to_string()))
        .collect();
    office.store()?.renew_jobs(&rows, now_cst())
}
