//! "My tasks" (工作台) and the tracking ledger (跟踪台账) over the small office of
//! `office/mod.rs`: each role's queue holds exactly the appeals it should act on, with overdue and
//! due-soon counts made independently in the test; the ledger lists the appeals in tracking.

mod common;
mod office;

use common::*;
use minyi_core::ErrorCode;
use minyi_core::model::*;
use minyi_core::queries::ledger::{LedgerFilter, ledger};
use minyi_core::queries::tasks::my_tasks;
use office::{TODAY, all, due_soon, overdue};
use std::collections::BTreeSet;

#[test]
fn my_tasks_hold_exactly_each_roles_work_with_due_counts() {
    let (env, ids) = office::build();
    let rows = all(&env, &ids);
    let o = &env.office;
    let dept0 = Some(o.departments[0].0);
    type Pick = Box<dyn Fn(&Appeal) -> bool>;
    let cases: Vec<(&Actor, Pick)> = vec![
        (
            &o.clerk,
            Box::new(|a| {
                matches!(
                    a.status,
                    Status::Registered | Status::Accepted | Status::Rejected
                ) || (a.status == Status::AwaitingFeedback && a.department_id.is_none())
            }),
        ),
        (
            &o.office,
            Box::new(|a| {
                use Status::*;
                matches!(
                    a.status,
                    Registered | Accepted | Rejected | AwaitingFeedback | FollowUp | Talked
                )
            }),
        ),
        (
            &o.handlers[0],
            Box::new(move |a| {
                use Status::*;
                a.department_id == dept0
                    && matches!(a.status, Routed | AwaitingFeedback | FollowUp | Tracking)
            }),
        ),
        (
            &o.heads[0],
            Box::new(move |a| a.department_id == dept0 && a.status == Status::PlanSubmitted),
        ),
        (
            &o.management,
            Box::new(|a| a.status == Status::AwaitingApproval),
        ),
        (&o.admin, Box::new(|_| false)),
    ];
    for (who, pick) in cases {
        let mine: Vec<&Appeal> = rows.iter().filter(|a| pick(a)).collect();
        let wb = my_tasks(&env.store, &Ctx::new(who, at(TODAY)), 100).unwrap();
        let got: BTreeSet<i64> = wb.tasks.iter().map(|t| t.appeal.id).collect();
        let want: BTreeSet<i64> = mine.iter().map(|a| a.id).collect();
        let name = &who.display_name;
        assert_eq!(got, want, "{name}");
        assert_eq!(wb.total, mine.len() as i64, "{name}");
        let n_over = mine.iter().filter(|a| overdue(a)).count() as i64;
        let n_soon = mine.iter().filter(|a| due_soon(a)).count() as i64;
        assert_eq!((wb.overdue, wb.due_soon), (n_over, n_soon), "{name}");
        // Most urgent first, and each task's flags agree with the counts.
        let dues: Vec<_> = wb.tasks.iter().map(|t| t.appeal.due_date).collect();
        assert!(dues.windows(2).all(|w| w[0] <= w[1]), "{name}: {dues:?}");
        assert!(wb.tasks.iter().all(|t| !t.todo.is_empty()));
        let flagged = wb.tasks.iter().filter(|t| t.appeal.due.overdue).count() as i64;
        let soon = wb.tasks.iter().filter(|t| t.appeal.due.due_soon).count() as i64;
        assert_eq!((flagged, soon), (n_over, n_soon), "{name}");
    }
    // The data set gives the clerk both kinds of urgency.
    let wb = my_tasks(&env.store, &Ctx::new(&o.clerk, at(TODAY)), 100).unwrap();
    assert!(wb.overdue > 0 && wb.due_soon > 0, "{wb:?}");
    // The limit cuts the list, not the counts.
    let wb = my_tasks(&env.store, &Ctx::new(&o.office, at(TODAY)), 2).unwrap();
    assert_eq!(wb.tasks.len(), 2);
    assert!(wb.total > 2);
}

#[test]
fn the_tracking_ledger_lists_appeals_in_tracking() {
    let (env, ids) = office::build();
    let o = &env.office;
    let now = at(TODAY);
    let (closed, tracking) = (ids[0], ids[1]);
    let ledger_ids = |who: &Actor, f: &LedgerFilter| -> (Vec<i64>, i64) {
        let (rows, total) = ledger(&env.store, &Ctx::new(who, now), f).unwrap();
        (rows.iter().map(|r| r.appeal_id).collect(), total)
    };
    let open = LedgerFilter::default();
    let everything = LedgerFilter {
        include_resolved: true,
        ..Default::default()
    };
    assert_eq!(ledger_ids(&o.office, &open), (vec![tracking], 1));
    assert_eq!(ledger_ids(&o.management, &open), (vec![tracking], 1));
    let (mut got, total) = ledger_ids(&o.office, &everything);
    got.sort_unstable();
    assert_eq!((got, total), (vec![closed, tracking], 2));
    // Departments see their own lines; the clerk has no ledger.
    assert_eq!(ledger_ids(&o.handlers[0], &open), (vec![tracking], 1));
    assert_eq!(ledger_ids(&o.handlers[1], &open), (vec![], 0));
    let (rows, _) = ledger(&env.store, &Ctx::new(&o.office, now), &open).unwrap();
    assert_eq!(rows[0].measures, "限期整改并复查");
    assert_eq!(rows[0].responsible.as_deref(), Some("执法中队"));
    assert_eq!(rows[0].status, Status::Tracking);
    let e = ledger(&env.store, &Ctx::new(&o.clerk, now), &open).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
}
