//! What keeps the portal usable by the public and useless to a script: per-address counts of
//! submissions (a captcha after a few within the hour, a refusal after the hourly limit) and of
//! failed sign-ins and lookups (a pause), the captchas themselves, and the citizens' sessions.
//!
//! All of it is in the office's database ([`minyi_service::server_state`]; issue 22 — decision
//! 0012 kept it in memory while one process served the office): several portal processes behind
//! one proxy count an address once, a captcha drawn by one is answered on another, and a restart
//! signs nobody out. Tokens and captcha answers are stored as hashes, a captcha's image
//! enciphered with its id, and an address only while its window needs it. Every call runs on a
//! blocking thread; a failure of the database is the portal's "unavailable" answer.

use super::api::{Answer, run};
use crate::routes::App;
use minyi_service::server_state::{self as state, AddressKind};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

/// Submissions are counted within the hour.
pub const HOUR: Duration = Duration::from_secs(3600);
/// A captcha is good for this long, and once.
pub const CAPTCHA_LIFE: Duration = Duration::from_secs(10 * 60);
/// At most this many captchas wait for an answer (beyond, the oldest are dropped).
const CAPTCHA_CAP: usize = 10_000;

pub struct Guard {
    app: Arc<App>,
}

/// A random token (hex of 32 bytes) for a session or a captcha.
pub fn token() -> String {
    crate::sessions::random_token()
}

/// A new captcha's answer and its PNG image.
fn draw() -> Option<(String, Vec<u8>)> {
    captcha::Captcha::new()
        .add_chars(4)
        .apply_filter(captcha::filters::Noise::new(0.1))
        .view(200, 70)
        .as_tuple()
}

impl Guard {
    pub fn new(app: Arc<App>) -> Self {
        Self { app }
    }

    /// Submissions from `addr` within the hour.
    pub async fn submissions(&self, addr: IpAddr) -> Answer<usize> {
        let app = self.app.clone();
        run(
            move || {
                state::address_window(
                    &app.office,
                    AddressKind::PortalSubmission,
                    &addr.to_string(),
                    HOUR,
                )
                .map(|w| w.count)
            },
            |_| None,
        )
        .await
    }

    pub async fn submitted(&self, addr: IpAddr) -> Answer<()> {
        let app = self.app.clone();
        run(
            move || {
                state::add_address_event(
                    &app.office,
                    AddressKind::PortalSubmission,
                    &addr.to_string(),
                    HOUR,
                )
                .map(|_| ())
            },
            |_| None,
        )
        .await
    }

    /// Whether `addr` failed (wrong password, wrong query code) `limit` times within `window`.
    pub async fn paused(&self, addr: IpAddr, limit: usize, window: Duration) -> Answer<bool> {
        let app = self.app.clone();
        run(
            move || {
                state::address_window(
                    &app.office,
                    AddressKind::PortalFailure,
                    &addr.to_string(),
                    window,
                )
                .map(|w| w.count >= limit)
            },
            |_| None,
        )
        .await
    }

    /// Counts a failure of `addr` (kept for `window`).
    pub async fn failed(&self, addr: IpAddr, window: Duration) -> Answer<()> {
        let app = self.app.clone();
        run(
            move || {
                state::add_address_event(
                    &app.office,
                    AddressKind::PortalFailure,
                    &addr.to_string(),
                    window,
                )
                .map(|_| ())
            },
            |_| None,
        )
        .await
    }

    /// A new captcha: its id (the image is fetched by it). `None` when none could be drawn.
    pub async fn new_captcha(&self) -> Answer<Option<String>> {
        let app = self.app.clone();
        run(
            move || {
                let Some((answer, png)) = draw() else {
                    return Ok(None);
                };
                let id = token();
                state::add_captcha(&app.office, &id, &answer, &png, CAPTCHA_LIFE, CAPTCHA_CAP)?;
                Ok(Some(id))
            },
            |_| None,
        )
        .await
    }

    /// Whether `typed` answers captcha `id`; the captcha is used up either way.
    pub async fn solve(&self, id: &str, typed: &str) -> Answer<bool> {
        let (app, id, typed) = (self.app.clone(), id.to_string(), typed.to_string());
        run(
            move || state::solve_captcha(&app.office, &id, &typed, CAPTCHA_LIFE),
            |_| None,
        )
        .await
    }

    /// The image of captcha `id`, while it waits for its answer.
    pub async fn image(&self, id: &str) -> Answer<Option<Vec<u8>>> {
        let (app, id) = (self.app.clone(), id.to_string());
        run(
            move || state::captcha_image(&app.office, &id, CAPTCHA_LIFE),
            |_| None,
        )
        .await
    }

    /// Begins a session of `citizen`; answers its token (the cookie).
    pub async fn begin(&self, citizen: i64) -> Answer<String> {
        let app = self.app.clone();
        run(
            move || {
                let t = token();
                state::begin_citizen_session(&app.office, &t, citizen, app.idle())?;
                Ok(t)
            },
            |_| None,
        )
        .await
    }

    /// The citizen of session `token`, if it is live (and marks it used now and then).
    pub async fn citizen(&self, token: &str) -> Answer<Option<i64>> {
        let (app, token) = (self.app.clone(), token.to_string());
        run(
            move || state::citizen_session(&app.office, &token, app.idle()),
            |_| None,
        )
        .await
    }

    pub async fn end(&self, token: &str) -> Answer<()> {
        let (app, token) = (self.app.clone(), token.to_string());
        run(
            move || state::end_citizen_session(&app.office, &token),
            |_| None,
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_captcha_is_drawn_as_a_png_with_four_characters() {
        let (answer, png) = draw().unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        assert_eq!(answer.chars().count(), 4);
    }
}
