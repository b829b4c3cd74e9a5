//! What the server pushes: changes anyone made (to every signed-in client) and the progress of a
//! session's own long jobs (to that session), as server-sent events on `GET /api/events`.
//!
//! Why push and not polling: others' changes must reach open lists within two seconds, and fifty
//! desks asking every second would cost more than the work itself. A broadcast channel per
//! audience; a client that falls behind (its channel overflowed) is told that something changed,
//! which makes it reload, so nothing is missed.

use minyi_service::wire::ServerEvent;
use tokio::sync::broadcast;

/// One audience's events.
#[derive(Clone)]
pub struct Events {
    tx: broadcast::Sender<ServerEvent>,
}

impl Default for Events {
    fn default() -> Self {
        Self {
            tx: broadcast::channel(256).0,
        }
    }
}

impl Events {
    /// Sends to whoever listens now (nobody listening is fine).
    pub fn send(&self, event: ServerEvent) {
        let _ = self.tx.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<ServerEvent> {
        self.tx.subscribe()
    }
}
