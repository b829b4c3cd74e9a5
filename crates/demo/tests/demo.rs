//! The demo generator: deterministic, consistent with the lifecycle rules (the integrity check
//! replays every history), and spread over every status.

use chrono::{DateTime, FixedOffset};
use minyi_core::Store;
use minyi_core::check::check;
use minyi_core::model::EventAction;
use minyi_demo::{DemoOptions, generate};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn build(n: u64, seed: u64) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    let opts = DemoOptions {
        appeals: n,
        seed,
        now: at("2026-11-27T17:00:00+08:00"),
    };
    let mut calls = 0;
    let s = generate(&mut store, &opts, &mut |done, total| {
        calls += 1;
        assert!(done <= total);
    })
    .unwrap();
    assert_eq!(s.appeals, n);
    assert!(calls >= 1);
    (dir, store)
}

#[test]
fn demo_data_passes_the_integrity_check_and_covers_every_status() {
    let (_dir, store) = build(3000, 7);
    let report = check(&store).unwrap();
    assert!(report.ok(), "{:#?}", report.problems);
    assert_eq!(report.appeals, 3000);
    // Every action the simulation wrote is stored as an `EventAction` code, byte for byte.
    let mut stmt = store
        .sql_for_tests()
        .prepare("SELECT DISTINCT action FROM events")
        .unwrap();
    let actions: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for a in &actions {
        let parsed = EventAction::from_code(a);
        assert_eq!(parsed.map(EventAction::code), Some(a.as_str()), "{a}");
    }
    assert!(actions.len() >= 15, "{actions:?}");
    let mut stmt = store
        .sql_for_tests()
        .prepare("SELECT status, count(*) FROM appeals GROUP BY status")
        .unwrap();
    let statuses: Vec<(String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let names: Vec<&str> = statuses.iter().map(|(s, _)| s.as_str()).collect();
    for s in [
        "closed",
        "registered",
        "routed",
        "plan_submitted",
        "awaiting_feedback",
        "tracking",
    ] {
        assert!(names.contains(&s), "no appeal in {s}: {statuses:?}");
    }
    let closed = statuses.iter().find(|(s, _)| s == "closed").unwrap().1;
    assert!(closed > 2000, "old appeals are mostly closed: {statuses:?}");
    let channels: i64 = store
        .sql_for_tests()
        .query_row("SELECT count(DISTINCT channel) FROM appeals", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(channels, 7);
    let supervised: i64 = store
        .sql_for_tests()
        .query_row("SELECT count(*) FROM supervisions", [], |r| r.get(0))
        .unwrap();
    assert!(supervised > 0);
}

#[test]
fn demo_data_is_deterministic_for_a_seed() {
    let fingerprint = |store: &Store| -> (String, String) {
        store
            .sql_for_tests()
            .query_row("SELECT group_concat(reg_number || status || subject, '|') FROM (SELECT * FROM appeals ORDER BY id LIMIT 200)", [], |r| r.get(0))
            .map(|s: String| (s, store.sql_for_tests().query_row("SELECT hash FROM events ORDER BY id DESC LIMIT 1", [], |r| r.get(0)).unwrap()))
            .unwrap()
    };
    let (_a, s1) = build(300, 42);
    let (_b, s2) = build(300, 42);
    let (_c, s3) = build(300, 43);
    assert_eq!(fingerprint(&s1), fingerprint(&s2));
    assert_ne!(fingerprint(&s1).0, fingerprint(&s3).0);
}

#[test]
fn the_full_text_index_of_demo_data_is_complete() {
    let (_dir, store) = build(2000, 11);
    let user = store
        .users()
        .unwrap()
        .into_iter()
        .find(|u| u.username == "bangongshi")
        .unwrap();
    let actor = store.actor(user.id).unwrap();
    let ctx = minyi_core::model::Ctx::new(&actor, at("2026-11-27T17:00:00+08:00"));
    for term in ["噪音扰民", "物业收费", "公交线路"] {
        let page = minyi_core::queries::list::search(&store, &ctx, term, 0, 10).unwrap();
        let like = format!("%{term}%");
        let expected: i64 = store
            .sql_for_tests()
            .query_row(
                "SELECT count(*) FROM appeals WHERE subject LIKE ?1 OR content LIKE ?1",
                [&like],
                |r| r.get(0),
            )
            .unwrap();
        assert!(expected > 0, "the generator plants {term}");
        assert_eq!(page.total, Some(expected), "{term}");
    }
}

#[test]
fn the_stage_runs_written_by_the_generator_are_those_the_event_trigger_derives() {
    use minyi_core::store::stage_spans;
    let (_dir, mut store) = build(3000, 5);
    let written = minyi_core::testing::stage_spans(&store).unwrap();
    assert!(written.len() > 3000, "{} runs", written.len());
    assert!(written.iter().any(|r| r.supervised > 0));
    assert!(written.iter().any(|r| r.due_day != r.due_now_day));
    minyi_core::testing::rebuild_stage_spans(&mut store).unwrap();
    let derived = minyi_core::testing::stage_spans(&store).unwrap();
    assert_eq!(written.len(), derived.len());
    for (w, d) in written.iter().zip(&derived) {
        assert_eq!(w, d);
    }
    // The trigger is back for everything written after the demo.
    let trigger: i64 = store
        .sql_for_tests()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
            [stage_spans::FEED_TRIGGER],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(trigger, 1);
}

#[test]
fn the_demo_office_has_stock_texts_for_every_kind_and_a_new_office_none() {
    use minyi_core::model::{Category, Ctx, StockTextKind};
    use minyi_core::usecases::stock_texts::list_stock_texts;
    let (_dir, store) = build(20, 3);
    let texts = minyi_demo::phrases::STOCK_TEXTS;
    let reader = minyi_core::model::Actor {
        user_id: 1,
        display_name: String::new(),
        department_id: 1,
        roles: vec![minyi_core::model::Role::Handler],
        agreement_signed_on: None,
    };
    let ctx = Ctx::new(&reader, at("2026-11-27T17:00:00+08:00"));
    let all = list_stock_texts(&store, &ctx, None, None).unwrap();
    assert_eq!(all.len(), texts.len());
    for kind in StockTextKind::ALL {
        assert!(all.iter().any(|t| t.kind == *kind), "{kind:?}");
    }
    for category in [
        Category::Consultation,
        Category::Complaint,
        Category::Suggestion,
        Category::Help,
    ] {
        let replies =
            list_stock_texts(&store, &ctx, Some(StockTextKind::Reply), Some(category)).unwrap();
        assert!(
            replies.iter().any(|t| t.category == Some(category)),
            "{category:?}"
        );
    }
    // The accounts alone (no demo appeals) come without stock texts.
    let dir = tempfile::tempdir().unwrap();
    let mut fresh = Store::open(&dir.path().join("new.db")).unwrap();
    minyi_demo::seed_office(&mut fresh, at("2026-11-27T17:00:00+08:00")).unwrap();
    assert!(
        list_stock_texts(&fresh, &ctx, None, None)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn open_items_look_like_an_office_today_a_few_days_overdue_at_most() {
    let (_dir, store) = build(3000, 7);
    let today = "2026-11-27";
    let (open, overdue, soon, oldest): (i64, i64, i64, Option<String>) = store
        .sql_for_tests()
        .query_row(
            "SELECT count(*), sum(due_date < ?1), sum(due_date >= ?1 AND due_date <= date(?1, '+3 days')),
                    min(due_date)
             FROM appeals WHERE status NOT IN ('closed', 'merged')",
            [today],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert!(open > 20, "{open} open appeals");
    assert!(overdue > 0, "a few items are overdue");
    assert!(
        overdue * 5 < open,
        "a few, not most: {overdue} of {open} overdue"
    );
    assert!(soon > 0, "some are due within days");
    // Nothing waits for ever: the oldest due date lies weeks, not years, back (a dissatisfied
    // direct answer used to stay in 待回访沟通 since its receipt).
    let oldest = oldest.unwrap();
    assert!(oldest.as_str() >= "2026-10-27", "oldest due date {oldest}");
}

#[test]
fn some_appellants_come_back_so_repeat_visits_are_not_zero() {
    let (_dir, store) = build(3000, 7);
    let (groups, total) = minyi_core::queries::difficult::repeat_appellants(
        &store,
        chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
        10,
    )
    .unwrap();
    assert!(total > 0, "重复来访 of the last two months");
    assert!(
        groups
            .iter()
            .all(|g| g.count >= 2 && g.appeals.len() as i64 == g.count)
    );
    let share: f64 = store
        .sql_for_tests()
        .query_row(
            "SELECT 1.0 - count(DISTINCT p.phone) * 1.0 / count(*) FROM appeals a
             JOIN appellants p ON p.id = a.appellant_id WHERE p.phone IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(share > 0.02 && share < 0.2, "returning share {share}");
}

#[test]
fn recent_closings_have_return_visits_and_a_few_appeals_are_cohandled() {
    let (_dir, store) = build(3000, 7);
    let sql = store.sql_for_tests();
    let n = |q: &str| -> i64 { sql.query_row(q, [], |r| r.get(0)).unwrap() };
    // Visits only for appeals closed in the last four weeks, each queued at its closing, one per
    // appeal and round, and every one of them in the settings' sample (all complaints).
    let visits = n("SELECT count(*) FROM return_visits");
    assert!(visits >= 10, "{visits} visits");
    assert_eq!(
        n(
            "SELECT count(*) FROM return_visits v JOIN appeals a ON a.id = v.appeal_id
           WHERE a.status <> 'closed' OR v.queued_at <> a.closed_at OR v.round <> a.round
              OR a.closed_at < '2026-10-30'"
        ),
        0
    );
    assert_eq!(
        n(
            "SELECT count(*) FROM appeals WHERE status = 'closed' AND category = 'complaint'
           AND closed_at >= '2026-10-30T17:00:00+08:00'
           AND id NOT IN (SELECT appeal_id FROM return_visits)"
        ),
        0,
        "every recently closed complaint is visited"
    );
    // Most completed with a satisfaction, a few still open, a few 未联系上.
    let completed = n(
        "SELECT count(*) FROM return_visits WHERE status = 'completed' AND satisfaction IS NOT NULL",
    );
    let open = n("SELECT count(*) FROM return_visits WHERE status = 'open'");
    let unreached = n("SELECT count(*) FROM return_visits WHERE status = 'unreached'");
    assert!(completed * 2 > visits, "{completed} of {visits} completed");
    assert!(
        open > 0 && unreached > 0,
        "{open} open, {unreached} unreached"
    );
    assert_eq!(
        n("SELECT count(*) FROM return_visits WHERE status = 'unreached'
           AND (SELECT count(*) FROM return_visit_attempts t WHERE t.visit_id = return_visits.id AND NOT t.reached) <> 3"),
        0
    );
    // Every call is an event of its appeal, after the closing and not after "now".
    assert_eq!(
        n("SELECT count(*) FROM return_visit_attempts"),
        n("SELECT count(*) FROM events WHERE action = 'return_visit'")
    );
    assert_eq!(
        n(
            "SELECT count(*) FROM return_visit_attempts t JOIN return_visits v ON v.id = t.visit_id
           JOIN appeals a ON a.id = v.appeal_id
           WHERE t.at < a.closed_at OR t.at > '2026-11-27T17:00:00+08:00'"
        ),
        0
    );
    // Co-handling: a few routed appeals with an assisting department; opinions in but one.
    let assists = n("SELECT count(*) FROM appeal_assists");
    assert_eq!(assists, 3);
    assert_eq!(
        n(
            "SELECT count(*) FROM appeal_assists a JOIN appeals p ON p.id = a.appeal_id
           WHERE p.status = 'routed' AND a.department_id <> p.department_id AND a.round = p.round"
        ),
        3
    );
    assert_eq!(
        n("SELECT count(*) FROM appeal_assists WHERE status = 'submitted'"),
        2
    );
    assert_eq!(
        n("SELECT count(*) FROM appeal_assists WHERE status <> 'submitted'"),
        1
    );
    let report = check(&store).unwrap();
    assert!(report.ok(), "{:#?}", report.problems);
}
