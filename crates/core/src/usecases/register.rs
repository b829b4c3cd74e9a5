//! Registering a new appeal (§二(三)): draw the registration number, compute the initial-review
//! deadline and the expected feedback date, index it for search, and flag likely duplicates — in
//! one transaction. The form and its validation live in [`super::register_form`].

use super::{Allowances, allowances};
use crate::access::{Action, authorize, may_look_up_people};
use crate::error::Result;
use crate::lifecycle;
use crate::model::*;
use crate::queries::duplicates::{self, DuplicateHint, Lookups, NewAppeal, PreparedLookup};
use crate::store::sql;
use crate::store::{
    Store, appeals, counters, events, fts_backlog, registry, search, security_log, stage_spans,
};
use crate::time::{fmt_date_zh, fmt_ts, parse_ts};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use super::register_form::{
    RegisterInput, ValidRegistration, validate, validate_all, validate_or_all,
};

/// What the clerk sees after saving.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Registered {
    pub appeal_id: i64,
    pub reg_number: String,
    pub expected_feedback_date: NaiveDate,
    pub initial_review_due: NaiveDate,
    pub likely_duplicates: Vec<DuplicateHint>,
    /// Set when the calendar had no data for a year the deadlines fall in.
    pub calendar_warning: Option<String>,
    pub message: String,
}

/// Registers an appeal.
pub fn register(store: &mut Store, ctx: &Ctx<'_>, input: &RegisterInput) -> Result<Registered> {
    authorize(ctx.actor, Action::Register, None)?;
    let v = validate(input, ctx.now)?;
    store.write(|tx, cal| {
        let settings = RegistrationSettings::read(tx, Lookups::single(tx)?)?;
        let mut done = register_valid(tx, cal, ctx, &settings, &v, None)?;
        done.likely_duplicates = shown_hints(tx, ctx, done.likely_duplicates)?;
        Ok(done)
    })
}

/// Hints for the registration form while it is being typed: the lookup registration makes, whole
/// on one connection ([`duplicates::likely_duplicates`]), for a form that may still be incomplete
/// (a phone that does not validate yet is ignored, an unparsable receipt time counts as now). Only
/// users who may register see hints.
pub fn hints_for_form(
    store: &Store,
    ctx: &Ctx<'_>,
    input: &RegisterInput,
) -> Result<Vec<DuplicateHint>> {
    authorize(ctx.actor, Action::Register, None)?;
    let phone = input
        .appellant
        .phone
        .as_deref()
        .and_then(|p| crate::validate::phone("appellant.phone", p).ok());
    let id_number = input
        .appellant
        .id_number
        .as_deref()
        .and_then(|n| crate::validate::id_number("appellant.idNumber", n).ok());
    let content = input.content.trim();
    if phone.is_none() && id_number.is_none() && content.chars().count() < 10 {
        return Ok(Vec::new());
    }
    let received = parse_ts(input.received_at.trim()).unwrap_or(ctx.now);
    // Staff who may not find appeals through the people behind them get no same-person hints.
    let may = may_look_up_people(ctx.actor, ctx.today());
    let phone = phone.filter(|_| may);
    let id_number = id_number.filter(|_| may);
    let hints = duplicates::likely_duplicates(
        store,
        phone.as_deref(),
        id_number.as_deref(),
        content,
        received,
        None,
    )?;
    shown_hints(store.conn(), ctx, hints)
}

/// How long a same-phone hint about one appeal is logged once for one user: the form asks again
/// at every pause in typing.
const HINT_LOG_MINUTES: i64 = 30;

/// The likely duplicates a registering user sees. Same-phone hints tell that this person appealed
/// before: staff who may look people up ([`may_look_up_people`]) see them, and each is logged in
/// the access log (once per appeal and half hour); everyone else sees only the hints found by
/// content, without a word about the phone. What registration records for the appeals office
/// (the event's likely duplicates) is the whole lookup either way.
pub(crate) fn shown_hints(
    conn: &sql::Connection,
    ctx: &Ctx<'_>,
    mut hints: Vec<DuplicateHint>,
) -> Result<Vec<DuplicateHint>> {
    if !may_look_up_people(ctx.actor, ctx.today()) {
        hints.retain(|h| h.similar_content());
        for h in &mut hints {
            h.same_phone = false;
            h.same_id_number = false;
        }
        return Ok(hints);
    }
    let since = fmt_ts(&(ctx.now - chrono::Duration::minutes(HINT_LOG_MINUTES)));
    let at = fmt_ts(&ctx.now);
    for h in hints.iter().filter(|h| h.same_phone || h.same_id_number) {
        let kind = AccessKind::DuplicateHint;
        if !security_log::accessed_since(conn, ctx.actor.user_id, kind, h.appeal_id, &since)? {
            let what = match (h.same_phone, h.same_id_number) {
                (true, true) => "登记时提示同一电话和证件号码的诉求",
                (true, false) => "登记时提示同一电话的诉求",
                _ => "登记时提示同一证件号码的诉求",
            };
            registry::log_access(conn, &at, ctx.actor.user_id, Some(h.appeal_id), kind, what)?;
        }
    }
    Ok(hints)
}

/// What a batch of registrations in one transaction shares and defers.
pub(crate) struct Batch<'a> {
    /// The row's duplicate lookup as the batch prepared it away from the writer.
    pub lookup: &'a PreparedLookup,
    /// Full-text entries, written for the whole batch with one statement
    /// ([`search::index_new_many`]): FTS5 flushes its pending entries at every statement that
    /// writes to it, and one flush per row made imports several times slower.
    pub index: &'a mut Vec<search::NewEntry>,
}

/// The settings registration reads: read once per transaction, which for a batch import is
/// hundreds of rows.
pub(crate) struct RegistrationSettings<'a> {
    allow: Allowances,
    /// The transaction's likely-duplicate lookups (their window; a batch's memory).
    duplicates: Lookups<'a>,
}

impl<'a> RegistrationSettings<'a> {
    pub(crate) fn read(conn: &sql::Connection, duplicates: Lookups<'a>) -> Result<Self> {
        Ok(Self {
            allow: allowances(conn)?,
            duplicates,
        })
    }
}

/// A registration as the likely-duplicate lookup sees it.
pub(crate) fn new_appeal(v: &ValidRegistration) -> NewAppeal<'_> {
    NewAppeal {
        phone: v.appellant.phone.as_deref(),
        content: &v.content,
        received_at: v.received_at,
    }
}

/// Registers an already validated appeal inside the caller's transaction: the duplicate lookup,
/// the registration number, the deadlines, the search index and the event. Batch imports call it
/// for many rows in one transaction ([`Batch`]); [`register`] for one.
pub(crate) fn register_valid(
    tx: &sql::Connection,
    cal: &crate::calendar::WorkCalendar,
    ctx: &Ctx<'_>,
    settings: &RegistrationSettings<'_>,
    v: &ValidRegistration,
    batch: Option<Batch<'_>>,
) -> Result<Registered> {
    let allow = &settings.allow;
    let new = new_appeal(v);
    let lookup = batch.as_ref().map(|b| b.lookup);
    let hints = settings.duplicates.find(tx, &new, lookup)?;
    let appellant_id = appeals::insert_appellant(tx, &v.appellant)?;
    let today = ctx.today();
    let day = today.format("%Y%m%d").to_string();
    let seq = counters::next(tx, &format!("reg:{day}"))?;
    let reg_number = format!("{day}-{seq:04}");
    let received_day = v.received_at.date_naive();
    let expected = cal.add_working_days(received_day, allow.expected_feedback_days());
    let mut a = Appeal {
        id: 0,
        reg_number: reg_number.clone(),
        archive_number: None,
        appellant_id,
        channel: v.channel,
        category: v.category,
        category_confirmed: false,
        subject: v.subject.clone(),
        content: v.content.clone(),
        urgency: v.urgency,
        major: v.major,
        received_at: v.received_at,
        registered_at: ctx.now,
        registered_by: ctx.actor.user_id,
        postmark_date: v.postmark_date,
        call_time: v.call_time,
        status: Status::Registered,
        round: 1,
        department_id: None,
        stage: None,
        stage_started_on: None,
        stage_days: None,
        due_date: None,
        expected_feedback_date: expected.value,
        supervision_count: 0,
        escalated: false,
        satisfaction: None,
        merged_into: None,
        closed_at: None,
        updated_at: ctx.now,
    };
    // The initial-review deadline runs from receipt (online appeals may arrive days earlier).
    lifecycle::enter(&mut a, Status::Registered, received_day, allow, cal);
    a.id = appeals::insert(tx, &a)?;
    stage_spans::open_first(tx, &a)?;
    let address = v.appellant.address.as_deref().unwrap_or("");
    match batch {
        Some(b) => b.index.push(search::NewEntry {
            appeal_id: a.id,
            subject: a.subject.clone(),
            content: a.content.clone(),
            address: address.to_string(),
            numbers: reg_number.clone(),
        }),
        None => fts_backlog::add(tx, a.id)?,
    }
    settings.duplicates.record(tx, &new, &a, lookup)?;
    let dup_ids: Vec<i64> = hints.iter().map(|h| h.appeal_id).collect();
    events::append(
        tx,
        &events::NewEvent {
            appeal_id: a.id,
            at: ctx.now,
            actor_id: ctx.actor.user_id,
            action: EventAction::Register,
            from_status: None,
            to_status: Status::Registered,
            reason: None,
            payload: lifecycle::payload(
                None,
                &a,
                serde_json::json!({ "likelyDuplicates": dup_ids }),
            ),
            on_behalf_department: None,
            on_behalf_person: None,
        },
    )?;
    let mut fallback = expected.fallback_years.clone();
    fallback.extend(
        cal.add_working_days(received_day, allow.initial_review)
            .fallback_years,
    );
    fallback.sort_unstable();
    fallback.dedup();
    let warning = crate::calendar::Computed {
        value: (),
        fallback_years: fallback,
    }
    .warning();
    Ok(Registered {
        appeal_id: a.id,
        message: format!(
            "登记成功，登记号 {reg_number}，预计 {} 前反馈。",
            fmt_date_zh(expected.value)
        ),
        reg_number,
        expected_feedback_date: expected.value,
        initial_review_due: a.due_date.unwrap_or(expected.value),
        likely_duplicates: hints,
        calendar_warning: warning,
    })
}
