//! The registration form and its validation (§二(三)): every field checked at once, each problem
//! named by its field in Chinese and reported in the order of the paper form, so the window can put
//! each message beside its field and keep what was typed. Registration itself
//! ([`super::register`]) and batch imports validate through here.

use crate::error::{CoreError, Result};
use crate::model::*;
use crate::time::{parse_date, parse_ts};
use crate::validate;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// The registration form, as typed (strings, so that every bad value gets a Chinese message
/// naming its field rather than a parse error).
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
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
