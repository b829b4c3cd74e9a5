//! Stage runs of registered appeals: a registration opens its appeal's first run itself
//! (`stage_spans::open_first`, migration 007 keeps `register` events out of the trigger), and the
//! runs so written must be exactly those the trigger's rule derives from the event log
//! (`stage_spans::rebuild`) — for an appeal typed in at the window, for imported ones received
//! days earlier (their deadline runs from receipt), and after later steps that the trigger still
//! follows.

mod common;

use common::*;
use minyi_core::model::{Category, Channel, Ctx};
use minyi_core::queries::duplicates::BatchMemory;
use minyi_core::store::stage_spans;
use minyi_core::usecases::import::{ImportRow, import_rows};

fn imported(env: &mut Env) {
    let rows: Vec<ImportRow> = (0..5)
        .map(|i| {
            let mut form = input(
                "wechat",
                "suggestion",
                &format!("1390000000{i}"),
                &format!("建议在文三街道口增设第{i}处非机动车停放点，现在电动车乱停。"),
            );
            form.received_at = format!("2026-11-1{i}T09:00:00+08:00");
            ImportRow {
                line: i + 2,
                input: form,
            }
        })
        .collect();
    let ctx = Ctx::new(&env.office.clerk, at("2026-11-20T11:00:00+08:00"));
    import_rows(
        &mut env.store,
        &ctx,
        Channel::Wechat,
        &rows,
        &BatchMemory::new(),
    )
    .unwrap();
}

#[test]
fn a_registration_opens_the_run_the_trigger_rule_derives() {
    let mut env = env();
    let walk_in = registered(&mut env, "complaint", true);
    imported(&mut env);
    // Later steps still go through the trigger: the first run ends, the next ones open.
    let routed_id = routed(&mut env);
    let clerk = env.office.clerk.clone();
    accept(
        &mut env.store,
        &clerk,
        walk_in,
        Category::Complaint,
        at("2026-11-23T09:00:00+08:00"),
    );

    let written = minyi_core::testing::stage_spans(&env.store).unwrap();
    let first_runs: Vec<_> = written.iter().filter(|r| r.seq == 1).collect();
    assert_eq!(first_runs.len(), 7, "one first run per appeal: {written:?}");
    assert!(
        first_runs
            .iter()
            .all(|r| r.stage == "initial_review" && r.due_day.is_some()),
        "{first_runs:?}"
    );
    // The imported appeals' runs start on their receipt days, not on the day of the import.
    let starts: std::collections::BTreeSet<i64> =
        first_runs.iter().map(|r| r.started_day).collect();
    assert!(starts.len() >= 5, "{starts:?}");
    assert!(
        written
            .iter()
            .any(|r| r.appeal_id == routed_id && r.seq == 3),
        "routing opened further runs: {written:?}"
    );

    minyi_core::testing::rebuild_stage_spans(&mut env.store).unwrap();
    let derived = minyi_core::testing::stage_spans(&env.store).unwrap();
    assert_eq!(written, derived);
}

/// The same without imports (the import indexes its appeals for search): routing, acceptance and
/// the trigger's later runs, rebuilt through the rule — on PostgreSQL the baseline's port of it.
#[test]
fn registered_and_routed_appeals_rebuild_to_the_runs_written() {
    let mut env = env();
    let walk_in = registered(&mut env, "complaint", true);
    let routed_id = routed(&mut env);
    let clerk = env.office.clerk.clone();
    accept(
        &mut env.store,
        &clerk,
        walk_in,
        Category::Complaint,
        at("2026-11-23T09:00:00+08:00"),
    );
    let written = minyi_core::testing::stage_spans(&env.store).unwrap();
    assert!(
        written
            .iter()
            .any(|r| r.appeal_id == routed_id && r.seq == 3),
        "{written:?}"
    );
    minyi_core::testing::rebuild_stage_spans(&mut env.store).unwrap();
    assert_eq!(
        minyi_core::testing::stage_spans(&env.store).unwrap(),
        written
    );
}

#[test]
fn register_events_no_longer_feed_the_trigger() {
    let mut env = env();
    registered(&mut env, "complaint", false);
    // Were the trigger still fed by the register event as well, the first run would be opened
    // twice and the second insert would fail on the primary key; instead exactly one exists.
    assert_eq!(minyi_core::testing::count(&env.store, "stage_spans"), 1);
    let sql = if minyi_core::testing::on_postgres() {
        "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = ?1"
    } else {
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1"
    };
    let when: String = env
        .store
        .sql_layer_for_tests()
        .query_row(sql, [stage_spans::FEED_TRIGGER], |r| r.get(0))
        .unwrap();
    assert!(
        when.contains("NEW.action <> 'register'")
            || when.contains("new.action <> 'register'::text"),
        "{when}"
    );
}
