//! The settings every PostgreSQL session of the store carries (`store::pg::SESSION_OPTIONS`):
//! a machine that dies mid-transaction must not hold the office's write lock for hours.

use minyi_core::Store;
use minyi_core::testing::pg;
use std::path::Path;

#[test]
fn every_session_ends_a_dead_peers_transaction_within_minutes() {
    let Some(db) = pg::fresh() else {
        eprintln!("MINYI_TEST_PG is not set: the PostgreSQL session settings are not checked");
        return;
    };
    let store = Store::open_url(db.url(), Path::new(".")).unwrap();
    let show = |name: &str| -> String {
        store
            .sql_layer_for_tests()
            .query_row(&format!("SHOW {name}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(show("idle_in_transaction_session_timeout"), "5min");
    assert_eq!(show("tcp_user_timeout"), "60000");
    // Loopback TCP: the server applies the keepalive settings to the socket and shows them.
    assert_eq!(show("tcp_keepalives_idle"), "30");
    assert_eq!(show("tcp_keepalives_interval"), "10");
    assert_eq!(show("tcp_keepalives_count"), "3");
}
