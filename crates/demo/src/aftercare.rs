//! The end of a simulated appeal's handling: the category-specific plan, feedback to the
//! appellant (the status rule is [`minyi_core::lifecycle::record_feedback`], shared with the use
//! case), and tracking until the measures are carried out. Split from `simulate.rs`, which drives
//! the rounds.

use super::generate::Sim;
use super::text::{self, TextCategory};
use chrono::{DateTime, FixedOffset};
use minyi_core::error::Result;
use minyi_core::lifecycle;
use minyi_core::model::*;
use minyi_core::time::fmt_ts;
use serde_json::{Value, json};

impl Sim<'_> {
    pub(super) fn plan_for(&mut self, category: Category) -> PlanContent {
        let rng = &mut self.rng;
        match category {
            Category::Complaint => PlanContent::Complaint {
                facts_found: text::answer_text(rng, TextCategory::Complaint),
                responsible_party: text::organisation(rng),
                measures: "责令限期整改，并安排专人每周回访检查整改落实情况。".into(),
            },
            Category::Suggestion => {
                let adopted = rng.chance(0.4);
                PlanContent::Suggestion {
                    feasibility: "经研究，该建议具有一定可行性。".into(),
                    value: text::answer_text(rng, TextCategory::Suggestion),
                    adopted,
                    implementation_plan: if adopted {
                        "纳入明年工作计划，分两期实施。".into()
                    } else {
                        String::new()
                    },
                }
            }
            Category::Help => PlanContent::Help {
                resources_coordinated: text::answer_text(rng, TextCategory::Help),
                measures: "协调社区和相关单位提供帮扶，跟踪落实到位。".into(),
            },
            Category::Consultation | Category::Other => PlanContent::Answer {
                answer: text::answer_text(rng, TextCategory::Other),
            },
        }
    }

    /// Feedback after a direct answer or a rejection (nothing to track).
    pub(super) fn feedback(
        &mut self,
        a: &mut Appeal,
        t: DateTime<FixedOffset>,
        actor: i64,
        _rejected: bool,
    ) -> Result<()> {
        self.feedback_with_measures(a, t, actor, "")
    }

    pub(super) fn feedback_with_measures(
        &mut self,
        a: &mut Appeal,
        t: DateTime<FixedOffset>,
        actor: i64,
        measures: &str,
    ) -> Result<()> {
        let mut t = t;
        loop {
            let took = self.duration(self.allow.feedback, 0.08);
            t = self.after(t, took);
            if t > self.now {
                return Ok(());
            }
            let s = Satisfaction::ALL[self.rng.weighted(&[62, 20, 10, 8])];
            let method = match a.channel {
                Channel::Letter => FeedbackMethod::ReplyLetter,
                Channel::WalkIn if self.rng.chance(0.3) => FeedbackMethod::InPerson,
                c if c.is_online() && self.rng.chance(0.5) => FeedbackMethod::Message,
                _ => FeedbackMethod::PhoneCall,
            };
            self.out.insert_feedback(
                a.id,
                a.round,
                method,
                "已将处理结果告知诉求人。",
                s,
                actor,
                &fmt_ts(&t),
            )?;
            let extra = json!({"method": method.code(), "satisfaction": s.code()});
            let has_measures = !measures.trim().is_empty();
            self.step(
                a,
                t,
                actor,
                EventAction::RecordFeedback,
                None,
                extra,
                |a, _, al, cal| lifecycle::record_feedback(a, s, has_measures, t, al, cal),
            )?;
            match a.status {
                Status::AwaitingFeedback | Status::Rejected => continue, // unreachable: try again
                Status::Tracking => {
                    self.out.upsert_tracking(
                        a.id,
                        measures,
                        a.department_id,
                        None,
                        a.due_date,
                        &fmt_ts(&t),
                    )?;
                }
                _ => {}
            }
            return Ok(());
        }
    }

    /// After a direct answer: a dissatisfied appellant gets the office's follow-up talk and the
    /// appeal is closed (there is no department to hand it back to). Without this step such an
    /// appeal waited in 待回访沟通 for ever and the demo's workbench showed items overdue by
    /// hundreds of working days. Draws from the auxiliary generator (see [`Sim::aux`]).
    pub(super) fn close_after_talk(&mut self, a: &mut Appeal) -> Result<()> {
        if a.status != Status::FollowUp {
            return Ok(());
        }
        std::mem::swap(&mut self.rng, &mut self.aux);
        let done = self.talk_and_close(a);
        std::mem::swap(&mut self.rng, &mut self.aux);
        done
    }

    fn talk_and_close(&mut self, a: &mut Appeal) -> Result<()> {
        let office = self.office.office.user_id;
        let t = self.after_between(a.updated_at, 0, 2);
        let reason = text::short_reason(&mut self.rng);
        if !self.step(
            a,
            t,
            office,
            EventAction::FollowUp,
            Some(&reason),
            json!({"talk": "已与诉求人电话沟通，进一步解释了有关政策。"}),
            |a, day, al, cal| lifecycle::enter(a, Status::Talked, day, al, cal),
        )? {
            return Ok(());
        }
        let t = self.after_between(a.updated_at, 0, 1);
        self.step(
            a,
            t,
            office,
            EventAction::Close,
            Some("已向诉求人充分说明情况，予以办结。"),
            Value::Null,
            |a, day, al, cal| {
                lifecycle::enter(a, Status::Closed, day, al, cal);
                a.closed_at = Some(t);
            },
        )?;
        Ok(())
    }

    /// Tracking: progress reports, then closing once the measures are carried out.
    pub(super) fn track(&mut self, a: &mut Appeal, t: DateTime<FixedOffset>) -> Result<()> {
        let dept = a.department_id.unwrap_or(self.office.departments[0].0);
        let handler = self.handler(dept);
        let mut t = t;
        // Within the tracking check's allowance (10 working days) as a rule, now and then a
        // few days late: the demo's workbench should show a few overdue items, not a third.
        for _ in 0..self.rng.range(0, 1) {
            t = self.after_between(t, 2, 4);
            if t > self.now {
                return Ok(());
            }
            let pid = self.out.insert_progress(
                a.id,
                &fmt_ts(&t),
                "整改措施正在落实，已完成主要工作。",
                handler,
                None,
                None,
            )?;
            self.step(
                a,
                t,
                handler,
                EventAction::AddProgress,
                None,
                json!({"progressId": pid}),
                |_, _, _, _| {},
            )?;
        }
        t = self.after_between(t, 1, 8);
        if t > self.now {
            return Ok(());
        }
        self.out.resolve_tracking(a.id, &fmt_ts(&t))?;
        let office = self.office.office.user_id;
        self.step(
            a,
            t,
            office,
            EventAction::Close,
            Some("整改措施已全部落实，经回访诉求人认可。"),
            Value::Null,
            |a, day, al, cal| {
                lifecycle::enter(a, Status::Closed, day, al, cal);
                a.closed_at = Some(t);
            },
        )?;
        Ok(())
    }
}
