//! What keeps the portal usable by the public and useless to a script: per-address counts of
//! submissions (a captcha after a few within the hour, a refusal after the hourly limit) and of
//! failed sign-ins and lookups (a pause), the captchas themselves, and the citizens' sessions.
//! All in memory: one process serves the office, and a restart forgets nothing that matters
//! (at worst someone signs in again or is asked for one more captcha).

use rand::Rng;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const HOUR: Duration = Duration::from_secs(3600);
/// A captcha is good for this long, and once.
const CAPTCHA_LIFE: Duration = Duration::from_secs(10 * 60);
/// At most this many captchas wait for an answer (beyond, the oldest are dropped).
const CAPTCHA_CAP: usize = 10_000;

/// Times of recent events per address.
#[derive(Default)]
struct Window(Mutex<HashMap<IpAddr, Vec<Instant>>>);

impl Window {
    fn count(&self, addr: IpAddr, within: Duration) -> usize {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let Some(times) = map.get_mut(&addr) else {
            return 0;
        };
        times.retain(|t| now.duration_since(*t) < within);
        let n = times.len();
        if n == 0 {
            map.remove(&addr);
        }
        n
    }

    fn add(&self, addr: IpAddr) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(addr).or_default().push(Instant::now());
    }

    /// Forgets addresses with nothing recent (called now and then).
    fn sweep(&self, within: Duration) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        map.retain(|_, times| {
            times.retain(|t| now.duration_since(*t) < within);
            !times.is_empty()
        });
    }
}

/// A captcha waiting for its answer: the answer, its PNG, when it was drawn.
type Drawn = (String, Vec<u8>, Instant);

/// A signed-in citizen.
#[derive(Debug, Clone, Copy)]
struct CitizenSession {
    citizen: i64,
    seen: Instant,
}

#[derive(Default)]
pub struct Guard {
    submissions: Window,
    failures: Window,
    /// id → (answer, its PNG, when drawn).
    captchas: Mutex<HashMap<String, Drawn>>,
    sessions: Mutex<HashMap<String, CitizenSession>>,
}

/// A random token (hex of 32 bytes) for a session or a captcha.
pub fn token() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Guard {
    /// Submissions from `addr` within the hour.
    pub fn submissions(&self, addr: IpAddr) -> usize {
        self.submissions.count(addr, HOUR)
    }

    pub fn submitted(&self, addr: IpAddr) {
        self.submissions.add(addr);
    }

    /// Whether `addr` failed (wrong password, wrong query code) `limit` times within `window`.
    pub fn paused(&self, addr: IpAddr, limit: usize, window: Duration) -> bool {
        self.failures.count(addr, window) >= limit
    }

    pub fn failed(&self, addr: IpAddr) {
        self.failures.add(addr);
    }

    /// A new captcha: its id and PNG image.
    pub fn new_captcha(&self) -> Option<(String, Vec<u8>)> {
        let (answer, png) = captcha::Captcha::new()
            .add_chars(4)
            .apply_filter(captcha::filters::Noise::new(0.1))
            .view(200, 70)
            .as_tuple()?;
        let id = token();
        let mut map = self.captchas.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        map.retain(|_, (_, _, at)| now.duration_since(*at) < CAPTCHA_LIFE);
        if map.len() >= CAPTCHA_CAP
            && let Some(oldest) = map
                .iter()
                .min_by_key(|(_, (_, _, at))| *at)
                .map(|(k, _)| k.clone())
        {
            map.remove(&oldest);
        }
        map.insert(id.clone(), (answer, png.clone(), now));
        Some((id, png))
    }

    /// Whether `typed` answers captcha `id`; the captcha is used up either way.
    pub fn solve(&self, id: &str, typed: &str) -> bool {
        let mut map = self.captchas.lock().unwrap_or_else(|e| e.into_inner());
        match map.remove(id) {
            Some((answer, _, at)) => {
                at.elapsed() < CAPTCHA_LIFE && answer.eq_ignore_ascii_case(typed.trim())
            }
            None => false,
        }
    }

    /// The answer of captcha `id` (tests read the image's text this way, never the portal).
    #[cfg(test)]
    pub fn answer(&self, id: &str) -> Option<String> {
        let map = self.captchas.lock().unwrap_or_else(|e| e.into_inner());
        map.get(id).map(|(a, _, _)| a.clone())
    }

    /// The image of captcha `id`, while it waits for its answer.
    pub fn image(&self, id: &str) -> Option<Vec<u8>> {
        let map = self.captchas.lock().unwrap_or_else(|e| e.into_inner());
        map.get(id)
            .filter(|(_, _, at)| at.elapsed() < CAPTCHA_LIFE)
            .map(|(_, png, _)| png.clone())
    }

    pub fn begin(&self, citizen: i64) -> String {
        let t = token();
        let mut map = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        map.insert(
            t.clone(),
            CitizenSession {
                citizen,
                seen: Instant::now(),
            },
        );
        t
    }

    /// The citizen of session `token`, if it is live (and marks it used).
    pub fn citizen(&self, token: &str, idle: Duration) -> Option<i64> {
        let mut map = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        let s = map.get_mut(token)?;
        if s.seen.elapsed() > idle {
            map.remove(token);
            return None;
        }
        s.seen = Instant::now();
        Some(s.citizen)
    }

    pub fn end(&self, token: &str) {
        let mut map = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(token);
    }

    /// Forgets what is old (called every minute).
    pub fn sweep(&self, idle: Duration, failure_window: Duration) {
        self.submissions.sweep(HOUR);
        self.failures.sweep(failure_window);
        let mut map = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        map.retain(|_, s| s.seen.elapsed() <= idle);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_captcha_answers_once() {
        let g = Guard::default();
        let (id, png) = g.new_captcha().unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        let answer = g.answer(&id).unwrap();
        assert!(!g.solve(&id, "wrong"));
        assert!(!g.solve(&id, &answer), "used up by the wrong answer");
        let (id, _) = g.new_captcha().unwrap();
        let answer = g.answer(&id).unwrap().to_ascii_lowercase();
        assert!(g.solve(&id, &answer));
        assert!(!g.solve(&id, &answer));
    }

    #[test]
    fn addresses_are_counted_apart() {
        let g = Guard::default();
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        g.submitted(a);
        g.submitted(a);
        assert_eq!(g.submissions(a), 2);
        assert_eq!(g.submissions(b), 0);
        for _ in 0..3 {
            g.failed(b);
        }
        assert!(g.paused(b, 3, HOUR));
        assert!(!g.paused(a, 3, HOUR));
    }
}
