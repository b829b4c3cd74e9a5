//! The lifecycle steps of the demo simulation: handling rounds, supervision of late stages,
//! feedback, follow-up talks and tracking — split from `generate.rs`, which creates each appeal
//! and drives the batches. Every step goes through `Sim::step`, which applies a
//! [`minyi_core::lifecycle`] change and records the event exactly as the use cases would.

use super::generate::Sim;
use super::text::{self, TextCategory};
use chrono::{DateTime, Datelike, Duration, FixedOffset};
use minyi_core::error::Result;
use minyi_core::lifecycle;
use minyi_core::model::*;
use minyi_core::time::fmt_ts;
use serde_json::{Value, json};

impl Sim<'_> {
    /// How many working days a stage takes: usually within its allowance, sometimes late.
    pub(super) fn duration(&mut self, allowance: i64, late_chance: f64) -> i64 {
        if self.rng.chance(late_chance) {
            allowance + self.rng.range(1, 6)
        } else {
            self.rng.range(0, allowance.max(1))
        }
    }

    /// Supervises (and maybe escalates) a stage that runs late; returns the time it ends up at.
    fn oversee(
        &mut self,
        a: &mut Appeal,
        started: DateTime<FixedOffset>,
        took: i64,
        allowance: i64,
    ) -> Result<DateTime<FixedOffset>> {
        let o = self.office;
        if took <= allowance || !self.rng.chance(0.5) {
            return Ok(started);
        }
        let at = self.after(started, allowance + 1);
        let new_due = self.cal.add_working_days(at.date_naive(), 3).value;
        if at.max(a.updated_at + Duration::minutes(1)) > self.now {
            return Ok(started);
        }
        let year = at.year();
        let number = format!("DB-{year}-{:04}", self.next(format!("supervision:{year}")));
        let reason = text::short_reason(&mut self.rng);
        self.out.insert_supervision(
            &number,
            a.id,
            a.department_id,
            o.office.user_id,
            &fmt_ts(&at),
            &reason,
            a.stage,
            a.due_date,
            new_due,
        )?;
        self.step(
            a,
            at,
            o.office.user_id,
            EventAction::IssueSupervision,
            Some(&reason),
            json!({"number": number}),
            |a, _, _, _| {
                a.supervision_count += 1;
                lifecycle::set_fixed_due(a, new_due);
            },
        )?;
        if took > allowance + 3 && self.rng.chance(0.4) {
            let esc_at = self.after(at, 2);
            if esc_at > self.now {
                return Ok(at);
            }
            let reason = text::short_reason(&mut self.rng);
            let esc =
                self.out
                    .insert_escalation(a.id, o.office.user_id, &fmt_ts(&esc_at), &reason)?;
            self.step(
                a,
                esc_at,
                o.office.user_id,
                EventAction::Escalate,
                Some(&reason),
                json!({"escalationId": esc}),
                |a, _, _, _| {
                    a.escalated = true;
                },
            )?;
            let ins_at = self.after(esc_at, 1);
            if ins_at <= self.now {
                let instruction = "请承办部门高度重视，三个工作日内办结并书面报告。".to_string();
                self.out.set_instruction(
                    esc,
                    &instruction,
                    o.management.user_id,
                    &fmt_ts(&ins_at),
                )?;
                self.step(
                    a,
                    ins_at,
                    o.management.user_id,
                    EventAction::Instruct,
                    Some(&instruction),
                    json!({"escalationId": esc}),
                    |_, _, _, _| {},
                )?;
            }
            return Ok(ins_at.min(self.now));
        }
        Ok(at)
    }

    /// Runs the lifecycle from registration on.
    /// One appeal's life from registration to where it stands at `now`: initial review, a
    /// direct answer or routing, handling rounds until closed, tracked or followed up.
    pub(super) fn run(
        &mut self,
        a: &mut Appeal,
        t: DateTime<FixedOffset>,
        dept_idx: usize,
        numbers: &mut Vec<String>,
    ) -> Result<()> {
        let Some(t) = self.initial_review(a, t, numbers)? else {
            return Ok(());
        };
        // Simple consultations are answered at once.
        if a.category == Category::Consultation && self.rng.chance(0.6) {
            return self.answer_at_once(a, t);
        }
        let Some(mut t) = self.route(a, t, dept_idx)? else {
            return Ok(());
        };
        let mut dept = self.office.departments[dept_idx].0;
        loop {
            if !self.handle_round(a, &mut t, dept)? {
                return Ok(());
            }
            // After feedback: tracking, closed, or a follow-up round.
            match a.status {
                Status::FollowUp => {
                    if !self.follow_up(a, &mut t)? {
                        return Ok(());
                    }
                    dept = a.department_id.unwrap_or(dept);
                }
                Status::Tracking => return self.track(a, t),
                _ => return Ok(()),
            }
        }
    }

    /// Initial review: rejected now and then (with its feedback), else accepted with an archive
    /// number. The time it was accepted, or `None` when the appeal goes no further.
    fn initial_review(
        &mut self,
        a: &mut Appeal,
        mut t: DateTime<FixedOffset>,
        numbers: &mut Vec<String>,
    ) -> Result<Option<DateTime<FixedOffset>>> {
        let clerk = self.office.clerk.user_id;
        let d = self.duration(self.allow.initial_review, 0.06);
        t = self.after(t, d);
        if self.rng.chance(0.03) {
            let reason = "该事项不属于本单位受理范围，已告知诉求人向有关部门反映。";
            if self.step(
                a,
                t,
                clerk,
                EventAction::Reject,
                Some(reason),
                json!({"decision": "reject"}),
                |a, day, al, cal| lifecycle::enter(a, Status::Rejected, day, al, cal),
            )? {
                self.feedback(a, t, clerk, true)?;
            }
            return Ok(None);
        }
        if t > self.now {
            return Ok(None);
        }
        let year = a.received_at.year();
        let code = a.category.archive_code();
        let seq = self.next(format!("archive:{code}:{year}"));
        let number = format!("{code}-{year}-{seq:06}");
        self.out
            .insert_archive_number(&number, a.id, a.category, year, seq, &fmt_ts(&t))?;
        numbers.push(number.clone());
        self.step(
            a,
            t,
            clerk,
            EventAction::InitialReview,
            None,
            json!({"decision": "accept"}),
            |a, day, al, cal| {
                a.archive_number = Some(number);
                a.category_confirmed = true;
                lifecycle::enter(a, Status::Accepted, day, al, cal);
            },
        )?;
        Ok(Some(t))
    }

    /// A consultation answered by the office itself, then its feedback and, when the appellant
    /// is dissatisfied, the follow-up talk like any other (§四(一)4).
    fn answer_at_once(&mut self, a: &mut Appeal, t: DateTime<FixedOffset>) -> Result<()> {
        let clerk = self.office.clerk.user_id;
        let t = self.after(t, 0);
        if t > self.now {
            return Ok(());
        }
        let answer = text::answer_text(&mut self.rng, TextCategory::Consultation);
        let plan = PlanContent::Answer { answer };
        let pid = self
            .out
            .insert_plan(a.id, a.round, &plan, clerk, &fmt_ts(&t), None, None)?;
        self.out.set_plan_review(pid, "approved")?;
        self.step(
            a,
            t,
            clerk,
            EventAction::AnswerDirectly,
            None,
            json!({"planId": pid}),
            |a, day, al, cal| lifecycle::enter(a, Status::AwaitingFeedback, day, al, cal),
        )?;
        self.feedback(a, t, clerk, false)?;
        self.close_after_talk(a)
    }

    /// Routing to the department, sometimes to a wrong one first that sends it back. The time
    /// it reached the right department, or `None` when the simulation reached `now`.
    fn route(
        &mut self,
        a: &mut Appeal,
        mut t: DateTime<FixedOffset>,
        dept_idx: usize,
    ) -> Result<Option<DateTime<FixedOffset>>> {
        let clerk = self.office.clerk.user_id;
        let dept = self.office.departments[dept_idx].0;
        let d = self.duration(self.allow.routing, 0.05);
        t = self.after(t, d);
        if self.rng.chance(0.04) {
            let wrong = self.office.departments
                [(dept_idx + 1 + self.rng.below(9) as usize) % self.office.departments.len()]
            .0;
            if !self.step(
                a,
                t,
                clerk,
                EventAction::Route,
                None,
                json!({}),
                |a, day, al, cal| {
                    a.department_id = Some(wrong);
                    lifecycle::enter(a, Status::Routed, day, al, cal);
                },
            )? {
                return Ok(None);
            }
            let handler = self.handler(wrong);
            t = self.after_between(t, 0, 2);
            let reason = "经核实，该事项不属于本部门职责范围，请重新分流。";
            if !self.step(
                a,
                t,
                handler,
                EventAction::ReturnMisrouted,
                Some(reason),
                json!({"fromDepartmentId": wrong}),
                |a, day, al, cal| {
                    a.department_id = None;
                    lifecycle::enter(a, Status::Accepted, day, al, cal);
                },
            )? {
                return Ok(None);
            }
            t = self.after_between(t, 0, 1);
        }
        let routed = self.step(
            a,
            t,
            clerk,
            EventAction::Route,
            None,
            json!({}),
            |a, day, al, cal| {
                a.department_id = Some(dept);
                lifecycle::enter(a, Status::Routed, day, al, cal);
            },
        )?;
        Ok(routed.then_some(t))
    }

    /// The office talks with a dissatisfied appellant, then either reopens the appeal for a new
    /// round (true) or closes it with the reason.
    fn follow_up(&mut self, a: &mut Appeal, t: &mut DateTime<FixedOffset>) -> Result<bool> {
        let office = self.office.office.user_id;
        *t = self.after_between(*t, 0, 2);
        let reason = text::short_reason(&mut self.rng);
        if !self.step(
            a,
            *t,
            office,
            EventAction::FollowUp,
            Some(&reason),
            json!({"talk": "已与诉求人电话沟通，解释了处理依据。"}),
            |a, day, al, cal| lifecycle::enter(a, Status::Talked, day, al, cal),
        )? {
            return Ok(false);
        }
        *t = self.after_between(*t, 0, 1);
        if a.round < 2 && self.rng.chance(0.5) {
            let r = "诉求人提出新的情况，需重新调查处理。";
            return self.step(
                a,
                *t,
                office,
                EventAction::Reopen,
                Some(r),
                json!({}),
                |a, day, al, cal| {
                    a.round += 1;
                    a.satisfaction = None;
                    lifecycle::enter(a, Status::Routed, day, al, cal);
                },
            );
        }
        let r = "已向诉求人充分说明情况，依据政策无法进一步满足，予以办结。";
        let closed_at = *t;
        self.step(
            a,
            *t,
            office,
            EventAction::Close,
            Some(r),
            Value::Null,
            |a, day, al, cal| {
                lifecycle::enter(a, Status::Closed, day, al, cal);
                a.closed_at = Some(closed_at);
            },
        )?;
        Ok(false)
    }

    pub(super) fn handler(&self, dept: i64) -> i64 {
        let i = self
            .office
            .departments
            .iter()
            .position(|d| d.0 == dept)
            .unwrap_or(0);
        self.office.handlers[i].user_id
    }

    fn head(&self, dept: i64) -> i64 {
        let i = self
            .office
            .departments
            .iter()
            .position(|d| d.0 == dept)
            .unwrap_or(0);
        self.office.heads[i].user_id
    }

    /// One handling round: plan, review (maybe returned), approval for major appeals, feedback.
    /// Returns false when the simulation reached `now`.
    fn handle_round(
        &mut self,
        a: &mut Appeal,
        t: &mut DateTime<FixedOffset>,
        dept: i64,
    ) -> Result<bool> {
        let handler = self.handler(dept);
        let head = self.head(dept);
        let mgmt = self.office.management.user_id;
        loop {
            let start = *t;
            let took = self.duration(self.allow.plan, 0.15);
            let after_oversight = self.oversee(a, start, took, self.allow.plan)?;
            *t = self
                .after(start, took)
                .max(after_oversight + Duration::minutes(30));
            if self.rng.chance(0.15) {
                let p_at = self.after(start, (took / 2).max(0));
                if p_at < *t && p_at <= self.now {
                    let pid = self.out.insert_progress(
                        a.id,
                        &fmt_ts(&p_at),
                        "已安排专人调查核实，正在协调相关单位。",
                        handler,
                        None,
                        None,
                    )?;
                    self.step(
                        a,
                        p_at,
                        handler,
                        EventAction::AddProgress,
                        None,
                        json!({"progressId": pid}),
                        |_, _, _, _| {},
                    )?;
                }
            }
            if *t > self.now {
                return Ok(false);
            }
            let plan = self.plan_for(a.category);
            let pid =
                self.out
                    .insert_plan(a.id, a.round, &plan, handler, &fmt_ts(t), None, None)?;
            self.step(
                a,
                *t,
                handler,
                EventAction::SubmitPlan,
                None,
                json!({"planId": pid}),
                |a, day, al, cal| lifecycle::enter(a, Status::PlanSubmitted, day, al, cal),
            )?;
            let took = self.duration(self.allow.review, 0.08);
            *t = self.after(*t, took);
            if *t > self.now {
                return Ok(false);
            }
            if self.rng.chance(0.08) {
                self.out.set_plan_review(pid, "returned")?;
                let r = "处理措施不够具体，请补充责任人和完成时限。";
                self.step(
                    a,
                    *t,
                    head,
                    EventAction::ReviewReturn,
                    Some(r),
                    json!({"planId": pid}),
                    |a, day, al, cal| lifecycle::enter(a, Status::Routed, day, al, cal),
                )?;
                continue;
            }
            let next = if a.major {
                Status::AwaitingApproval
            } else {
                Status::AwaitingFeedback
            };
            self.out
                .set_plan_review(pid, if a.major { "reviewed" } else { "approved" })?;
            self.step(
                a,
                *t,
                head,
                EventAction::ReviewPass,
                Some("同意"),
                json!({"planId": pid}),
                |a, day, al, cal| lifecycle::enter(a, next, day, al, cal),
            )?;
            if a.major {
                *t = self.after_between(*t, 0, 2);
                if *t > self.now {
                    return Ok(false);
                }
                self.out.set_plan_review(pid, "approved")?;
                self.step(
                    a,
                    *t,
                    mgmt,
                    EventAction::Approve,
                    Some("同意"),
                    json!({"planId": pid}),
                    |a, day, al, cal| lifecycle::enter(a, Status::AwaitingFeedback, day, al, cal),
                )?;
            }
            let measures = plan.measures();
            self.feedback_with_measures(a, *t, handler, &measures)?;
            *t = a.updated_at;
            return Ok(a.status != Status::AwaitingFeedback);
        }
    }
}
