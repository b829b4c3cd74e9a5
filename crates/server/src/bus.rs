//! The processes of one PostgreSQL office tell each other what to push (issue 22: "push
//! notifications must live in the database … LISTEN/NOTIFY"): every event for an audience — all
//! clients, or one session — is sent as a notification on [`CHANNEL`], and every process, the
//! sender included, hands what arrives to its own listeners of that audience ([`Events`]).
//!
//! Two threads per process, each with a connection of its own (`minyi_core::store::notify`): one
//! sends what the server queues (so that a request never waits on it), one listens. The listener
//! reconnects when its connection breaks, and then tells every client of this process that
//! something changed — what was sent meanwhile is lost, and a reload shows it anyway. A session is
//! named in a notification by a hash of its key, not by its token; payloads hold no personal data.

use crate::events::Events;
use minyi_core::store::notify;
use minyi_service::wire::ServerEvent;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::mpsc;
use std::time::Duration;

/// The notification channel of the office's events.
pub const CHANNEL: &str = "minyi_events";

/// Who an event is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Every signed-in client.
    All,
    /// One session, by [`Audience::session`].
    Session(String),
}

impl Audience {
    /// The audience of the session whose key is `key` (a hash of it: the key names the session's
    /// row and folder, the notification needs only to tell sessions apart).
    pub fn session(key: &str) -> Self {
        let digest = Sha256::digest(format!("minyi-bus:{key}").as_bytes());
        Audience::Session(digest[..12].iter().map(|b| format!("{b:02x}")).collect())
    }
}

#[derive(Serialize, Deserialize)]
struct Envelope {
    to: Audience,
    event: ServerEvent,
}

/// The sending side, cloned into every [`Events`] of the process.
#[derive(Clone)]
pub struct Bus {
    out: mpsc::Sender<String>,
}

impl Bus {
    /// Connects to the database at `url` for sending and listening; what arrives goes to the
    /// listeners `route` finds for its audience (`None`: nobody here listens).
    pub fn start(
        url: &str,
        route: impl Fn(&Audience) -> Option<Events> + Send + 'static,
    ) -> Result<Bus, String> {
        let mut notifier = notify::notifier(url).map_err(|e| e.message)?;
        let mut listening = notify::listen(url, CHANNEL).map_err(|e| e.message)?;
        let (out, queued) = mpsc::channel::<String>();
        let send_url = url.to_string();
        std::thread::Builder::new()
            .name("minyi-bus-send".into())
            .spawn(move || {
                for payload in queued {
                    if notifier.notify(CHANNEL, &payload).is_err() {
                        // Reconnect once per event; an event that cannot go is dropped (its
                        // clients reload at the listener's reconnect or on their next action).
                        match notify::notifier(&send_url) {
                            Ok(again) => {
                                notifier = again;
                                let _ = notifier.notify(CHANNEL, &payload);
                            }
                            Err(_) => tracing::warn!("push: cannot reach the database to send"),
                        }
                    }
                }
            })
            .map_err(|e| e.to_string())?;
        let listen_url = url.to_string();
        std::thread::Builder::new()
            .name("minyi-bus-listen".into())
            .spawn(move || {
                loop {
                    match listening.wait(Duration::from_secs(5)) {
                        Ok(payloads) => {
                            for payload in payloads {
                                deliver(&route, &payload);
                            }
                        }
                        Err(_) => {
                            tracing::warn!("push: the database connection broke; listening again");
                            listening = reconnect(&listen_url);
                            // Missed meanwhile: everyone here reloads.
                            if let Some(all) = route(&Audience::All) {
                                all.deliver(ServerEvent::DataChanged {
                                    command: String::new(),
                                });
                            }
                        }
                    }
                }
            })
            .map_err(|e| e.to_string())?;
        Ok(Bus { out })
    }

    /// Queues `event` for `to` in every process.
    pub fn publish(&self, to: &Audience, event: ServerEvent) {
        let envelope = Envelope {
            to: to.clone(),
            event,
        };
        if let Ok(payload) = serde_json::to_string(&envelope) {
            let _ = self.out.send(payload);
        }
    }
}

fn deliver(route: &impl Fn(&Audience) -> Option<Events>, payload: &str) {
    let Ok(envelope) = serde_json::from_str::<Envelope>(payload) else {
        return;
    };
    if let Some(events) = route(&envelope.to) {
        events.deliver(envelope.event);
    }
}

/// Listens again, retrying every second until the database answers.
fn reconnect(url: &str) -> notify::Notifications {
    loop {
        match notify::listen(url, CHANNEL) {
            Ok(n) => return n,
            Err(_) => std::thread::sleep(Duration::from_secs(1)),
        }
    }
}
