//! Server-side sessions: a random token per sign-in, ended by signing out or by an idle time (the
//! setting `session.idle_minutes`), each with its own long jobs, uploads and downloads; and the
//! lockout of a client address after repeated failed sign-ins (accounts lock in the core).
//!
//! Why in memory: one server process serves the office, and a restart asks everyone to sign in
//! again, which is what a restart of the office's server should mean. Tokens are kept as their
//! SHA-256 hash, so a memory dump holds nothing to sign in with. Each session's files (uploads and
//! what its commands made) live in a folder of its own under `transfers/` of the data folder and
//! are deleted with the session.

use crate::events::Events;
use minyi_service::Jobs;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// One signed-in client.
pub struct Session {
    pub user_id: i64,
    /// Short, non-secret name for logs (never the token).
    pub label: String,
    last_seen: Mutex<Instant>,
    pub jobs: Jobs,
    /// This session's folder for uploads and downloads.
    pub folder: PathBuf,
    /// Files by token: uploads (to read) and what commands made (to download).
    files: Mutex<HashMap<String, PathBuf>>,
    pub events: Events,
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

fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Session {
    /// A new folder of this session for one file: the file keeps its own name (the download
    /// offers it), apart from another file of the same name.
    pub fn new_file_folder(&self) -> PathBuf {
        self.folder.join(&random_token()[..16])
    }

    /// Remembers a file of this session under a new token.
    pub fn add_file(&self, path: PathBuf) -> String {
        let token = random_token();
        lock(&self.files).insert(token.clone(), path);
        token
    }

    /// The file of this session with this token.
    pub fn file(&self, token: &str) -> Option<PathBuf> {
        lock(&self.files).get(token).cloned()
    }

    fn touch(&self) {
        *lock(&self.last_seen) = Instant::now();
    }

    fn idle_for(&self) -> Duration {
        lock(&self.last_seen).elapsed()
    }
}

/// Every session of the server.
pub struct Sessions {
    by_hash: Mutex<HashMap<String, Arc<Session>>>,
    failures: Mutex<HashMap<IpAddr, Vec<Instant>>>,
    transfers: PathBuf,
}

/// Why a token does not open a session.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    Unknown,
    Expired,
}

impl Sessions {
    /// Sessions whose files live under `transfers` (emptied now: files of an earlier run belong
    /// to sessions that ended with it).
    pub fn new(transfers: &Path) -> Self {
        let _ = std::fs::remove_dir_all(transfers);
        Self {
            by_hash: Mutex::new(HashMap::new()),
            failures: Mutex::new(HashMap::new()),
            transfers: transfers.to_path_buf(),
        }
    }

    /// Begins a session for `user_id`; answers its token.
    pub fn begin(&self, user_id: i64) -> (String, Arc<Session>) {
        let token = random_token();
        let h = hash(&token);
        let session = Arc::new(Session {
            user_id,
            label: h[..8].to_string(),
            last_seen: Mutex::new(Instant::now()),
            jobs: Jobs::default(),
            folder: self.transfers.join(&h[..16]),
            files: Mutex::new(HashMap::new()),
            events: Events::default(),
        });
        lock(&self.by_hash).insert(h, session.clone());
        (token, session)
    }

    /// The live session of `token`, touched; an idle one ends here.
    pub fn find(&self, token: &str, idle: Duration) -> Result<Arc<Session>, Refused> {
        let h = hash(token);
        let mut all = lock(&self.by_hash);
        let Some(s) = all.get(&h).cloned() else {
            return Err(Refused::Unknown);
        };
        if s.idle_for() > idle {
            all.remove(&h);
            drop(all);
            remove_folder(&s);
            return Err(Refused::Expired);
        }
        s.touch();
        Ok(s)
    }

    /// Ends the session of `token` (signing out); false when there was none.
    pub fn end(&self, token: &str) -> bool {
        let removed = lock(&self.by_hash).remove(&hash(token));
        match removed {
            Some(s) => {
                remove_folder(&s);
                true
            }
            None => false,
        }
    }

    /// Ends every session idle longer than `idle` (run now and then, so files do not linger).
    pub fn sweep(&self, idle: Duration) {
        let gone: Vec<Arc<Session>> = {
            let mut all = lock(&self.by_hash);
            let old: Vec<String> = all
                .iter()
                .filter(|(_, s)| s.idle_for() > idle)
                .map(|(h, _)| h.clone())
                .collect();
            old.iter().filter_map(|h| all.remove(h)).collect()
        };
        for s in gone {
            remove_folder(&s);
        }
    }

    /// How many sessions are open.
    pub fn count(&self) -> usize {
        lock(&self.by_hash).len()
    }

    /// Whether `addr` may try to sign in now; when not, until when (seconds from now).
    pub fn address_locked(&self, addr: IpAddr, limit: usize, window: Duration) -> Option<u64> {
        let mut f = lock(&self.failures);
        let list = f.entry(addr).or_default();
        list.retain(|t| t.elapsed() < window);
        if list.len() >= limit.max(1) {
            let oldest = list.iter().min().copied()?;
            Some(window.saturating_sub(oldest.elapsed()).as_secs().max(1))
        } else {
            None
        }
    }

    /// Counts a failed sign-in from `addr`; answers whether this failure paused the address
    /// (the `limit`-th within `window`), which the security log records once.
    pub fn failed_from(&self, addr: IpAddr, limit: usize, window: Duration) -> bool {
        let mut f = lock(&self.failures);
        let list = f.entry(addr).or_default();
        list.retain(|t| t.elapsed() < window);
        list.push(Instant::now());
        list.len() == limit.max(1)
    }
}

fn remove_folder(s: &Session) {
    let _ = std::fs::remove_dir_all(&s.folder);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_found_by_its_token_until_idle_or_ended() {
        let dir = tempfile::tempdir().unwrap();
        let s = Sessions::new(&dir.path().join("transfers"));
        let (token, session) = s.begin(7);
        assert_eq!(session.user_id, 7);
        assert_eq!(s.find(&token, Duration::from_secs(60)).unwrap().user_id, 7);
        assert_eq!(
            s.find("not-a-token", Duration::from_secs(60)).err(),
            Some(Refused::Unknown)
        );
        std::thread::sleep(Duration::from_millis(20));
        assert_eq!(
            s.find(&token, Duration::from_millis(5)).err(),
            Some(Refused::Expired)
        );
        assert_eq!(
            s.find(&token, Duration::from_secs(60)).err(),
            Some(Refused::Unknown)
        );
        let (token, session) = s.begin(8);
        std::fs::create_dir_all(&session.folder).unwrap();
        let f = session.add_file(session.folder.join("a.pdf"));
        assert!(session.file(&f).is_some());
        assert!(session.file("other").is_none());
        assert!(s.end(&token));
        assert!(!session.folder.exists(), "its files go with it");
        assert!(!s.end(&token));
    }

    #[test]
    fn an_address_is_locked_after_the_limit_within_the_window() {
        let dir = tempfile::tempdir().unwrap();
        let s = Sessions::new(dir.path());
        let a: IpAddr = "192.168.1.20".parse().unwrap();
        let b: IpAddr = "192.168.1.21".parse().unwrap();
        let w = Duration::from_secs(600);
        for i in 0..3 {
            assert!(s.address_locked(a, 3, w).is_none());
            let paused = s.failed_from(a, 3, w);
            assert_eq!(paused, i == 2, "the third failure pauses the address");
        }
        assert!(s.address_locked(a, 3, w).unwrap() > 500);
        assert!(
            s.address_locked(b, 3, w).is_none(),
            "another desk is not locked"
        );
        assert!(
            s.address_locked(a, 3, Duration::ZERO).is_none(),
            "failures older than the window are forgotten"
        );
    }
}
