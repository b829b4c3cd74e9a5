//! An appeal submitted by a member of the public through the portal (decision 0012): the website
//! form of §二(一)1, anyone may fill it in, with or without a portal account.
//!
//! It is the office's own registration, not a copy of it: the form becomes the registration
//! form ([`RegisterInput`]) with channel 线上平台 and the moment it arrived, validated by the same
//! [`register_form`](super::register_form) rules and registered by the same
//! [`register_valid`](super::register::register_valid) in one transaction — registration number,
//! initial-review deadline for online channels, expected feedback date, search index, likely
//! duplicates recorded on the event for the appeals office. The acting account is the built-in
//! `portal` account (intake clerk, cannot sign in, no agreement: it sees no one's personal data),
//! so the event log says the portal registered it. The query code (drawn by the transport, shown
//! once on the receipt) is stored as its hash beside the appeal.

use super::register::{RegistrationSettings, register_valid};
use super::register_form::{RegisterInput, ValidRegistration, validate_or_all};
use crate::access::{Action, authorize};
use crate::error::{CoreError, Result};
use crate::model::*;
use crate::queries::duplicates::Lookups;
use crate::store::sql::Connection;
use crate::store::{Store, portal, users};
use crate::time::fmt_ts;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// The login of the built-in account portal appeals are registered by.
pub const PORTAL_USERNAME: &str = "portal";

/// The portal's form, as typed by the member of the public.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct PortalForm {
    pub category: String,
    pub subject: String,
    pub content: String,
    pub name: String,
    pub phone: String,
    pub address: Option<String>,
    pub email: Option<String>,
}

/// What the submitter is told (and what the receipt prints).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PortalSubmitted {
    pub appeal_id: i64,
    pub reg_number: String,
    /// Shown once: only its hash is kept.
    pub query_code: String,
    pub expected_feedback_date: NaiveDate,
}

impl PortalForm {
    /// The office's registration form for this submission, received `now`.
    pub fn to_registration(&self, now: DateTime<FixedOffset>) -> RegisterInput {
        let optional = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
        RegisterInput {
            appellant: Appellant {
                name: self.name.clone(),
                phone: Some(self.phone.clone()),
                address: optional(&self.address),
                id_number: None,
                email: optional(&self.email),
                organisation: None,
                anonymous: false,
            },
            channel: Channel::Portal.code().to_string(),
            category: self.category.clone(),
            subject: self.subject.clone(),
            content: self.content.clone(),
            received_at: fmt_ts(&now),
            urgency: None,
            major: false,
            postmark_date: None,
            call_time: None,
        }
    }
}

/// Every problem of the form, in the order of the page (empty when it can be submitted).
pub fn check(form: &PortalForm, now: DateTime<FixedOffset>) -> Vec<CoreError> {
    validate_or_all(&form.to_registration(now), now)
        .err()
        .unwrap_or_default()
}

/// Registers the submission as a portal appeal; `query_code` is the code the receipt shows,
/// `citizen_id` the signed-in account (if any).
pub fn submit(
    store: &mut Store,
    now: DateTime<FixedOffset>,
    form: &PortalForm,
    query_code: &str,
    citizen_id: Option<i64>,
) -> Result<PortalSubmitted> {
    let v: ValidRegistration =
        validate_or_all(&form.to_registration(now), now).map_err(|mut e| e.remove(0))?;
    store.write(|tx, cal| {
        let actor = portal_actor(tx, now)?;
        authorize(&actor, Action::Register, None)?;
        let ctx = Ctx::new(&actor, now);
        let settings = RegistrationSettings::read(tx, Lookups::single(tx)?)?;
        let done = register_valid(tx, cal, &ctx, &settings, &v, None)?;
        portal::insert_appeal(tx, done.appeal_id, query_code, citizen_id, &fmt_ts(&now))?;
        Ok(PortalSubmitted {
            appeal_id: done.appeal_id,
            reg_number: done.reg_number,
            query_code: query_code.to_string(),
            expected_feedback_date: done.expected_feedback_date,
        })
    })
}

/// The built-in `portal` account, created (with the office department) the first time.
pub(crate) fn portal_actor(tx: &Connection, now: DateTime<FixedOffset>) -> Result<Actor> {
    let id: Option<i64> = users::id_by_username(tx, PORTAL_USERNAME)?;
    let id = match id {
        Some(id) => id,
        None => {
            let dept = match users::departments(tx)?.first() {
                Some(d) => d.id,
                None => users::insert_department(tx, "民意诉求管理办公室")?,
            };
            users::insert(
                tx,
                &users::NewUserRow {
                    username: PORTAL_USERNAME,
                    display_name: "网上平台（公众提交）",
                    department_id: dept,
                    roles: &[Role::IntakeClerk],
                    password_hash: "!",
                    agreement_signed_on: None,
                    can_sign_in: false,
                    created_at: &fmt_ts(&now),
                },
            )?
        }
    };
    users::actor(tx, id)
}
