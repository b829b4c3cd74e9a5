//! Shared test set-up: a fresh database in a temp dir with a seeded office.
#![allow(dead_code)]

use chrono::{DateTime, FixedOffset};
use minyi_core::Store;
use minyi_core::model::{Appellant, Ctx};
use minyi_core::usecases::register::{RegisterInput, register};
use minyi_demo::{Office, seed_office};

pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

pub struct Env {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub office: Office,
    /// Where `store` lives: a file in `dir`, or a PostgreSQL database when the suite runs there
    /// (`MINYI_TEST_PG`); [`Env::reopen`] opens it again.
    pub place: minyi_core::testing::TestPlace,
}

/// A seeded office on a fresh store: SQLite, or PostgreSQL under `make test-rust-pg`.
pub fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, place) = minyi_core::testing::open_test_store(dir.path());
    let office = seed_office(&mut store, at("2026-11-02T08:00:00+08:00")).unwrap();
    Env {
        dir,
        store,
        office,
        place,
    }
}

/// A seeded office on an SQLite file whatever the suite runs on: for the tests of SQLite's own
/// files and internals (backups, statement plans), which have no PostgreSQL counterpart
/// (a PostgreSQL office is backed up with PostgreSQL's tools, decision 0014 §2.4).
pub fn sqlite_env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let place = minyi_core::testing::TestPlace::sqlite(dir.path());
    let mut store = place.open().unwrap();
    let office = seed_office(&mut store, at("2026-11-02T08:00:00+08:00")).unwrap();
    Env {
        dir,
        store,
        office,
        place,
    }
}

impl Env {
    /// Opens the office's store again (as a restarted program or a second desk would).
    pub fn reopen(&self) -> Store {
        self.place.open().unwrap()
    }
}

pub fn input(channel: &str, category: &str, phone: &str, content: &str) -> RegisterInput {
    RegisterInput {
        appellant: Appellant {
            name: "张三丰".into(),
            phone: Some(phone.into()),
            address: Some("云江市西湖区文三街道学院路88号3幢501室".into()),
            ..Default::default()
        },
        channel: channel.into(),
        category: category.into(),
        subject: "翠苑小区夜间施工噪音扰民".into(),
        content: content.into(),
        received_at: "2026-11-20T09:30:00+08:00".into(),
        ..Default::default()
    }
}

/// Registers a walk-in appeal at 2026-11-20 10:00 and returns its id.
pub fn registered(env: &mut Env, category: &str, major: bool) -> i64 {
    let mut i = input(
        "walk_in",
        category,
        "13812345678",
        "小区旁工地每天夜里十一点以后还在施工，噪音很大，影响休息。",
    );
    i.major = major;
    let ctx = Ctx::new(&env.office.clerk, at("2026-11-20T10:00:00+08:00"));
    register(&mut env.store, &ctx, &i).unwrap().appeal_id
}

/// The number of rows in `table`.
pub fn count(store: &Store, table: &str) -> i64 {
    store
        .sql_layer_for_tests()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// Whether a message is (at least partly) Chinese.
pub fn is_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Accepts a registered appeal at initial review with `category` (by the clerk).
pub fn accept(
    store: &mut Store,
    actor: &minyi_core::model::Actor,
    id: i64,
    category: minyi_core::model::Category,
    now: DateTime<FixedOffset>,
) -> minyi_core::usecases::Outcome {
    use minyi_core::usecases::initial_review::{InitialReviewInput, initial_review};
    initial_review(
        store,
        &Ctx::new(actor, now),
        id,
        &InitialReviewInput::Accept {
            category,
            major: None,
            urgency: None,
            note: None,
        },
    )
    .unwrap()
}

/// Registers a walk-in complaint, accepts it and routes it to the office's first department (all
/// by the clerk on 2026-11-20); returns its id.
pub fn routed(env: &mut Env) -> i64 {
    let id = registered(env, "complaint", false);
    let clerk = env.office.clerk.clone();
    let dept = env.office.departments[0].0;
    accept(
        &mut env.store,
        &clerk,
        id,
        minyi_core::model::Category::Complaint,
        at("2026-11-20T10:05:00+08:00"),
    );
    let ctx = Ctx::new(&clerk, at("2026-11-20T10:06:00+08:00"));
    minyi_core::usecases::route::route(&mut env.store, &ctx, id, dept, None).unwrap();
    id
}

/// A second administrator (administrator role only, which needs no confirmation), signed in: the
/// one who confirms the first administrator's personal-data grants.
pub fn second_admin(env: &mut Env, now: DateTime<FixedOffset>) -> minyi_core::model::Actor {
    use minyi_core::model::Role;
    use minyi_core::usecases::accounts::{NewUser, create_user, sign_in};
    create_user(
        &mut env.store,
        &Ctx::new(&env.office.admin, now),
        &NewUser {
            username: "guanli2".into(),
            display_name: "第二管理员".into(),
            department_id: env.office.office_department,
            roles: vec![Role::Administrator],
            password: "Guanli-2026!".into(),
            agreement_signed_on: None,
        },
    )
    .unwrap();
    sign_in(&mut env.store, "guanli2", "Guanli-2026!", now).unwrap()
}
