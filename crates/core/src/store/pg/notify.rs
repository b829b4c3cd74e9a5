//! LISTEN/NOTIFY on an office's PostgreSQL database: how several server processes tell each other
//! what to push to their clients (a change anyone made, a job's progress for a session whose
//! event stream another process holds). Issue 22 asks for push through the database, so that any
//! process serves any request behind a load balancer.
//!
//! Each process keeps two connections of its own for this, apart from its pool: one that listens
//! ([`Notifications`]) and one that sends ([`Notifier`]). A notification is delivered to every
//! listening process, the sender's own included, once the sending statement commits (each
//! `pg_notify` here is its own); its payload is text of at most 7,999 bytes. What the payload
//! says is the server's business; it must hold no personal data (every process and the
//! database's log may see it).

use super::connect;
use crate::error::{CoreError, Result};
use fallible_iterator::FallibleIterator;
use postgres::Client;
use std::time::Duration;

/// The largest payload PostgreSQL accepts (8,000 bytes less its terminator).
pub const MAX_PAYLOAD: usize = 7_999;

/// A connection that listens on one channel.
pub struct Notifications {
    client: Client,
}

/// Connects to the database at `url` and listens on `channel` (lower-case letters, digits, `_`).
pub fn listen(url: &str, channel: &str) -> Result<Notifications> {
    check_channel(channel)?;
    let mut client = connect(url)?;
    client
        .batch_execute(&format!("LISTEN {channel}"))
        .map_err(lost)?;
    Ok(Notifications { client })
}

impl Notifications {
    /// The payloads that arrive within `timeout` (none: an empty list), oldest first. An error
    /// means the connection is gone: listen again (what was sent meanwhile is lost).
    pub fn wait(&mut self, timeout: Duration) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let mut notifications = self.client.notifications();
        let first = notifications.timeout_iter(timeout).next().map_err(lost)?;
        if let Some(first) = first {
            out.push(first.payload().to_string());
            // Whatever else has already arrived, without waiting again.
            let mut rest = notifications.iter();
            while let Some(n) = rest.next().map_err(lost)? {
                out.push(n.payload().to_string());
            }
        }
        Ok(out)
    }
}

/// A connection that sends notifications.
pub struct Notifier {
    client: Client,
}

/// Connects to the database at `url` for sending.
pub fn notifier(url: &str) -> Result<Notifier> {
    Ok(Notifier {
        client: connect(url)?,
    })
}

impl Notifier {
    /// Sends `payload` on `channel` to every process listening there.
    pub fn notify(&mut self, channel: &str, payload: &str) -> Result<()> {
        check_channel(channel)?;
        if payload.len() > MAX_PAYLOAD {
            return Err(CoreError::storage("通知内容过长，未能发送。"));
        }
        self.client
            .execute("SELECT pg_notify($1, $2)", &[&channel, &payload])
            .map_err(lost)?;
        Ok(())
    }
}

fn check_channel(channel: &str) -> Result<()> {
    let plain = !channel.is_empty()
        && channel
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        Ok(())
    } else {
        Err(CoreError::storage("通知频道的名称不正确。"))
    }
}

fn lost(_: postgres::Error) -> CoreError {
    CoreError::storage("数据库连接中断，请稍后重试。")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notification_reaches_every_listener_and_nothing_arrives_unsent() {
        let Some(db) = crate::testing::pg::fresh() else {
            return;
        };
        let mut a = listen(db.url(), "minyi_test").unwrap();
        let mut b = listen(db.url(), "minyi_test").unwrap();
        assert!(a.wait(Duration::from_millis(50)).unwrap().is_empty());
        let mut n = notifier(db.url()).unwrap();
        n.notify("minyi_test", "one").unwrap();
        n.notify("minyi_test", "two").unwrap();
        let mut got = Vec::new();
        while got.len() < 2 {
            let more = a.wait(Duration::from_secs(10)).unwrap();
            assert!(!more.is_empty(), "nothing arrived");
            got.extend(more);
        }
        assert_eq!(got, ["one", "two"]);
        assert_eq!(b.wait(Duration::from_secs(10)).unwrap()[0], "one");
        assert!(
            n.notify("minyi_test", &"x".repeat(MAX_PAYLOAD + 1))
                .is_err()
        );
        assert!(n.notify("bad; DROP", "x").is_err());
    }
}
