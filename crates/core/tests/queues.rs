//! 待我处理, 待报告进展 and 进度缓慢 over the small office of `office/mod.rs` ("today" is Wednesday
//! 2026-11-25): each role sees exactly the queues it decides, a department's staff only their
//! department's appeals; a progress report clears what it should; the slow rule counts working
//! days as the deadlines do and leaves out overdue appeals and those with a report in the stage.

mod common;
mod office;

use common::*;
use minyi_core::ErrorCode;
use minyi_core::model::*;
use minyi_core::queries::queues::{
    DecisionQueue, QueueKind, decision_queues, past_share, progress_due, report_due, slow_appeals,
};
use minyi_core::queries::tasks::my_tasks;
use minyi_core::store::settings::SettingKey;
use minyi_core::testing::set_setting;
use minyi_core::usecases::record_feedback::{FeedbackInput, record_feedback};
use minyi_core::usecases::*;
use office::{TODAY, day};

/// The ids of the office fixture by name.
struct Ids {
    routed10_d1: i64,
    routed16_d0: i64,
    routed19_d0: i64,
    approval18_d0: i64,
    plan20_d0: i64,
    feedback20_d1: i64,
}

fn ids_of(ids: &[i64]) -> Ids {
    Ids {
        routed10_d1: ids[2],
        routed16_d0: ids[3],
        routed19_d0: ids[4],
        approval18_d0: ids[5],
        plan20_d0: ids[6],
        feedback20_d1: ids[12],
    }
}

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    at(TODAY)
}

fn queues_of(env: &Env, who: &Actor) -> Vec<DecisionQueue> {
    decision_queues(&env.store, &Ctx::new(who, now())).unwrap()
}

fn kinds(qs: &[DecisionQueue]) -> Vec<QueueKind> {
    qs.iter().map(|q| q.kind).collect()
}

fn queue(qs: &[DecisionQueue], kind: QueueKind) -> &DecisionQueue {
    qs.iter().find(|q| q.kind == kind).unwrap()
}

fn progress(env: &mut Env, who: &Actor, id: i64, when: &str) {
    add_progress::add_progress(
        &mut env.store,
        &Ctx::new(who, at(when)),
        id,
        "已约谈物业，正在核实收费依据。",
        None,
        &OnBehalf::default(),
    )
    .unwrap();
}

#[test]
fn each_role_sees_the_decisions_it_makes() {
    let (mut env, ids) = office::build();
    let n = ids_of(&ids);
    let o = env.office.clone();
    let t = now();
    // An extension request from department 0, an escalation after a notice, and a dissatisfied
    // appellant in department 1.
    extend_deadline::request_extension(
        &mut env.store,
        &Ctx::new(&o.handlers[0], t),
        n.routed19_d0,
        3,
        "需要现场核实",
    )
    .unwrap();
    issue_supervision::issue_supervision(
        &mut env.store,
        &Ctx::new(&o.office, t),
        n.routed16_d0,
        "逾期未制定方案",
        day(11, 27),
    )
    .unwrap();
    escalate::escalate(
        &mut env.store,
        &Ctx::new(&o.office, t),
        n.routed16_d0,
        "督办后仍未办理",
    )
    .unwrap();
    let fb = FeedbackInput {
        method: FeedbackMethod::PhoneCall,
        content: "已电话告知".into(),
        satisfaction: Satisfaction::Dissatisfied,
        responsible: None,
    };
    record_feedback(
        &mut env.store,
        &Ctx::new(&o.handlers[1], t),
        n.feedback20_d1,
        &fb,
    )
    .unwrap();

    use QueueKind::*;
    let office = queues_of(&env, &o.office);
    assert_eq!(kinds(&office), [Extension, FollowUp]);
    assert_eq!(queue(&office, Extension).appeal_ids, [n.routed19_d0]);
    assert_eq!(queue(&office, FollowUp).appeal_ids, [n.feedback20_d1]);

    let mgmt = queues_of(&env, &o.management);
    assert_eq!(kinds(&mgmt), [Extension, Escalation, Approval]);
    assert_eq!(queue(&mgmt, Escalation).appeal_ids, [n.routed16_d0]);
    assert_eq!(queue(&mgmt, Approval).appeal_ids, [n.approval18_d0]);

    // Department staff: only their department's appeals.
    let head0 = queues_of(&env, &o.heads[0]);
    assert_eq!(kinds(&head0), [Review, FollowUp, Progress]);
    assert_eq!(queue(&head0, Review).appeal_ids, [n.plan20_d0]);
    assert!(queue(&head0, FollowUp).appeal_ids.is_empty());
    assert_eq!(queue(&head0, FollowUp).count, 0);
    let head1 = queues_of(&env, &o.heads[1]);
    assert!(queue(&head1, Review).appeal_ids.is_empty());
    assert_eq!(queue(&head1, FollowUp).appeal_ids, [n.feedback20_d1]);
    let h0 = queues_of(&env, &o.handlers[0]);
    assert_eq!(kinds(&h0), [FollowUp, Progress]);
    assert!(queue(&h0, FollowUp).appeal_ids.is_empty());
    assert_eq!(
        queue(&queues_of(&env, &o.handlers[1]), FollowUp).appeal_ids,
        [n.feedback20_d1]
    );
    assert!(queues_of(&env, &o.clerk).is_empty());
    assert!(queues_of(&env, &o.admin).is_empty());

    // Each queue's count and earliest due date come from its appeals.
    for who in [&o.office, &o.management, &o.heads[0], &o.heads[1]] {
        for q in queues_of(&env, who) {
            assert_eq!(q.count, q.appeal_ids.len() as i64, "{}", q.label);
            if q.kind == Progress {
                continue;
            }
            let want = q
                .appeal_ids
                .iter()
                .filter_map(|id| {
                    minyi_core::testing::appeal(&env.store, *id)
                        .unwrap()
                        .due_date
                })
                .min();
            assert_eq!(q.earliest_due, want, "{}", q.label);
            assert!(!q.label.is_empty());
        }
    }
    // The workbench carries the same queues.
    let wb = my_tasks(&env.store, &Ctx::new(&o.management, t), 100).unwrap();
    assert_eq!(wb.queues, mgmt);

    // Deciding clears the queue.
    extend_deadline::decide_extension(
        &mut env.store,
        &Ctx::new(&o.management, t),
        n.routed19_d0,
        true,
        None,
    )
    .unwrap();
    instruct::instruct(
        &mut env.store,
        &Ctx::new(&o.management, t),
        n.routed16_d0,
        "请城管科本周内办结",
    )
    .unwrap();
    let mgmt = queues_of(&env, &o.management);
    assert_eq!(queue(&mgmt, Extension).count, 0);
    assert_eq!(queue(&mgmt, Escalation).count, 0);
    assert_eq!(queue(&mgmt, Escalation).earliest_due, None);
}

#[test]
fn a_missing_progress_report_is_due_on_the_departments_workbench() {
    let (mut env, ids) = office::build();
    let n = ids_of(&ids);
    let o = env.office.clone();
    let d0 = o.departments[0].0;
    // The default interval: 3 working days after the stage began (or the last report).
    let due = progress_due(&env.store, d0, day(11, 25)).unwrap();
    assert_eq!(
        due,
        [
            (n.routed16_d0, day(11, 19)),
            (n.approval18_d0, day(11, 23)),
            // Thursday 19th + 3 working days skips the weekend: Tuesday 24th.
            (n.routed19_d0, day(11, 24)),
            // Due today is due.
            (n.plan20_d0, day(11, 25)),
        ]
    );
    let q = queue(&queues_of(&env, &o.handlers[0]), QueueKind::Progress).clone();
    assert_eq!(q.count, 4);
    assert_eq!(q.earliest_due, Some(day(11, 19)));
    assert_eq!(
        q.appeal_ids,
        [n.routed16_d0, n.approval18_d0, n.routed19_d0, n.plan20_d0]
    );
    // The other department's staff see theirs only.
    let q1 = queue(&queues_of(&env, &o.heads[1]), QueueKind::Progress).clone();
    assert_eq!(q1.appeal_ids, [n.routed10_d1, n.feedback20_d1]);
    // Not yet due tomorrow's report is not listed: yesterday the plan-20 report was not due.
    let yesterday = progress_due(&env.store, d0, day(11, 24)).unwrap();
    assert!(!yesterday.iter().any(|(id, _)| *id == n.plan20_d0));

    // Reporting clears it; the next report is due 3 working days later.
    progress(&mut env, &o.handlers[0], n.routed16_d0, TODAY);
    let q = queue(&queues_of(&env, &o.handlers[0]), QueueKind::Progress).clone();
    assert_eq!(q.appeal_ids, [n.approval18_d0, n.routed19_d0, n.plan20_d0]);
    assert_eq!(q.earliest_due, Some(day(11, 23)));
    let later = progress_due(&env.store, d0, day(11, 30)).unwrap();
    assert!(later.contains(&(n.routed16_d0, day(11, 30))), "{later:?}");

    // 0 turns the requirement off.
    set_setting(&env.store, SettingKey::ProgressIntervalDays, "0").unwrap();
    let q = queue(&queues_of(&env, &o.handlers[0]), QueueKind::Progress).clone();
    assert_eq!((q.count, q.earliest_due), (0, None));
    // The office and management have no such queue: the report is the department's duty.
    assert!(!kinds(&queues_of(&env, &o.office)).contains(&QueueKind::Progress));
    assert!(!kinds(&queues_of(&env, &o.management)).contains(&QueueKind::Progress));
}

#[test]
fn report_due_counts_working_days_from_the_later_of_stage_start_and_last_report() {
    let cal = minyi_core::calendar::WorkCalendar::shipped();
    // Friday 20th + 3 working days = Wednesday 25th.
    assert_eq!(report_due(&cal, 3, day(11, 20), None), Some(day(11, 25)));
    // A report before the stage began does not count.
    assert_eq!(
        report_due(&cal, 3, day(11, 20), Some(day(11, 10))),
        Some(day(11, 25))
    );
    assert_eq!(
        report_due(&cal, 3, day(11, 20), Some(day(11, 23))),
        Some(day(11, 26))
    );
    assert_eq!(report_due(&cal, 0, day(11, 20), None), None);
    // The shipped calendar's National Day holiday: 30 Sep + 1 working day is after the break.
    let after = report_due(&cal, 1, day(9, 30), None).unwrap();
    assert!(after > day(10, 7), "{after}");
}

#[test]
fn slow_appeals_are_not_overdue_past_the_share_and_without_a_report_in_the_stage() {
    let (mut env, ids) = office::build();
    let n = ids_of(&ids);
    let o = env.office.clone();
    let slow = |env: &Env, who: &Actor| -> Vec<i64> {
        slow_appeals(&env.store, &Ctx::new(who, now()), 0, 50)
            .unwrap()
            .rows
            .iter()
            .map(|s| s.appeal.id)
            .collect()
    };
    // Routed on Thursday 19th (plan due Thursday 26th): 4 of 5 working days used. The plan
    // submitted on Friday 20th (review due today): 3 of 3. Routed on the 10th and 16th and the
    // feedback stage are overdue, so not listed here; awaiting approval is management's.
    assert_eq!(slow(&env, &o.office), [n.plan20_d0, n.routed19_d0]);
    let page = slow_appeals(&env.store, &Ctx::new(&o.office, now()), 0, 50).unwrap();
    assert_eq!(page.share_percent, 50);
    assert_eq!(page.total, 2);
    let r = &page.rows[1];
    assert_eq!((r.stage, r.stage_started_on), (Stage::Plan, day(11, 19)));
    // Working days, as the deadlines count them: the weekend of 21–22 is not counted.
    assert_eq!((r.days_used, r.days_allowed), (4, 5));
    assert_eq!(r.last_progress_at, None);
    assert!(r.appeal.due.due_soon && !r.appeal.due.overdue);
    let r = &page.rows[0];
    assert_eq!(
        (r.stage, r.days_used, r.days_allowed),
        (Stage::Review, 3, 3)
    );
    assert_eq!(
        r.appeal.department_name.as_deref(),
        Some(o.departments[0].1.as_str())
    );

    // Department staff see their own department's only; the second department has none.
    assert_eq!(slow(&env, &o.handlers[0]), [n.plan20_d0, n.routed19_d0]);
    assert!(slow(&env, &o.handlers[1]).is_empty());

    // A report in the stage: not slow any more.
    progress(&mut env, &o.handlers[0], n.routed19_d0, TODAY);
    assert_eq!(slow(&env, &o.office), [n.plan20_d0]);

    // A higher share: the plan review at 100% stays.
    set_setting(&env.store, SettingKey::SlowSharePercent, "100").unwrap();
    assert_eq!(slow(&env, &o.office), [n.plan20_d0]);
    set_setting(&env.store, SettingKey::SlowSharePercent, "0").unwrap_err();

    // A supervision notice gives the overdue one a new due date: it is no longer overdue, has
    // used 7 of 9 working days and no report, so it is slow now.
    set_setting(&env.store, SettingKey::SlowSharePercent, "50").unwrap();
    issue_supervision::issue_supervision(
        &mut env.store,
        &Ctx::new(&o.office, now()),
        n.routed16_d0,
        "逾期未制定方案",
        day(11, 27),
    )
    .unwrap();
    let page = slow_appeals(&env.store, &Ctx::new(&o.office, now()), 0, 50).unwrap();
    let r = page
        .rows
        .iter()
        .find(|r| r.appeal.id == n.routed16_d0)
        .unwrap();
    assert_eq!((r.days_used, r.days_allowed), (7, 9));

    // Paging and the access rule.
    let p = slow_appeals(&env.store, &Ctx::new(&o.office, now()), 1, 1).unwrap();
    assert_eq!((p.rows.len(), p.total), (1, 2));
    assert_eq!(
        slow_appeals(&env.store, &Ctx::new(&o.office, now()), i64::MAX - 1, 7)
            .unwrap_err()
            .code,
        ErrorCode::Validation
    );
}

#[test]
fn the_share_rule() {
    assert!(past_share(3, 5, 50));
    assert!(!past_share(2, 5, 50));
    assert!(past_share(5, 5, 100));
    assert!(!past_share(0, 0, 50));
}
