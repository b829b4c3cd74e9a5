//! The search indexes' GIN pending lists, merged in the background (decision 0014 §3.2, "What
//! the indexes cost a registration", and migration 019).
//!
//! With `fastupdate` on, a new row's entries go to the index's pending list: a few sequential
//! page writes instead of one posting-tree insert per trigram and pair (several hundred random
//! page writes per appeal, 10 ms of a registration's time at a million appeals with `fastupdate`
//! off). The list must be merged into the index before it grows: the insert that finds it over
//! `gin_pending_list_limit` merges all of it inside the user's transaction (0.25–2.5 s stalls at a
//! million appeals). So every process holding a PostgreSQL store merges the lists every second on a
//! connection of its own: at an office's pace a merge holds a few appeals' entries and takes
//! milliseconds, and no registration ever finds the list full.
//!
//! Why a thread per process and not a task of the server: every process that writes through the
//! use cases (each server process, the command line's bulk work) needs it, and then none can
//! forget it. The thread runs while at least one store of the process is open on the database
//! ([`Merging`], held by each `Store`), and ends within a second of the last one closing. Several
//! processes merging at once is harmless: a merge waits for the one in progress and then finds
//! little or nothing (`gin_clean_pending_list` takes the list's lock; an insert that finds a merge
//! in progress does not wait for it). A merge that fails (the database went away, a failover, the
//! role does not own the indexes) is tried again a second later on a new connection; meanwhile
//! PostgreSQL's own merges (autovacuum, a full list) keep the indexes whole, only slower.

use crate::error::Result;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;

/// The search indexes with a pending list (migration 019 sets `fastupdate` on for these).
pub(crate) const SEARCH_INDEXES: [&str; 5] = [
    "appeals_subject_trgm",
    "appeals_content_trgm",
    "appellants_address_trgm",
    "appeal_search_numbers_trgm",
    "appeal_search_grams",
];

/// How often the lists are merged.
const EVERY: Duration = Duration::from_secs(1);

/// Keeps its database's merging thread running while held (see the module docs).
#[derive(Debug)]
pub struct Merging {
    _held: (),
}

/// The merging threads of this process, by database URL.
fn running() -> &'static Mutex<HashMap<String, Weak<Merging>>> {
    static RUNNING: OnceLock<Mutex<HashMap<String, Weak<Merging>>>> = OnceLock::new();
    RUNNING.get_or_init(Default::default)
}

/// A hold on the merging thread of the database at `url`, started if none runs.
pub(crate) fn keep_merging(url: &str) -> Arc<Merging> {
    let mut running = running().lock().unwrap_or_else(|p| p.into_inner());
    if let Some(live) = running.get(url).and_then(Weak::upgrade) {
        return live;
    }
    running.retain(|_, w| w.strong_count() > 0);
    let hold = Arc::new(Merging { _held: () });
    let alive = Arc::downgrade(&hold);
    let thread_url = url.to_owned();
    let started = std::thread::Builder::new()
        .name("minyi-search-merge".into())
        .spawn(move || merge_while(&thread_url, &alive));
    if started.is_ok() {
        running.insert(url.to_owned(), Arc::downgrade(&hold));
    }
    hold
}

/// Merges every [`EVERY`] while the hold is alive.
fn merge_while(url: &str, alive: &Weak<Merging>) {
    let mut client: Option<postgres::Client> = None;
    let mut pause = 0u32;
    loop {
        std::thread::sleep(EVERY);
        if alive.strong_count() == 0 {
            return;
        }
        if pause > 0 {
            pause -= 1;
            continue;
        }
        if client.as_ref().is_none_or(postgres::Client::is_closed) {
            client = super::connect(url).ok();
        }
        let Some(c) = client.as_mut() else { continue };
        if merge(c).is_err() {
            if c.is_closed() {
                // The database went away (a restart, a failover): a new connection next second.
                client = None;
            } else {
                // Refused (a role that does not own the indexes, a standby): asked again in a
                // minute rather than filling the server's log every second.
                pause = REFUSED_PAUSE;
            }
        }
    }
}

/// How many ticks the merge waits after the database refused it.
const REFUSED_PAUSE: u32 = 60;

/// Merges the search indexes' pending lists into the indexes (those that exist: a bulk load
/// drops them for a while).
pub(crate) fn merge(client: &mut postgres::Client) -> Result<()> {
    client
        .batch_execute(&format!(
            "SELECT gin_clean_pending_list(i) FROM unnest(ARRAY[{}]) AS i WHERE i IS NOT NULL",
            SEARCH_INDEXES
                .map(|n| format!("to_regclass('{n}')"))
                .join(", ")
        ))
        .map_err(crate::store::bulk::pg::pg_err)
}
