//! A PostgreSQL office outlives its connections (decision 0015: a failover or a restart of the
//! database breaks every open connection): the call that meets a broken connection is refused in
//! Chinese, the broken connection is not lent again, and the next call works on a new one.
//!
//! Runs when `MINYI_TEST_PG` names a cluster (`make test-rust-pg`).

mod common;

use common::Desk;
use minyi_core::testing::pg;
use minyi_service::commands::admin::GetDepartments;

#[test]
fn a_broken_connection_is_replaced_and_the_next_call_works() {
    let desk = Desk::new(true);
    let Some(db) = &desk.pg else {
        eprintln!("MINYI_TEST_PG is not set: reconnecting to PostgreSQL not tested");
        return;
    };
    assert!(desk.run(GetDepartments {}).is_ok());
    // The database ends every connection of the office (as a failover would).
    let cluster = pg::cluster_url().unwrap();
    let mut admin = pg::connect(&cluster);
    let ended = admin
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = $1 AND pid <> pg_backend_pid()",
            &[&db.name()],
        )
        .unwrap();
    assert!(ended >= 1, "the office had a connection open");
    // The call that meets the broken connection is refused in Chinese, or already works.
    if let Err(e) = desk.run(GetDepartments {}) {
        assert!(e.message.contains("数据库"), "{}", e.message);
    }
    // From then on, a new connection.
    assert!(desk.run(GetDepartments {}).is_ok());
    assert!(desk.run(GetDepartments {}).is_ok());
}
