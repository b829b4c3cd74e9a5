//! What the server pushes: changes anyone made (to every signed-in client) and the progress of a
//! session's own long jobs (to that session), as server-sent events on `GET /api/events`.
//!
//! Why push and not polling: others' changes must reach open lists within two seconds, and fifty
//! desks asking every second would cost more than the work itself. A broadcast channel per
//! audience; a client that falls behind (its channel overflowed) is told that something changed,
//! which makes it reload, so nothing is missed.
//!
//! On a PostgreSQL office several server processes may share the database, and a client's event
//! stream may be held by another process than the one that made the change or runs the job: an
//! audience's events then go out through the database ([`crate::bus`], LISTEN/NOTIFY) and come
//! back to every process, which hands them to its own listeners. On SQLite (one process) they go
//! straight to the channel.

use crate::bus::{Audience, Bus};
use minyi_service::wire::ServerEvent;
use tokio::sync::broadcast;

/// One audience's events.
#[derive(Clone)]
pub struct Events {
    tx: broadcast::Sender<ServerEvent>,
    /// Where events go first when processes share the database.
    bus: Option<(Bus, Audience)>,
}

impl Default for Events {
    fn default() -> Self {
        Self {
            tx: broadcast::channel(256).0,
            bus: None,
        }
    }
}

impl Events {
    /// The events of `audience`, sent through `bus` when there is one.
    pub fn new(bus: Option<&Bus>, audience: Audience) -> Self {
        Self {
            bus: bus.map(|b| (b.clone(), audience)),
            ..Self::default()
        }
    }

    /// Sends to whoever listens now, in every process (nobody listening is fine).
    pub fn send(&self, event: ServerEvent) {
        match &self.bus {
            Some((bus, audience)) => bus.publish(audience, event),
            None => self.deliver(event),
        }
    }

    /// Hands an event to this process's listeners.
    pub fn deliver(&self, event: ServerEvent) {
        let _ = self.tx.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<ServerEvent> {
        self.tx.subscribe()
    }
}
