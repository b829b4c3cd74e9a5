//! The split of roles decision 0014 §2.3 recommends for a centre: the owner migrates the database,
//! the servers connect as an application role that owns nothing and holds only SELECT and INSERT
//! on the three chained logs. The office works under that role — it opens, registers, lists and
//! passes `check` — and the role can neither edit nor delete a chained row nor switch a guard off.
//! PostgreSQL only (`MINYI_TEST_PG`).

use chrono::{DateTime, FixedOffset};
use minyi_core::Store;
use minyi_core::model::{Appellant, Ctx};
use minyi_core::testing::pg::{TestDatabase, cluster_or_skip, connect};
use minyi_core::usecases::register::{RegisterInput, register};

const CHAINED: [&str; 3] = ["events", "security_log", "access_log"];

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// `url` with `user:password` in place of its credentials.
fn as_user(url: &str, user: &str, password: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (_, host) = rest.split_once('@').unwrap();
    format!("{scheme}://{user}:{password}@{host}")
}

/// The application role of one test database (roles are the cluster's: named after the database,
/// dropped when this is).
struct AppRole {
    name: String,
    url: String,
    owner_url: String,
}

impl AppRole {
    fn create(db: &TestDatabase) -> Self {
        let name = format!("{}_app", db.name());
        let database = db.name();
        let mut owner = db.connect();
        let mut grants = format!(
            "CREATE ROLE {name} LOGIN PASSWORD 'app-pw';
             GRANT CONNECT ON DATABASE {database} TO {name};
             GRANT USAGE ON SCHEMA public TO {name};
             GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name};"
        );
        for log in CHAINED {
            grants.push_str(&format!("REVOKE UPDATE, DELETE ON {log} FROM {name};"));
        }
        owner.batch_execute(&grants).unwrap();
        Self {
            url: as_user(db.url(), &name, "app-pw"),
            owner_url: db.url().to_string(),
            name,
        }
    }
}

impl Drop for AppRole {
    fn drop(&mut self) {
        let mut owner = connect(&self.owner_url);
        let _ = owner.batch_execute(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{0}';
             DROP OWNED BY {0}; DROP ROLE {0};",
            self.name
        ));
    }
}

#[test]
fn an_application_role_with_insert_only_on_the_logs_runs_the_office() {
    let Some(cluster) = cluster_or_skip("an_application_role_with_insert_only_on_the_logs") else {
        return;
    };
    let db = TestDatabase::migrated(&cluster);
    let role = AppRole::create(&db);
    let dir = tempfile::tempdir().unwrap();

    // The office under the application role: seeded, an appeal registered and found, checked.
    let mut store = Store::open_url(&role.url, dir.path()).unwrap();
    let office = minyi_demo::seed_office(&mut store, at("2026-12-01T08:00:00+08:00")).unwrap();
    let input = RegisterInput {
        appellant: Appellant {
            name: "李四".into(),
            phone: Some("13912345678".into()),
            ..Default::default()
        },
        channel: "walk_in".into(),
        category: "complaint".into(),
        subject: "路灯损坏无人修理".into(),
        content: "小区门口的路灯坏了两个星期，夜里出行很不安全。".into(),
        received_at: "2026-12-01T09:30:00+08:00".into(),
        ..Default::default()
    };
    let ctx = Ctx::new(&office.clerk, at("2026-12-01T10:00:00+08:00"));
    let done = register(&mut store, &ctx, &input).unwrap();
    assert!(done.appeal_id > 0);
    let report = minyi_core::check::check(&store).unwrap();
    assert!(report.ok(), "{:?}", report.problems);

    // What the role cannot do to the chained logs: the privileges refuse it, not only the guards.
    let mut app = connect(&role.url);
    for log in CHAINED {
        for sql in [
            format!("UPDATE {log} SET hash = hash"),
            format!("DELETE FROM {log}"),
            format!("ALTER TABLE {log} DISABLE TRIGGER ALL"),
        ] {
            let e = app.batch_execute(&sql).expect_err(&sql);
            let state = e.code().map(|c| c.code().to_string());
            assert_eq!(state.as_deref(), Some("42501"), "{sql}: {e}");
        }
    }
    drop(store);
}
