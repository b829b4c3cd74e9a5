//! Bulk synthetic appeals: `minyi-cli demo --appeals N` and the benchmark database.
//!
//! Each appeal is simulated through the real lifecycle — the same [`minyi_core::lifecycle`]
//! functions and event payloads the use cases write — step by step from its receipt (spread over the last
//! three years, in order) until either it is closed or the next step would lie after `now`. So old
//! appeals are closed, recent ones sit in every open status, some deadlines run over and get
//! supervised or escalated, and `check` (hash chain, replay, numbering) passes on the result.
//!
//! Speed matters (a million appeals in minutes): rows are written with cached statements in
//! transactions of a few thousand appeals, the event-chain head and all counters live in memory,
//! foreign keys are checked once at the end instead of per row, and `synchronous` is relaxed
//! while loading (a crash mid-way loses only demo data, which is regenerated).

use super::fts_build;
use super::office::{Office, seed_office};
use super::rng::Rng;
use super::rows::Rows;
use super::text::{self, TextCategory};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use minyi_core::calendar::WorkCalendar;
use minyi_core::error::{CoreError, Result};
use minyi_core::lifecycle::{self, Allowances};
use minyi_core::model::*;
use minyi_core::store::bulk::{self, BulkLoad, Row};
use minyi_core::store::{Store, events};
use minyi_core::time::cst;
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

/// Appeals per transaction.
const BATCH: u64 = 20_000;
/// Appeals per chunk handed from the simulation thread to the writer.
const CHUNK: u64 = 1_000;

/// Which demo department handles a topic (index into [`super::office::DEPARTMENTS`]).
pub(super) fn department_for(topic: &str) -> usize {
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

pub(super) struct Sim<'a> {
    pub(super) out: Rows,
    pub(super) cal: &'a WorkCalendar,
    pub(super) allow: Allowances,
    pub(super) rng: Rng,
    pub(super) office: &'a Office,
    pub(super) now: DateTime<FixedOffset>,
    pub(super) events: u64,
    pub(super) counters: HashMap<String, i64>,
    /// Decisions added after the main sequence was fixed (returning appellants, the follow-up
    /// talk after a direct answer) draw from here, so that they leave every other appeal of a
    /// seed exactly as it was.
    pub(super) aux: Rng,
    /// Recent appellants who may come back with another appeal ([`super::repeat`]).
    pub(super) recent: super::repeat::Recent,
}

impl Sim<'_> {
    pub(super) fn next(&mut self, key: String) -> i64 {
        let c = self.counters.entry(key).or_insert(0);
        *c += 1;
        *c
    }

    /// A time `wd` working days after `t`, during office hours.
    pub(super) fn after(&mut self, t: DateTime<FixedOffset>, wd: i64) -> DateTime<FixedOffset> {
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
    pub(super) fn after_between(
        &mut self,
        t: DateTime<FixedOffset>,
        lo: i64,
        hi: i64,
    ) -> DateTime<FixedOffset> {
        let wd = self.rng.range(lo, hi);
        self.after(t, wd)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn emit(
        &mut self,
        before: Option<&Appeal>,
        after: &Appeal,
        at: DateTime<FixedOffset>,
        actor: i64,
        action: EventAction,
        reason: Option<&str>,
        extra: Value,
        behalf: Option<i64>,
    ) -> Result<()> {
        debug_assert!(
            behalf.is_none(),
            "demo events are typed by the department itself"
        );
        self.out.event(&events::NewEvent {
            appeal_id: after.id,
            at,
            actor_id: actor,
            action,
            from_status: before.map(|b| b.status),
            to_status: after.status,
            reason,
            payload: lifecycle::payload(before, after, extra),
            on_behalf_department: None,
            on_behalf_person: None,
        });
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
        let appellant = self.recent.maybe_return(&mut self.aux, received, appellant);
        let rng = &mut self.rng;
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
        let appellant_id = self.out.insert_appellant(&appellant)?;
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

        self.emit(
            None,
            &a,
            registered_at,
            o.clerk.user_id,
            EventAction::Register,
            None,
            json!({"likelyDuplicates": []}),
            None,
        )?;
        let mut numbers = vec![a.reg_number.clone()];
        self.run(&mut a, registered_at, dept_idx, &mut numbers)?;
        self.out.index_new(
            id,
            &a.subject,
            &a.content,
            appellant.address.as_deref().unwrap_or(""),
            &numbers.join(" "),
        );
        self.out.index_sketch(id, &a.content);
        self.out.insert_appeal(&a);
        self.out.insert_stage_spans();
        Ok(())
    }

    /// Moves `a` to `status` at `at` and records the event; returns false (and changes nothing)
    /// when `at` lies in the future.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn step(
        &mut self,
        a: &mut Appeal,
        at: DateTime<FixedOffset>,
        actor: i64,
        action: EventAction,
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
    if !bulk::is_empty(store)? {
        return Err(CoreError::conflict(
            "数据库中已有诉求，演示数据只能生成到空数据库中。请换一个新的数据库文件。",
        ));
    }
    crate::phrases::seed_demo_stock_texts(store, &office.office, opts.now)?;
    let allow = minyi_core::usecases::stage_allowances(store)?;
    let cal = store.calendar().clone();
    let now = minyi_core::time::to_cst(&opts.now);
    let n = opts.appeals;
    let mut load = BulkLoad::begin(store)?;
    let staff = office.clone();
    let loaded = load_appeals(&mut load, office, cal, allow, now, opts.seed, n, progress);
    // Whatever happened, so that the file keeps its full schema.
    load.finish()?;
    let loaded = loaded?
        + super::pending::leave_pending(store, &staff, now)?
        + super::followups::follow_up(store, &staff, now)?;
    Ok(DemoSummary {
        appeals: n,
        events: loaded,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Simulates `n` appeals on one thread and writes them on this one (the index on a third);
/// returns the number of events.
#[allow(clippy::too_many_arguments)]
fn load_appeals(
    load: &mut BulkLoad<'_>,
    office: Office,
    cal: WorkCalendar,
    allow: Allowances,
    now: DateTime<FixedOffset>,
    seed: u64,
    n: u64,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<u64> {
    let span = Duration::days(3 * 365);
    let begin = now - span;
    let rows = Rows::new(load.next_ids()?);
    // SQLite's full-text index is built aside on a thread of its own; PostgreSQL's search rows
    // go with the other rows.
    let fts = if load.builds_index_aside() {
        Some(fts_build::start(load)?)
    } else {
        None
    };
    let fts_send = fts.as_ref().map(|f| f.send.clone());
    let per = (span.num_seconds() / n.max(1) as i64 / 2).max(1);
    // The simulation runs on its own thread and hands over chunks of rows; this thread writes
    // them, so the two cores share the work.
    let (send, receive) = std::sync::mpsc::sync_channel::<(u64, Vec<Row>)>(8);
    let generator = std::thread::spawn(move || -> Result<(u64, HashMap<String, i64>)> {
        let mut sim = Sim {
            out: rows,
            cal: &cal,
            allow,
            rng: Rng::new(seed),
            office: &office,
            now,
            events: 0,
            counters: HashMap::new(),
            aux: Rng::new(seed ^ 0x5EED_4E9E_A7ED),
            recent: super::repeat::Recent::default(),
        };
        let mut i = 0u64;
        while i < n {
            let end = (i + CHUNK).min(n);
            for k in i..end {
                // Receipts in order over the span; the last appeal arrives shortly before now.
                let base = begin
                    + Duration::seconds(
                        (span.num_seconds() as f64 * (k as f64 + 0.5) / n as f64) as i64,
                    );
                let jitter = Duration::seconds(sim.rng.range(0, per));
                sim.appeal(k as i64 + 1, (base + jitter).min(now))?;
            }
            let chunk = std::mem::take(&mut sim.out.rows);
            if send.send((end, chunk)).is_err() {
                break; // the writer stopped on an error; it reports it
            }
            i = end;
        }
        Ok((sim.events, sim.counters))
    });
    let mut run = || -> Result<()> {
        let mut in_batch = 0u64;
        load.begin_batch()?;
        for (done, chunk) in receive.iter() {
            let rest = match &fts_send {
                Some(fts_send) => {
                    let mut index = Vec::new();
                    let mut rest = Vec::with_capacity(chunk.len());
                    for row in chunk {
                        match row {
                            Row::Fts(entry) => index.push(entry),
                            other => rest.push(other),
                        }
                    }
                    fts_send
                        .send(index)
                        .map_err(|_| CoreError::storage("全文索引生成线程意外终止。"))?;
                    rest
                }
                None => chunk,
            };
            load.write(rest)?;
            in_batch += CHUNK;
            if in_batch >= BATCH || done == n {
                load.commit_batch()?;
                progress(done, n);
                in_batch = 0;
                if done < n {
                    load.begin_batch()?;
                }
            }
        }
        Ok(())
    };
    let written = run();
    drop(receive);
    drop(fts_send);
    let indexed = match fts {
        Some(fts) => fts.finish(load),
        None => Ok(()),
    };
    let generated = generator
        .join()
        .map_err(|_| CoreError::storage("演示数据生成线程意外终止。"))?;
    written?;
    indexed?;
    let (events, counters) = generated?;
    load.set_counters(counters.iter().map(|(k, v)| (k.as_str(), *v)))?;
    Ok(events)
}
