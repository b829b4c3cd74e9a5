//! The interpreter of walk steps: a fresh office in a temporary database per walk, and each step
//! run through the real use cases as the user it names — or, for `Who::Natural`, the user who
//! would normally take that action on that appeal.

use super::*;
use crate::common::*;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use minyi_core::queries::detail::{PersonalData, detail};
use minyi_core::queries::list::search;

use minyi_core::usecases::initial_review::{InitialReviewInput, initial_review};
use minyi_core::usecases::record_feedback::{FeedbackInput, record_feedback};
use minyi_core::usecases::*;
use minyi_core::{CoreError, Store};
use minyi_demo::Office;

/// What a successful step must have written.
pub enum Wrote {
    /// One event (every lifecycle action and registration).
    OneEvent(Option<Outcome>),
    /// One event per recomputed deadline.
    Events(usize),
    /// Nothing but, when personal data was shown in full, one access-log line.
    Read { logged: bool },
}

pub struct World {
    pub _dir: tempfile::TempDir,
    pub store: Store,
    pub office: Office,
    pub ids: Vec<i64>,
    pub now: DateTime<FixedOffset>,
    pub admin_days: Vec<NaiveDate>,
}

impl World {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("walk.db")).unwrap();
        let now = at("2026-03-02T08:30:00+08:00");
        let office = minyi_demo::seed_office(&mut store, now).unwrap();
        World {
            _dir: dir,
            store,
            office,
            ids: Vec::new(),
            now,
            admin_days: Vec::new(),
        }
    }

    fn id(&self, pick: u8) -> i64 {
        if pick >= 250 || self.ids.is_empty() {
            return 9_999;
        }
        self.ids[pick as usize % self.ids.len()]
    }

    fn dept_id(&self, i: usize) -> i64 {
        self.office
            .departments
            .get(i)
            .filter(|_| i < DEPTS)
            .map_or(9_999, |d| d.0)
    }

    /// The user who acts: as chosen, or the one who would normally take `op` on `appeal`.
    fn actor(&self, who: &Who, op: &Op, appeal: Option<&Appeal>) -> Actor {
        let o = &self.office;
        let dept = appeal
            .and_then(|a| a.department_id)
            .and_then(|d| o.departments.iter().position(|x| x.0 == d));
        match who {
            Who::Clerk => o.clerk.clone(),
            Who::Office => o.office.clone(),
            Who::Management => o.management.clone(),
            Who::Admin => o.admin.clone(),
            Who::Unsigned => o.unsigned_clerk.clone(),
            Who::Handler(i) => o.handlers[*i].clone(),
            Who::Head(i) => o.heads[*i].clone(),
            Who::Natural => match op {
                Op::SubmitPlan { .. }
                | Op::ReturnMisrouted { .. }
                | Op::Progress { .. }
                | Op::RequestExtension { .. } => {
                    dept.map_or(o.office.clone(), |d| o.handlers[d].clone())
                }
                Op::Feedback { .. } => dept.map_or(o.clerk.clone(), |d| o.handlers[d].clone()),
                Op::Review { .. } => dept.map_or(o.office.clone(), |d| o.heads[d].clone()),
                Op::Approve { .. } | Op::Instruct { .. } => o.management.clone(),
                Op::FollowUp { .. }
                | Op::Reopen { .. }
                | Op::Close { .. }
                | Op::Supervise { .. }
                | Op::Escalate { .. }
                | Op::DecideExtension { .. } => o.office.clone(),
                Op::SetDay { .. } | Op::ClearDay { .. } => o.admin.clone(),
                _ => o.clerk.clone(),
            },
        }
    }

    /// Runs one step as the user it names (or the natural one) and says what it must have written.
    pub fn run(&mut self, step: &Step) -> Result<Wrote, CoreError> {
        let mut op = step.op.clone();
        if let Op::Next { appeal, choice } = op {
            let Ok(a) = minyi_core::testing::appeal(&self.store, self.id(appeal)) else {
                return Ok(Wrote::Read { logged: false });
            };
            let pending = minyi_core::testing::pending_extension(&self.store, a.id)
                .unwrap()
                .is_some();
            let escalation = minyi_core::testing::open_escalation(&self.store, a.id)
                .unwrap()
                .is_some();
            op = natural_next(&a, choice, pending, escalation);
            set_appeal(&mut op, appeal);
        }
        let target = appeal_of(&op).map(|p| self.id(p));
        let current = target.and_then(|id| minyi_core::testing::appeal(&self.store, id).ok());
        let actor = self.actor(&step.who, &op, current.as_ref());
        let ctx = Ctx::new(&actor, self.now);
        let today = ctx.today();
        let id = target.unwrap_or(0);
        let other = match op {
            Op::Link { other, .. } | Op::Merge { other, .. } => self.id(other),
            _ => 0,
        };
        let depts: Vec<i64> = (0..=DEPTS).map(|i| self.dept_id(i)).collect();
        let s = &mut self.store;
        let text = "情况说明";
        let lifecycle = |r: Result<Outcome, CoreError>| r.map(|o| Wrote::OneEvent(Some(o)));
        match op {
            Op::Next { .. } => unreachable!(),
            Op::Register {
                category,
                channel,
                phone,
                back_days,
                bad,
            } => {
                let mut form = input(
                    Channel::ALL[channel].code(),
                    Category::ALL[category].code(),
                    if bad { "12345" } else { PHONES[phone] },
                    CONTENTS[(category + phone) % CONTENTS.len()],
                );
                let received = self.now - Duration::days(back_days) - Duration::minutes(5);
                form.received_at = minyi_core::time::fmt_ts(&received);
                let r = register::register(s, &ctx, &form)?;
                self.ids.push(r.appeal_id);
                Ok(Wrote::OneEvent(None))
            }
            Op::Accept {
                category, major, ..
            } => {
                let input = InitialReviewInput::Accept {
                    category: Category::ALL[category],
                    major,
                    urgency: None,
                    note: None,
                };
                lifecycle(initial_review(s, &ctx, id, &input))
            }
            Op::Reject { .. } => {
                let input = InitialReviewInput::Reject {
                    reason: "不属于本单位受理范围".into(),
                };
                lifecycle(initial_review(s, &ctx, id, &input))
            }
            Op::AnswerDirectly { .. } => lifecycle(answer_directly::answer_directly(
                s,
                &ctx,
                id,
                "请携带身份证办理。",
            )),
            Op::Route { dept, .. } => lifecycle(route::route(s, &ctx, id, depts[dept], None)),
            Op::ReturnMisrouted { .. } => lifecycle(return_misrouted::return_misrouted(
                s,
                &ctx,
                id,
                "不属于本部门职责",
                &OnBehalf::default(),
            )),
            Op::SubmitPlan {
                kind,
                adopted,
                blank,
                ..
            } => {
                let category = current.as_ref().map_or(Category::Other, |a| a.category);
                let plan = plan(kind, category, adopted, blank);
                lifecycle(submit_plan::submit_plan(
                    s,
                    &ctx,
                    id,
                    &plan,
                    &OnBehalf::default(),
                ))
            }
            Op::Review { pass, .. } => lifecycle(review::review(s, &ctx, id, pass, "请补充")),
            Op::Approve { pass, .. } => lifecycle(approve::approve(s, &ctx, id, pass, "请补充")),
            Op::Feedback { satisfaction, .. } => {
                let input = FeedbackInput {
                    method: FeedbackMethod::PhoneCall,
                    content: "已电话告知处理结果".into(),
                    satisfaction: Satisfaction::ALL[satisfaction],
                    responsible: None,
                };
                lifecycle(record_feedback(s, &ctx, id, &input))
            }
            Op::FollowUp { .. } => {
                lifecycle(follow_up::follow_up(s, &ctx, id, "认为处理太慢", text))
            }
            Op::Reopen { dept, .. } => {
                lifecycle(reopen::reopen(s, &ctx, id, dept.map(|d| depts[d]), text))
            }
            Op::Close { .. } => lifecycle(close::close(s, &ctx, id, text)),
            Op::Progress { next_check, .. } => {
                let next = next_check.map(|d| today + Duration::days(d));
                lifecycle(add_progress::add_progress(
                    s,
                    &ctx,
                    id,
                    "正在落实",
                    next,
                    &OnBehalf::default(),
                ))
            }
            Op::Supervise { days, .. } => {
                let due = today + Duration::days(days);
                lifecycle(issue_supervision::issue_supervision(
                    s,
                    &ctx,
                    id,
                    "进展缓慢",
                    due,
                ))
            }
            Op::Escalate { .. } => lifecycle(escalate::escalate(s, &ctx, id, "督办后仍无改进")),
            Op::Instruct { .. } => lifecycle(instruct::instruct(s, &ctx, id, "限期办结")),
            Op::RequestExtension { days, .. } => lifecycle(extend_deadline::request_extension(
                s,
                &ctx,
                id,
                days,
                "需要现场核查",
            )),
            Op::DecideExtension { approve, .. } => lifecycle(extend_deadline::decide_extension(
                s, &ctx, id, approve, None,
            )),
            Op::Reclassify { category, .. } => lifecycle(reclassify::reclassify(
                s,
                &ctx,
                id,
                Category::ALL[category],
                "分类有误",
            )),
            Op::Link { kind, .. } => lifecycle(link::link(s, &ctx, id, other, LinkKind::ALL[kind])),
            Op::Merge { .. } => lifecycle(link::merge(s, &ctx, id, other, "同一事项")),
            Op::SetDay { days, off } => {
                let date = today + Duration::days(days);
                let r = calendar_admin::set_day(s, &ctx, date, off, "")?;
                self.admin_days.push(date);
                Ok(Wrote::Events(r.deadlines_recomputed))
            }
            Op::ClearDay { pick } => {
                let date = match self.admin_days.len() {
                    0 => today,
                    n => self.admin_days[pick % n],
                };
                let r = calendar_admin::clear_day(s, &ctx, date)?;
                self.admin_days.retain(|d| *d != date);
                Ok(Wrote::Events(r.deadlines_recomputed))
            }
            Op::View { full, .. } => {
                let asked = if full {
                    PersonalData::Full
                } else {
                    PersonalData::Masked
                };
                let d = detail(s, &ctx, id, asked)?;
                Ok(Wrote::Read {
                    logged: !d.personal_data_masked,
                })
            }
            Op::Search { term } => {
                // Search never fails, whoever asks and whatever they type.
                let p = search(s, &ctx, TERMS[term], 0, 20).expect("search");
                assert!(p.rows.len() <= 20);
                // A lookup by phone or name that finds someone is itself an access to personal data.
                let matched: bool = s
                    .sql_for_tests()
                    .query_row(
                        "SELECT EXISTS(SELECT 1 FROM appellants WHERE phone = ?1 OR name = ?1)",
                        [TERMS[term]],
                        |r| r.get(0),
                    )
                    .expect("lookup");
                let logged = matched
                    && minyi_core::queries::list::personal_lookup(
                        ctx.actor,
                        TERMS[term],
                        ctx.today(),
                    );
                Ok(Wrote::Read { logged })
            }
        }
    }
}
