//! Bulk synthetic appeals: `minyi-cli demo --appeals N` and the benchmark database.
//!
//! Each appeal is simulated through the real lifecycle — the same [`crate::lifecycle`] functions
//! and event payloads the use cases write — step by step from its receipt (spread over the last
//! three years, in order) until either it is closed or the next step would lie after `now`. So old
//! appeals are closed, recent ones sit in every open status, some deadlines run over and get
//! supervised or escalated, and `check` (hash chain, replay, numbering) passes on the result.
//!
//! Speed matters (a million appeals in minutes): rows are written with cached statements in
//! transactions of a few thousand appeals, the event-chain head and all counters live in memory,
//! foreign keys are checked once at the end instead of per row, and `synchronous` is relaxed
//! while loading (a crash mid-way loses only demo data, which is regenerated).

use super::office::{Office, seed_office};
use super::rng::Rng;
use super::text::{self, TextCategory};
use crate::calendar::WorkCalendar;
use crate::error::{CoreError, Result};
use crate::lifecycle::{self, Allowances};
use crate::model::*;
use crate::store::{Store, appeals, counters, events, handling, oversight, registry, search};
use crate::time::{cst, fmt_ts};
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::Instant;

/// What to generate.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub appeals: u64,
    pub seed: u64,
    /// The generated history ends here (appeals received over the three years before).
    pub now: DateTime<FixedOffset>,
}

/// What was generated.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoSummary {
    pub appeals: u64,
    pub events: u64,
    pub seconds: f64,
}

const BATCH: u64 = 5_000;

/// Which demo department handles a topic (index into [`super::office::DEPARTMENTS`]).
fn department_for(topic: &str) -> usize {
    match topic {
        "噪音扰民" | "垃圾清运" | "违章搭建" | "绿化养护" | "路灯" | "占道经营" | "井盖缺失"
        | "共享单车" => 0,
        "电梯故障" | "物业收费" | "房屋漏水" | "楼道堆物" | "燃气安全" | "公积金" | "供暖" => {
            1
        }
        "油烟污染" => 2,
        "道路破损" | "公交线路" | "信号灯" | "违章停车" => 3,
        "食品安全" => 4,
        "社保缴纳" | "拖欠工资" | "就业补贴" | "医保报销" => 5,
        "教育收费" | "入学政策" => 6,
        "养老服务" => 7,
        "停水" | "排水管网" => 8,
        "停电" | "充电桩" => 9,
        _ => 10,
    }
}

struct Sim<'a> {
    tx: &'a rusqlite::Connection,
    cal: &'a WorkCalendar,
    allow: Allowances,
    rng: Rng,
    office: &'a Office,
    now: DateTime<FixedOffset>,
    head: (i64, String),
    events: u64,
    counters: HashMap<String, i64>,
}

impl Sim<'_> {
    fn next(&mut self, key: String) -> i64 {
        let c = self.counters.entry(key).or_insert(0);
        *c += 1;
        *c
    }

    /// A time `wd` working days after `t`, during office hours.
    fn after(&mut self, t: DateTime<FixedOffset>, wd: i64) -> DateTime<FixedOffset> {
        let day = if wd == 0 {
            t.date_naive()
        } else {
            self.cal.add_working_days(t.date_naive(), wd).value
        };
        let minutes = self.rng.range(8 * 60 + 30, 17 * 60 + 30);
        let at = office_time(day, minutes);
        if at <= t {
            t + Duration::minutes(self.rng.range(5, 90))
        } else {
            at
        }
    }

    /// A time between `lo` and `hi` working days after `t`.
    fn after_between(
        &mut self,
        t: DateTime<FixedOffset>,
        lo: i64,
        hi: i64,
    ) -> DateTime<FixedOffset> {
        let wd = self.rng.range(lo, hi);
        self.after(t, wd)
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &mut self,
        before: Option<&Appeal>,
        after: &Appeal,
        at: DateTime<FixedOffset>,
        actor: i64,
        action: &str,
        reason: Option<&str>,
        extra: Value,
        behalf: Option<i64>,
    ) -> Result<()> {
        let e = events::NewEvent {
            appeal_id: after.id,
            at,
            actor_id: actor,
            action,
            from_status: before.map(|b| b.status),
            to_status: after.status,
            reason,
            payload: lifecycle::payload(before, after, extra),
            on_behalf_department: behalf,
            on_behalf_person: None,
        };
        self.head = events::append_after(self.tx, &e, self.head.0 + 1, &self.head.1)?;
        self.events += 1;
        Ok(())
    }

    /// Simulates one appeal received at `received`; writes it and its history.
    fn appeal(&mut self, id: i64, received: DateTime<FixedOffset>) -> Result<()> {
        let o = self.office;
        let rng = &mut self.rng;
        let channel = Channel::ALL[rng.weighted(&[18, 16, 6, 14, 22, 6, 18])];
        let category = Category::ALL[rng.weighted(&[25, 35, 15, 15, 10])];
        let tcat = match category {
            Category::Consultation => TextCategory::Consultation,
            Category::Complaint => TextCategory::Complaint,
            Category::Suggestion => TextCategory::Suggestion,
            Category::Help => TextCategory::Help,
            Category::Other => TextCategory::Other,
        };
        let txt = text::appeal_text(rng, tcat);
        let anonymous = channel.is_online() && rng.chance(0.04);
        let appellant = Appellant {
            name: if anonymous {
                "匿名".into()
            } else {
                text::person_name(rng)
            },
            phone: if anonymous && rng.chance(0.5) {
                None
            } else if rng.chance(0.9) {
                Some(text::mobile_phone(rng))
            } else {
                Some(text::landline_phone(rng))
            },
            address: (channel == Channel::Letter || rng.chance(0.7)).then(|| text::address(rng)),
            id_number: rng.chance(0.25).then(|| text::id_number(rng)),
            email: (channel.is_online() && rng.chance(0.2)).then(|| text::email(rng)),
            organisation: rng.chance(0.08).then(|| text::organisation(rng)),
            anonymous,
        };
        let major = category != Category::Consultation && rng.chance(0.05);
        let urgency = Urgency::ALL[rng.weighted(&[90, 8, 2])];
        let registered_at = if channel.is_online() {
            received + Duration::minutes(rng.range(10, 36 * 60))
        } else {
            received + Duration::minutes(rng.range(1, 20))
        }
        .min(self.now);
        let day = registered_at.date_naive().format("%Y%m%d").to_string();
        let seq = self.next(format!("reg:{day}"));
        let dept_idx = department_for(txt.topic);
        let appellant_id = appeals::insert_appellant(self.tx, &appellant)?;
        let received_day = received.date_naive();
        let mut a = Appeal {
            id,
            reg_number: format!("{day}-{seq:04}"),
            archive_number: None,
            appellant_id,
            channel,
            category,
            category_confirmed: false,
            subject: txt.subject,
            content: txt.content,
            urgency,
            major,
            received_at: received,
            registered_at,
            registered_by: o.clerk.user_id,
            postmark_date: (channel == Channel::Letter)
                .then(|| received_day - Duration::days(self.rng.range(1, 4))),
            call_time: (channel == Channel::Hotline).then_some(received),
            status: Status::Registered,
            round: 1,
            department_id: None,
            stage: None,
            stage_started_on: None,
            stage_days: None,
            due_date: None,
            expected_feedback_date: self
                .cal
                .add_working_days(received_day, self.allow.expected_feedback_days())
                .value,
            supervision_count: 0,
            escalated: false,
            satisfaction: None,
            merged_into: None,
            closed_at: None,
            updated_at: registered_at,
        };
        lifecycle::enter(
            &mut a,
            Status::Registered,
            received_day,
            &self.allow,
            self.cal,
        );
        search::index_new(
            self.tx,
            id,
            &a.subject,
            &a.content,
            appellant.address.as_deref().unwrap_or(""),
            &a.reg_number,
        )?;
        self.emit(
            None,
            &a,
            registered_at,
            o.clerk.user_id,
            "register",
            None,
            json!({"likelyDuplicates": []}),
            None,
        )?;
        let mut numbers = vec![a.reg_number.clone()];
        self.run(&mut a, registered_at, dept_idx, &mut numbers)?;
        if a.archive_number.is_some() {
            search::index(
                self.tx,
                id,
                &a.subject,
                &a.content,
                appellant.address.as_deref().unwrap_or(""),
                &numbers.join(" "),
            )?;
        }
        appeals::insert(self.tx, &a)?;
        Ok(())
    }

    /// Moves `a` to `status` at `at` and records the event; returns false (and changes nothing)
    /// when `at` lies in the future.
    #[allow(clippy::too_many_arguments)]
    fn step(
        &mut self,
        a: &mut Appeal,
        at: DateTime<FixedOffset>,
        actor: i64,
        action: &str,
        reason: Option<&str>,
        extra: Value,
        change: impl FnOnce(&mut Appeal, NaiveDate, &Allowances, &WorkCalendar),
    ) -> Result<bool> {
        // Keep each appeal's history in time order even where simulated stages overlap.
        let at = at.max(a.updated_at + Duration::minutes(1));
        if at > self.now {
            return Ok(false);
        }
        let before = a.clone();
        change(a, at.date_naive(), &self.allow, self.cal);
        a.updated_at = at;
        self.emit(Some(&before), a, at, actor, action, reason, extra, None)?;
        Ok(true)
    }

    /// How many working days a stage takes: usually within its allowance, sometimes late.
    fn duration(&mut self, allowance: i64, late_chance: f64) -> i64 {
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
        oversight::insert_supervision(
            self.tx,
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
            "issue_supervision",
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
            let esc = oversight::insert_escalation(
                self.tx,
                a.id,
                o.office.user_id,
                &fmt_ts(&esc_at),
                &reason,
            )?;
            self.step(
                a,
                esc_at,
                o.office.user_id,
                "escalate",
                Some(&reason),
                json!({"escalationId": esc}),
                |a, _, _, _| {
                    a.escalated = true;
                },
            )?;
            let ins_at = self.after(esc_at, 1);
            if ins_at <= self.now {
                let instruction = "请承办部门高度重视，三个工作日内办结并书面报告。".to_string();
                oversight::set_instruction(
                    self.tx,
                    esc,
                    &instruction,
                    o.management.user_id,
                    &fmt_ts(&ins_at),
                )?;
                self.step(
                    a,
                    ins_at,
                    o.management.user_id,
                    "instruct",
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
    fn run(
        &mut self,
        a: &mut Appeal,
        mut t: DateTime<FixedOffset>,
        dept_idx: usize,
        numbers: &mut Vec<String>,
    ) -> Result<()> {
        let o = self.office;
        let clerk = o.clerk.user_id;
        // Initial review.
        let d = self.duration(self.allow.initial_review, 0.06);
        t = self.after(t, d);
        if self.rng.chance(0.03) {
            let reason = "该事项不属于本单位受理范围，已告知诉求人向有关部门反映。";
            if !self.step(
                a,
                t,
                clerk,
                "reject",
                Some(reason),
                json!({"decision": "reject"}),
                |a, day, al, cal| lifecycle::enter(a, Status::Rejected, day, al, cal),
            )? {
                return Ok(());
            }
            return self.feedback(a, t, clerk, true);
        }
        if t > self.now {
            return Ok(());
        }
        let year = a.received_at.year();
        let code = a.category.archive_code();
        let seq = self.next(format!("archive:{code}:{year}"));
        let number = format!("{code}-{year}-{seq:06}");
        registry::insert_archive_number(
            self.tx,
            &number,
            a.id,
            a.category,
            year,
            seq,
            &fmt_ts(&t),
        )?;
        numbers.push(number.clone());
        self.step(
            a,
            t,
            clerk,
            "initial_review",
            None,
            json!({"decision": "accept"}),
            |a, day, al, cal| {
                a.archive_number = Some(number);
                a.category_confirmed = true;
                lifecycle::enter(a, Status::Accepted, day, al, cal);
            },
        )?;
        // Simple consultations are answered at once.
        if a.category == Category::Consultation && self.rng.chance(0.6) {
            t = self.after(t, 0);
            if t > self.now {
                return Ok(());
            }
            let answer = text::answer_text(&mut self.rng, TextCategory::Consultation);
            let plan = PlanContent::Answer { answer };
            let pid = handling::insert_plan(
                self.tx,
                a.id,
                a.round,
                &plan,
                clerk,
                &fmt_ts(&t),
                None,
                None,
            )?;
            handling::set_plan_review(self.tx, pid, "approved")?;
            self.step(
                a,
                t,
                clerk,
                "answer_directly",
                None,
                json!({"planId": pid}),
                |a, day, al, cal| lifecycle::enter(a, Status::AwaitingFeedback, day, al, cal),
            )?;
            return self.feedback(a, t, clerk, false);
        }
        // Routing (sometimes to the wrong department first).
        let mut dept = self.office.departments[dept_idx].0;
        let d = self.duration(self.allow.routing, 0.05);
        t = self.after(t, d);
        if self.rng.chance(0.04) {
            let wrong = self.office.departments
                [(dept_idx + 1 + self.rng.below(9) as usize) % self.office.departments.len()]
            .0;
            if !self.step(a, t, clerk, "route", None, json!({}), |a, day, al, cal| {
                a.department_id = Some(wrong);
                lifecycle::enter(a, Status::Routed, day, al, cal);
            })? {
                return Ok(());
            }
            let handler = self.handler(wrong);
            t = self.after_between(t, 0, 2);
            let reason = "经核实，该事项不属于本部门职责范围，请重新分流。";
            if !self.step(
                a,
                t,
                handler,
                "return_misrouted",
                Some(reason),
                json!({"fromDepartmentId": wrong}),
                |a, day, al, cal| {
                    a.department_id = None;
                    lifecycle::enter(a, Status::Accepted, day, al, cal);
                },
            )? {
                return Ok(());
            }
            t = self.after_between(t, 0, 1);
        }
        if !self.step(a, t, clerk, "route", None, json!({}), |a, day, al, cal| {
            a.department_id = Some(dept);
            lifecycle::enter(a, Status::Routed, day, al, cal);
        })? {
            return Ok(());
        }
        loop {
            if !self.handle_round(a, &mut t, dept)? {
                return Ok(());
            }
            // After feedback: tracking, closed, or a follow-up round.
            match a.status {
                Status::FollowUp => {
                    t = self.after_between(t, 0, 2);
                    let reason = text::short_reason(&mut self.rng);
                    if !self.step(
                        a,
                        t,
                        o.office.user_id,
                        "follow_up",
                        Some(&reason),
                        json!({"talk": "已与诉求人电话沟通，解释了处理依据。"}),
                        |a, day, al, cal| lifecycle::enter(a, Status::Talked, day, al, cal),
                    )? {
                        return Ok(());
                    }
                    t = self.after_between(t, 0, 1);
                    if a.round < 2 && self.rng.chance(0.5) {
                        let r = "诉求人提出新的情况，需重新调查处理。";
                        if !self.step(
                            a,
                            t,
                            o.office.user_id,
                            "reopen",
                            Some(r),
                            json!({}),
                            |a, day, al, cal| {
                                a.round += 1;
                                a.satisfaction = None;
                                lifecycle::enter(a, Status::Routed, day, al, cal);
                            },
                        )? {
                            return Ok(());
                        }
                        dept = a.department_id.unwrap_or(dept);
                        continue;
                    }
                    let r = "已向诉求人充分说明情况，依据政策无法进一步满足，予以办结。";
                    self.step(
                        a,
                        t,
                        o.office.user_id,
                        "close",
                        Some(r),
                        Value::Null,
                        |a, day, al, cal| {
                            lifecycle::enter(a, Status::Closed, day, al, cal);
                            a.closed_at = Some(t);
                        },
                    )?;
                    return Ok(());
                }
                Status::Tracking => return self.track(a, t),
                _ => return Ok(()),
            }
        }
    }

    fn handler(&self, dept: i64) -> i64 {
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
                    let pid = handling::insert_progress(
                        self.tx,
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
                        "add_progress",
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
            let pid = handling::insert_plan(
                self.tx,
                a.id,
                a.round,
                &plan,
                handler,
                &fmt_ts(t),
                None,
                None,
            )?;
            self.step(
                a,
                *t,
                handler,
                "submit_plan",
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
                handling::set_plan_review(self.tx, pid, "returned")?;
                let r = "处理措施不够具体，请补充责任人和完成时限。";
                self.step(
                    a,
                    *t,
                    head,
                    "review_return",
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
            handling::set_plan_review(self.tx, pid, if a.major { "reviewed" } else { "approved" })?;
            self.step(
                a,
                *t,
                head,
                "review_pass",
                Some("同意"),
                json!({"planId": pid}),
                |a, day, al, cal| lifecycle::enter(a, next, day, al, cal),
            )?;
            if a.major {
                *t = self.after_between(*t, 0, 2);
                if *t > self.now {
                    return Ok(false);
                }
                handling::set_plan_review(self.tx, pid, "approved")?;
                self.step(
                    a,
                    *t,
                    mgmt,
                    "approve",
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

    fn plan_for(&mut self, category: Category) -> PlanContent {
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
    fn feedback(
        &mut self,
        a: &mut Appeal,
        t: DateTime<FixedOffset>,
        actor: i64,
        _rejected: bool,
    ) -> Result<()> {
        self.feedback_with_measures(a, t, actor, "")
    }

    fn feedback_with_measures(
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
            handling::insert_feedback(
                self.tx,
                a.id,
                a.round,
                method,
                "已将处理结果告知诉求人。",
                s,
                actor,
                &fmt_ts(&t),
            )?;
            let rejected = a.status == Status::Rejected;
            let extra = json!({"method": method.code(), "satisfaction": s.code()});
            match s {
                Satisfaction::Unreachable => {
                    self.step(a, t, actor, "record_feedback", None, extra, |_, _, _, _| {})?;
                    continue;
                }
                Satisfaction::Dissatisfied if !rejected => {
                    self.step(
                        a,
                        t,
                        actor,
                        "record_feedback",
                        None,
                        extra,
                        |a, day, al, cal| {
                            a.satisfaction = Some(s);
                            lifecycle::enter(a, Status::FollowUp, day, al, cal);
                        },
                    )?;
                }
                _ if rejected || measures.trim().is_empty() => {
                    self.step(
                        a,
                        t,
                        actor,
                        "record_feedback",
                        None,
                        extra,
                        |a, day, al, cal| {
                            a.satisfaction = Some(s);
                            lifecycle::enter(a, Status::Closed, day, al, cal);
                            a.closed_at = Some(t);
                        },
                    )?;
                }
                _ => {
                    self.step(
                        a,
                        t,
                        actor,
                        "record_feedback",
                        None,
                        extra,
                        |a, day, al, cal| {
                            a.satisfaction = Some(s);
                            lifecycle::enter(a, Status::Tracking, day, al, cal);
                        },
                    )?;
                    handling::upsert_tracking(
                        self.tx,
                        a.id,
                        measures,
                        a.department_id,
                        None,
                        a.due_date,
                        &fmt_ts(&t),
                    )?;
                }
            }
            return Ok(());
        }
    }

    /// Tracking: progress reports, then closing once the measures are carried out.
    fn track(&mut self, a: &mut Appeal, t: DateTime<FixedOffset>) -> Result<()> {
        let dept = a.department_id.unwrap_or(self.office.departments[0].0);
        let handler = self.handler(dept);
        let mut t = t;
        for _ in 0..self.rng.range(0, 2) {
            t = self.after_between(t, 3, 10);
            if t > self.now {
                return Ok(());
            }
            let pid = handling::insert_progress(
                self.tx,
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
                "add_progress",
                None,
                json!({"progressId": pid}),
                |_, _, _, _| {},
            )?;
        }
        t = self.after_between(t, 2, 15);
        if t > self.now {
            return Ok(());
        }
        handling::resolve_tracking(self.tx, a.id, &fmt_ts(&t))?;
        let office = self.office.office.user_id;
        self.step(
            a,
            t,
            office,
            "close",
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

fn office_time(day: NaiveDate, minutes: i64) -> DateTime<FixedOffset> {
    let naive = day
        .and_hms_opt((minutes / 60) as u32, (minutes % 60) as u32, 0)
        .unwrap_or_default();
    cst()
        .from_local_datetime(&naive)
        .single()
        .unwrap_or_else(|| cst().from_utc_datetime(&naive))
}

/// Generates `opts.appeals` appeals into an empty database (the office is created if missing).
pub fn generate(
    store: &mut Store,
    opts: &DemoOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<DemoSummary> {
    let started = Instant::now();
    let office = seed_office(store, opts.now)?;
    let existing: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM appeals", [], |r| r.get(0))?;
    if existing > 0 {
        return Err(CoreError::conflict(
            "数据库中已有诉求，演示数据只能生成到空数据库中。请换一个新的数据库文件。",
        ));
    }
    let allow = crate::usecases::allowances(store.conn())?;
    let cal = store.calendar().clone();
    let now = crate::time::to_cst(&opts.now);
    let span = Duration::days(3 * 365);
    let begin = now - span;
    let n = opts.appeals;
    let head = events::head(store.conn())?;
    let conn = store.conn();
    conn.execute_batch("PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF;")?;
    let mut sim = Sim {
        tx: conn,
        cal: &cal,
        allow,
        rng: Rng::new(opts.seed),
        office: &office,
        now,
        head,
        events: 0,
        counters: HashMap::new(),
    };
    let per = (span.num_seconds() / n.max(1) as i64 / 2).max(1);
    let mut run = || -> Result<()> {
        let mut done = 0u64;
        while done < n {
            let end = (done + BATCH).min(n);
            conn.execute_batch("BEGIN IMMEDIATE")?;
            for i in done..end {
                // Receipts in order over the span; the last appeal arrives shortly before now.
                let base = begin
                    + Duration::seconds(
                        (span.num_seconds() as f64 * (i as f64 + 0.5) / n as f64) as i64,
                    );
                let jitter = Duration::seconds(sim.rng.range(0, per));
                sim.appeal(i as i64 + 1, (base + jitter).min(now))?;
            }
            conn.execute_batch("COMMIT")?;
            done = end;
            progress(done, n);
        }
        conn.execute_batch("BEGIN IMMEDIATE")?;
        for (k, v) in &sim.counters {
            counters::set(conn, k, *v)?;
        }
        conn.execute_batch("COMMIT")?;
        Ok(())
    };
    let result = run();
    if result.is_err() && !conn.is_autocommit() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA optimize;")?;
    result?;
    Ok(DemoSummary {
        appeals: n,
        events: sim.events,
        seconds: started.elapsed().as_secs_f64(),
    })
}
