//! Counting: three streaming passes over the period's cohort, crediting each count to the
//! department and the person it belongs to.
//!
//! * Appeals (the statistics' covering index): satisfaction and reopening count for the department
//!   the appeal is with now and for its handler, as in weak links.
//! * Acts (the event log): who reviewed, who routed (a return as mis-routed counts against the
//!   last routing before it), who submitted the handling plan — the handler.
//! * Stage runs: an initial-review run is credited to whoever reviewed, the k-th routing run to the
//!   k-th routing; a handling run (plan, review, feedback) to the department that held the appeal
//!   and to the handler if they belong to it; a supervised run likewise, judged against the new due
//!   date the notice set. A run still waiting for the office's first act is credited to nobody yet.
//! * Assists (co-handling 会办): each assisting department's part is credited to that department,
//!   and to whoever gave the opinion, on time if the opinion came by its deadline; a part still
//!   open (or waived by the office) counts once its deadline has passed, as late.

use super::types::AssessmentFigures;
use crate::stats::IdSet;
use crate::workdays::WorkdayIndex;
use chrono::NaiveDate;
use minyi_core::Result;
use minyi_core::Store;
use minyi_core::model::{Satisfaction, Stage, Status};
use minyi_core::queries::acts::{ActKind, for_each_act, for_each_run};
use minyi_core::queries::stats::{CohortFilter, for_each_appeal};
use std::collections::HashMap;

/// A person credited with work: a user, or someone the appeals office typed work in for by name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Person {
    User(i64),
    Named { department_id: i64, name: String },
}

/// Figures per department and per person, plus the working days summed for the averages.
#[derive(Default)]
pub struct Tally {
    pub departments: HashMap<i64, Acc>,
    pub people: HashMap<Person, Acc>,
}

#[derive(Default)]
pub struct Acc {
    pub f: AssessmentFigures,
    pub days_sum: i64,
    pub days_n: i64,
}

#[derive(Default)]
struct AppealActs {
    reviewer: Option<(Person, i64)>,
    routers: Vec<(Person, i64)>,
    handler: Option<(Person, i64)>,
}

/// Whether a run with a deadline can be judged yet, and if so whether it was on time.
fn judged(end: Option<NaiveDate>, due: Option<NaiveDate>, today: NaiveDate) -> Option<bool> {
    let due = due?;
    match end {
        Some(end) => Some(end <= due),
        None if due < today => Some(false),
        None => None,
    }
}

/// The assessment figures of every department and person for the appeals received from `from` to
/// `to`, judged as of `today`: who did what, the stage runs, the assisting parts, the outcomes.
pub fn tally(store: &Store, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Result<Tally> {
    let staff: HashMap<i64, i64> = minyi_core::queries::acts::staff(store)?
        .into_iter()
        .map(|(id, _, dept)| (id, dept))
        .collect();
    let mut t = Tally::default();
    let filter = CohortFilter {
        from,
        to,
        category: None,
        channel: None,
        department_id: None,
    };
    let mut ids = Vec::new();
    let mut now_with: NowWith = HashMap::new();
    for_each_appeal(store, &filter, |a| {
        ids.push(a.id);
        let reopened = a.round > 1;
        let closed_or_reopened = reopened || a.status == Status::Closed;
        now_with.insert(
            a.id,
            (
                a.department_id,
                a.satisfaction,
                reopened,
                closed_or_reopened,
            ),
        );
    })?;
    if ids.is_empty() {
        return Ok(t);
    }
    let cohort = IdSet::new(&ids);

    let acts = tally_acts(store, &cohort, &staff, &now_with, &mut t)?;
    tally_runs(store, &cohort, &acts, from, to, today, &mut t)?;
    tally_assists(store, &cohort, &staff, today, &mut t)?;
    tally_outcomes(&now_with, &acts, &mut t);
    Ok(t)
}

/// Per appeal of the cohort: its department now, its satisfaction, whether it was reopened, and
/// whether it was closed or reopened.
type NowWith = HashMap<i64, (Option<i64>, Option<Satisfaction>, bool, bool)>;

/// Who did what, per appeal (the reviewer, the routers in order, the handler), crediting routing
/// and the misrouted returns as it goes.
fn tally_acts(
    store: &Store,
    cohort: &IdSet,
    staff: &HashMap<i64, i64>,
    now_with: &NowWith,
    t: &mut Tally,
) -> Result<HashMap<i64, AppealActs>> {
    let mut acts: HashMap<i64, AppealActs> = HashMap::new();
    let mut last_router: Option<(i64, Person, i64)> = None;
    for_each_act(store, cohort.first, cohort.last(), |act| {
        if !cohort.contains(act.appeal_id) {
            return;
        }
        let (person, dept) = match (&act.on_behalf_person, act.on_behalf_department) {
            (Some(name), d) => {
                let d = d
                    .or_else(|| now_with.get(&act.appeal_id).and_then(|x| x.0))
                    .unwrap_or_else(|| staff.get(&act.actor_id).copied().unwrap_or(0));
                (
                    Some(Person::Named {
                        department_id: d,
                        name: name.clone(),
                    }),
                    d,
                )
            }
            // Typed for a department without a name: the department's, not the typist's.
            (None, Some(d)) => (None, d),
            (None, None) => (
                Some(Person::User(act.actor_id)),
                staff.get(&act.actor_id).copied().unwrap_or(0),
            ),
        };
        let entry = acts.entry(act.appeal_id).or_default();
        match act.kind {
            ActKind::InitialReview => {
                if let Some(p) = person
                    && entry.reviewer.is_none()
                {
                    entry.reviewer = Some((p, dept));
                }
            }
            ActKind::Route => {
                let Some(p) = person else { return };
                entry.routers.push((p.clone(), dept));
                if act.to_department {
                    t.departments.entry(dept).or_default().f.routed += 1;
                    t.people.entry(p.clone()).or_default().f.routed += 1;
                    last_router = Some((act.appeal_id, p, dept));
                }
            }
            ActKind::ReturnMisrouted => {
                if let Some((appeal, p, d)) = &last_router
                    && *appeal == act.appeal_id
                {
                    t.departments.entry(*d).or_default().f.returned += 1;
                    t.people.entry(p.clone()).or_default().f.returned += 1;
                }
            }
            ActKind::SubmitPlan => entry.handler = person.map(|p| (p, dept)),
        }
    })?;

    Ok(acts)
}

/// The stage runs: intake on time for the reviewer and routers, handling on time, working days
/// and supervision followed through for the department and its handler.
fn tally_runs(
    store: &Store,
    cohort: &IdSet,
    acts: &HashMap<i64, AppealActs>,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    t: &mut Tally,
) -> Result<()> {
    let cal = store.calendar();
    let workdays = WorkdayIndex::new(
        cal,
        from - chrono::Duration::days(1),
        today.max(to) + chrono::Duration::days(366),
    );
    let mut routing_seen: (i64, usize) = (0, 0);
    for_each_run(store, cohort.first, cohort.last(), |r| {
        if !cohort.contains(r.appeal_id) {
            return;
        }
        let who = acts.get(&r.appeal_id);
        match r.stage {
            Stage::InitialReview | Stage::Routing => {
                let credited = if r.stage == Stage::InitialReview {
                    who.and_then(|w| w.reviewer.clone())
                } else {
                    if routing_seen.0 != r.appeal_id {
                        routing_seen = (r.appeal_id, 0);
                    }
                    routing_seen.1 += 1;
                    who.and_then(|w| w.routers.get(routing_seen.1 - 1).cloned())
                };
                let (Some((p, d)), Some(on_time)) =
                    (credited, judged(r.ended_on, r.due_date, today))
                else {
                    return;
                };
                for f in [
                    &mut t.departments.entry(d).or_default().f,
                    &mut t.people.entry(p).or_default().f,
                ] {
                    f.intake_measured += 1;
                    f.intake_on_time += i64::from(on_time);
                }
            }
            Stage::Plan | Stage::Review | Stage::Feedback | Stage::Tracking => {
                let Some(d) = r.department_id else { return };
                let handler = who
                    .and_then(|w| w.handler.clone())
                    .filter(|(_, hd)| *hd == d)
                    .map(|(p, _)| p);
                let update = |acc: &mut Acc| {
                    if r.stage != Stage::Tracking {
                        if let Some(on_time) = judged(r.ended_on, r.due_date, today) {
                            acc.f.handling_measured += 1;
                            acc.f.handling_on_time += i64::from(on_time);
                        }
                        if let Some(end) = r.ended_on {
                            acc.days_sum += workdays.between(r.started_on, end);
                            acc.days_n += 1;
                        }
                    }
                    if r.supervised > 0
                        && let Some(ok) = judged(r.ended_on, r.due_now, today)
                    {
                        acc.f.supervised += 1;
                        acc.f.followed_through += i64::from(ok);
                    }
                };
                update(t.departments.entry(d).or_default());
                if let Some(p) = handler {
                    update(t.people.entry(p).or_default());
                }
            }
        }
    })?;

    Ok(())
}

/// Satisfaction and reopening: the department the appeal is with now, and its handler there.
fn tally_outcomes(now_with: &NowWith, acts: &HashMap<i64, AppealActs>, t: &mut Tally) {
    for (id, (dept, sat, reopened, closed_or_reopened)) in now_with {
        let Some(d) = dept else { continue };
        let handler = acts
            .get(id)
            .and_then(|w| w.handler.clone())
            .filter(|(_, hd)| hd == d)
            .map(|(p, _)| p);
        let update = |f: &mut AssessmentFigures| {
            if let Some(s) = sat
                && *s != Satisfaction::Unreachable
            {
                f.reached += 1;
                f.satisfied += i64::from(*s != Satisfaction::Dissatisfied);
            }
            f.closed_or_reopened += i64::from(*closed_or_reopened);
            f.reopened += i64::from(*reopened);
        };
        update(&mut t.departments.entry(*d).or_default().f);
        if let Some(p) = handler {
            update(&mut t.people.entry(p).or_default().f);
        }
    }
}

/// The assisting parts of co-handled appeals (会办): each judged part credits the assisting
/// department, and the person who gave its opinion when they are of that department.
fn tally_assists(
    store: &Store,
    cohort: &IdSet,
    staff: &HashMap<i64, i64>,
    today: NaiveDate,
    t: &mut Tally,
) -> Result<()> {
    minyi_core::queries::assists::for_each_assist(store, cohort.first, cohort.last(), |s| {
        if !cohort.contains(s.appeal_id) {
            return;
        }
        let Some(on_time) = judged(s.answered_on, Some(s.due_date), today) else {
            return;
        };
        let person = match (&s.on_behalf_person, s.opinion_by) {
            (Some(name), _) => Some(Person::Named {
                department_id: s.department_id,
                name: name.clone(),
            }),
            (None, Some(u)) if staff.get(&u) == Some(&s.department_id) => Some(Person::User(u)),
            _ => None,
        };
        let credit = |f: &mut AssessmentFigures| {
            f.assists_measured += 1;
            f.assists_on_time += i64::from(on_time);
        };
        credit(&mut t.departments.entry(s.department_id).or_default().f);
        if let Some(p) = person {
            credit(&mut t.people.entry(p).or_default().f);
        }
    })
}
