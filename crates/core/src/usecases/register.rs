//! Registering a new appeal (§二(三)): validate every field, draw the registration number, compute
//! the initial-review deadline and the expected feedback date, index it for search, and flag likely
//! duplicates — in one transaction.

use super::{Allowances, allowances};
use crate::access::{Action, authorize};
use crate::error::{CoreError, Result};
use crate::lifecycle;
use crate::model::*;
use crate::queries::bigram_memo::BigramMemo;
use crate::queries::duplicates::{self, BatchLookup, DuplicateHint};
use crate::queries::lookahead::Lookahead;
use crate::queries::recent::{Recent, RecentRow};
use crate::queries::text_keys::{TextKeys, sketch};
use crate::store::{Store, appeals, counters, events, fts_backlog, search};
use crate::time::{fmt_date_zh, fmt_ts, parse_date, parse_ts};
use crate::validate;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// The registration form, as typed (strings, so that every bad value gets a Chinese message
/// naming its field rather than a parse error).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct RegisterInput {
    pub appellant: Appellant,
    pub channel: String,
    pub category: String,
    pub subject: String,
    pub content: String,
    /// RFC 3339, e.g. 2026-11-20T09:30:00+08:00.
    pub received_at: String,
    pub urgency: Option<String>,
    pub major: bool,
    /// Letters: the postmark date (YYYY-MM-DD).
    pub postmark_date: Option<String>,
    /// Hotline: when the call came in (RFC 3339).
    pub call_time: Option<String>,
}

/// A registration after validation.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidRegistration {
    pub appellant: Appellant,
    pub channel: Channel,
    pub category: Category,
    pub subject: String,
    pub content: String,
    pub received_at: DateTime<FixedOffset>,
    pub urgency: Urgency,
    pub major: bool,
    pub postmark_date: Option<NaiveDate>,
    pub call_time: Option<DateTime<FixedOffset>>,
}

/// What the clerk sees after saving.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
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

/// Checks every field; returns all problems (for the form) — empty when valid.
pub fn validate_all(input: &RegisterInput, now: DateTime<FixedOffset>) -> Vec<CoreError> {
    match validate_collect(input, now) {
        Ok(_) => Vec::new(),
        Err(errors) => errors,
    }
}

/// Validates the form once: the registration, or every problem in form order.
pub fn validate_or_all(
    input: &RegisterInput,
    now: DateTime<FixedOffset>,
) -> std::result::Result<ValidRegistration, Vec<CoreError>> {
    validate_collect(input, now)
}

/// Validates the form, returning the first problem.
pub fn validate(input: &RegisterInput, now: DateTime<FixedOffset>) -> Result<ValidRegistration> {
    validate_collect(input, now).map_err(|mut e| e.remove(0))
}

fn validate_collect(
    input: &RegisterInput,
    now: DateTime<FixedOffset>,
) -> std::result::Result<ValidRegistration, Vec<CoreError>> {
    let mut errors = Vec::new();
    let mut ok = |r: Result<()>| {
        if let Err(e) = r {
            errors.push(e);
        }
    };
    let channel = Channel::parse(&input.channel, "channel");
    if input.channel.trim().is_empty() {
        ok(Err(CoreError::field("channel", "请选择诉求渠道。")));
    } else if let Err(e) = &channel {
        ok(Err(e.clone()));
    }
    let category = Category::parse(&input.category, "category");
    if input.category.trim().is_empty() {
        ok(Err(CoreError::field(
            "category",
            "请选择诉求分类（咨询、投诉、建议、求助或其他）。",
        )));
    } else if let Err(e) = &category {
        ok(Err(e.clone()));
    }
    let urgency = match input.urgency.as_deref().map(str::trim) {
        None | Some("") => Ok(Urgency::Normal),
        Some(u) => Urgency::parse(u, "urgency"),
    };
    if let Err(e) = &urgency {
        ok(Err(e.clone()));
    }
    let a = &input.appellant;
    let anonymous = a.anonymous;
    let name = if anonymous && a.name.trim().is_empty() {
        Ok("匿名".to_string())
    } else {
        validate::required("appellant.name", "诉求人姓名", &a.name, 50)
    };
    let letter = channel.as_ref().is_ok_and(|c| *c == Channel::Letter);
    let phone = match a.phone.as_deref().map(str::trim) {
        None | Some("") if anonymous || letter => Ok(None),
        None | Some("") => Err(CoreError::field(
            "appellant.phone",
            "请填写联系电话，以便反馈处理结果。",
        )),
        Some(p) => validate::phone("appellant.phone", p).map(Some),
    };
    let address = match validate::optional("appellant.address", "地址", a.address.as_deref(), 200)
    {
        Ok(None) if letter && !anonymous => Err(CoreError::field(
            "appellant.address",
            "书信来件请填写诉求人通信地址，以便书面答复。",
        )),
        other => other,
    };
    let id_number = match a.id_number.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => validate::id_number("appellant.idNumber", v).map(Some),
    };
    let email = match a.email.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => validate::email("appellant.email", v).map(Some),
    };
    let organisation = validate::optional(
        "appellant.organisation",
        "单位",
        a.organisation.as_deref(),
        100,
    );
    let subject = validate::required("subject", "诉求标题", &input.subject, 100);
    let content = validate::required("content", "诉求内容", &input.content, 20000);
    let received_at = if input.received_at.trim().is_empty() {
        Err(CoreError::field("receivedAt", "请填写收到诉求的时间。"))
    } else {
        match parse_ts(&input.received_at) {
            None => Err(CoreError::field(
                "receivedAt",
                "收到时间格式不正确，应类似 2026-11-20 09:30。",
            )),
            Some(t) if t > now + Duration::minutes(5) => Err(CoreError::field(
                "receivedAt",
                "收到时间不能晚于现在，请核对日期和时间。",
            )),
            Some(t) if t.date_naive() < NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default() => {
                Err(CoreError::field("receivedAt", "收到时间过早，请核对年份。"))
            }
            Some(t) => Ok(t),
        }
    };
    let postmark_date = match input.postmark_date.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => match parse_date(s) {
            None => Err(CoreError::field(
                "postmarkDate",
                "邮戳日期格式不正确，应为 YYYY-MM-DD。",
            )),
            Some(d) if received_at.as_ref().is_ok_and(|r| d > r.date_naive()) => Err(
                CoreError::field("postmarkDate", "邮戳日期不能晚于收到日期。"),
            ),
            Some(d) => Ok(Some(d)),
        },
    };
    let call_time = match input.call_time.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => match parse_ts(s) {
            None => Err(CoreError::field(
                "callTime",
                "来电时间格式不正确，应类似 2026-11-20 09:30。",
            )),
            Some(t) if t > now + Duration::minutes(5) => {
                Err(CoreError::field("callTime", "来电时间不能晚于现在。"))
            }
            Some(t) => Ok(Some(t)),
        },
    };
    for r in [&name, &subject, &content] {
        if let Err(e) = r {
            ok(Err(e.clone()));
        }
    }
    for r in [&phone, &address, &id_number, &email, &organisation] {
        if let Err(e) = r {
            ok(Err(e.clone()));
        }
    }
    if let Err(e) = &received_at {
        ok(Err(e.clone()));
    }
    if let Err(e) = &postmark_date {
        ok(Err(e.clone()));
    }
    if let Err(e) = &call_time {
        ok(Err(e.clone()));
    }
    if !errors.is_empty() {
        // Present errors in the order of the paper form.
        let order = [
            "appellant.name",
            "appellant.phone",
            "appellant.address",
            "appellant.idNumber",
            "appellant.email",
            "appellant.organisation",
            "channel",
            "receivedAt",
            "postmarkDate",
            "callTime",
            "category",
            "urgency",
            "subject",
            "content",
        ];
        errors.sort_by_key(|e| {
            order
                .iter()
                .position(|f| Some(*f) == e.field.as_deref())
                .unwrap_or(99)
        });
        return Err(errors);
    }
    let (Ok(name), Ok(phone), Ok(address), Ok(id_number), Ok(email), Ok(organisation)) =
        (name, phone, address, id_number, email, organisation)
    else {
        unreachable!("all errors were collected above")
    };
    Ok(ValidRegistration {
        appellant: Appellant {
            name,
            phone,
            address,
            id_number,
            email,
            organisation,
            anonymous,
        },
        channel: channel.unwrap_or(Channel::WalkIn),
        category: category.unwrap_or(Category::Other),
        subject: subject.unwrap_or_default(),
        content: content.unwrap_or_default(),
        received_at: received_at.unwrap_or(now),
        urgency: urgency.unwrap_or(Urgency::Normal),
        major: input.major,
        postmark_date: postmark_date.unwrap_or(None),
        call_time: call_time.unwrap_or(None),
    })
}

/// Registers an appeal.
pub fn register(store: &mut Store, ctx: &Ctx<'_>, input: &RegisterInput) -> Result<Registered> {
    authorize(ctx.actor, Action::Register, None)?;
    let v = validate(input, ctx.now)?;
    store.write(|tx, cal| {
        let settings = RegistrationSettings::read(tx)?;
        register_valid(tx, cal, ctx, &settings, &v, None)
    })
}

/// What a batch of registrations in one transaction shares and defers.
pub(crate) struct Batch<'a> {
    /// The batch's memory of bigrams for the duplicate lookup; the new appeal's are kept there
    /// under its id.
    pub memo: &'a BigramMemo,
    /// The new text's fingerprint and bigrams, made ahead of the transaction.
    pub keys: &'a TextKeys,
    /// The part of the duplicate lookup read ahead against a snapshot, if any.
    pub ahead: Option<&'a Lookahead>,
    /// The batch's own recent rows (the new one is added).
    pub recent: &'a mut Recent,
    /// Full-text entries, written for the whole batch with one statement
    /// ([`search::index_new_many`]): FTS5 flushes its pending entries at every statement that
    /// writes to it, and one flush per row made imports several times slower.
    pub index: &'a mut Vec<search::NewEntry>,
}

/// The settings registration reads: read once per transaction, which for a batch import is
/// hundreds of rows.
pub(crate) struct RegistrationSettings {
    allow: Allowances,
    duplicate_window_days: i64,
}

impl RegistrationSettings {
    pub(crate) fn read(conn: &rusqlite::Connection) -> Result<Self> {
        Ok(Self {
            allow: allowances(conn)?,
            duplicate_window_days: duplicates::window_days(conn)?,
        })
    }
}

/// Registers an already validated appeal inside the caller's transaction: the duplicate lookup,
/// the registration number, the deadlines, the search index and the event. Batch imports call it
/// for many rows in one transaction ([`Batch`]); [`register`] for one.
pub(crate) fn register_valid(
    tx: &rusqlite::Connection,
    cal: &crate::calendar::WorkCalendar,
    ctx: &Ctx<'_>,
    settings: &RegistrationSettings,
    v: &ValidRegistration,
    mut batch: Option<Batch<'_>>,
) -> Result<Registered> {
    let allow = &settings.allow;
    let hints = duplicates::likely_duplicates_within(
        tx,
        settings.duplicate_window_days,
        v.appellant.phone.as_deref(),
        &v.content,
        v.received_at,
        None,
        batch.as_mut().map(|b| BatchLookup {
            memo: b.memo,
            keys: b.keys,
            ahead: b.ahead,
            recent: Some(&mut *b.recent),
        }),
    )?;
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
    let address = v.appellant.address.as_deref().unwrap_or("");
    match batch {
        Some(b) => {
            b.memo.put(a.id, b.keys.known());
            b.recent.push(RecentRow {
                id: a.id,
                reg_number: reg_number.clone(),
                subject: a.subject.clone(),
                received_at: fmt_ts(&a.received_at),
                registered_at: fmt_ts(&a.registered_at),
                phone: v.appellant.phone.clone(),
                sketch: b.keys.sketch.clone(),
                known: b.keys.known(),
            });
            b.index.push(search::NewEntry {
                appeal_id: a.id,
                subject: a.subject.clone(),
                content: a.content.clone(),
                address: address.to_string(),
                numbers: reg_number.clone(),
            });
            search::index_sketch(tx, a.id, &b.keys.sketch)?;
        }
        None => {
            fts_backlog::add(tx, a.id)?;
            search::index_sketch(tx, a.id, &sketch(&a.content))?;
        }
    }
    let dup_ids: Vec<i64> = hints.iter().map(|h| h.appeal_id).collect();
    events::append(
        tx,
        &events::NewEvent {
            appeal_id: a.id,
            at: ctx.now,
            actor_id: ctx.actor.user_id,
            action: "register",
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
