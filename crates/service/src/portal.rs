//! The public portal's operations (decision 0012): what a member of the public may do, and
//! nothing else. They are deliberately not commands of the staff surface ([`crate::Request`]):
//! the portal's transport can call only these functions, and each of them can only create a
//! portal appeal (through the office's own registration use case, as the built-in `portal`
//! account) or read the appeals of the citizen's own account or of a registration number with
//! its query code. No staff session, role or personal data of others is reachable from here.

use crate::office::Office;
use minyi_core::queries::portal::{self as queries, PortalStatus};
use minyi_core::time::now_cst;
use minyi_core::usecases::portal_attach::PortalFile;
use minyi_core::usecases::portal_submit::{PortalForm, PortalSubmitted};
use minyi_core::usecases::{portal_accounts, portal_attach, portal_submit};
use minyi_core::{CoreError, Result};
use minyi_paper::{ReceiptFacts, receipt_paragraphs};
use rand::Rng;
use serde::{Deserialize, Serialize};

/// The letters a query code is made of: no 0/O, 1/I/L, easy to read aloud and type on a phone.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// 8 of 31 letters: about 40 bits, with the portal's rate limits beyond guessing.
const CODE_LENGTH: usize = 8;

/// A new query code.
pub fn new_query_code() -> String {
    let mut rng = rand::rng();
    (0..CODE_LENGTH)
        .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
        .collect()
}

/// Every problem of a filled-in form, in the order of the page (empty when it can be submitted).
pub fn check(form: &PortalForm) -> Vec<CoreError> {
    portal_submit::check(form, now_cst())
}

/// The receipt the submitter sees, saves or prints: the office's receipt, word for word.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PortalReceipt {
    pub org_name: String,
    pub submitted: PortalSubmitted,
    /// 诉求人：/ 某某：
    pub salutation: String,
    pub paragraphs: Vec<String>,
    /// The date it was registered (the receipt's signature date), YYYY-MM-DD.
    pub date: chrono::NaiveDate,
    /// The names of the files attached, in the order they were sent.
    pub attachments: Vec<String>,
}

/// Every problem of the files sent with the form (empty when they can all be stored).
pub fn check_files(office: &Office, files: &[PortalFile]) -> Result<Vec<CoreError>> {
    let store = office.store()?;
    portal_attach::check(&store, files)
}

/// Registers a submission (with the signed-in account, if any) and its files, and answers its
/// receipt. The files are checked before anything is stored: one refused file refuses the
/// submission.
pub fn submit(
    office: &Office,
    form: &PortalForm,
    files: &[PortalFile],
    citizen: Option<i64>,
) -> Result<PortalReceipt> {
    office.check_idle()?;
    let now = now_cst();
    let code = new_query_code();
    let submitted = {
        let _turn = office.write_turn();
        let mut store = office.store()?;
        if let Some(e) = portal_attach::check(&store, files)?.into_iter().next() {
            return Err(e);
        }
        let submitted = portal_submit::submit(&mut store, now, form, &code, citizen)?;
        for f in files {
            portal_attach::attach(&mut store, now, submitted.appeal_id, f)?;
        }
        submitted
    };
    let store = office.store()?;
    let contact = store.receipt_contact()?;
    let today = now.date_naive();
    let paragraphs = receipt_paragraphs(
        &ReceiptFacts {
            reg_number: &submitted.reg_number,
            received_on: today,
            channel: minyi_core::model::Channel::Portal.label(),
            subject: form.subject.trim(),
            registered_on: today,
            expected_feedback_date: submitted.expected_feedback_date,
        },
        &contact,
    );
    Ok(PortalReceipt {
        org_name: store.org_name()?,
        salutation: format!("{}：", form.name.trim()),
        submitted,
        paragraphs,
        date: today,
        attachments: files.iter().map(|f| f.name.clone()).collect(),
    })
}

/// An appeal by registration number and query code, without personal data.
pub fn lookup(office: &Office, reg_number: &str, query_code: &str) -> Result<PortalStatus> {
    office.check_idle()?;
    let store = office.store()?;
    queries::lookup(&store, reg_number, query_code)
}

/// Opens a citizen's account; answers its id.
pub fn register(office: &Office, phone: &str, password: &str) -> Result<i64> {
    office.check_idle()?;
    let mut store = office.store()?;
    portal_accounts::register(&mut store, now_cst(), phone, password)
}

/// Checks a citizen's phone number and password; answers the account's id. Like the staff's
/// sign-in it does not wait for the writers' turn (the password check is slow by design).
pub fn sign_in(office: &Office, phone: &str, password: &str) -> Result<i64> {
    office.check_idle()?;
    let mut store = office.store()?;
    portal_accounts::sign_in(&mut store, now_cst(), phone, password)
}

/// The phone number of a signed-in account (its owner's own, shown to them masked).
pub fn account_phone(office: &Office, citizen: i64) -> Result<String> {
    office.check_idle()?;
    let store = office.store()?;
    portal_accounts::phone_of(&store, citizen)
}

/// 我的诉求: the account's phone number and its appeals, newest first.
pub fn my_appeals(office: &Office, citizen: i64) -> Result<(String, Vec<PortalStatus>)> {
    office.check_idle()?;
    let store = office.store()?;
    let phone = portal_accounts::phone_of(&store, citizen)?;
    Ok((phone, queries::my_appeals(&store, citizen)?))
}

/// Records the account's rating of the reply to its appeal `reg_number` (`satisfied`,
/// `basically_satisfied` or `dissatisfied`) as that appeal's feedback.
pub fn rate(office: &Office, citizen: i64, reg_number: &str, satisfaction: &str) -> Result<()> {
    office.check_idle()?;
    let satisfaction = minyi_core::model::Satisfaction::parse(satisfaction, "satisfaction")?;
    let _turn = office.write_turn();
    let mut store = office.store()?;
    minyi_core::usecases::portal_rate::rate(
        &mut store,
        now_cst(),
        citizen,
        reg_number,
        satisfaction,
    )
    .map(|_| ())
}

/// The disclosure reports published on the portal (信息公开), newest period first.
pub fn published(office: &Office) -> Result<Vec<minyi_core::store::portal::PublishedReport>> {
    office.check_idle()?;
    let store = office.store()?;
    queries::published_reports(&store)
}

/// The web page of published report `id`.
pub fn published_page(office: &Office, id: i64) -> Result<String> {
    office.check_idle()?;
    let store = office.store()?;
    queries::published_report(&store, id)
}

/// The organisation's name (the portal's title).
pub fn org_name(office: &Office) -> Result<String> {
    office.store()?.org_name()
}

/// What the portal's page needs to draw itself: the office's name, how the public reaches it
/// (the receipt's contact settings; empty when none is set) and the size limit of one file
/// (the portal's, or the office's smaller `attachment.max_mb`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalIntake {
    pub org_name: String,
    pub contact_phone: String,
    pub contact_address: String,
    pub contact_hours: String,
    pub max_file_mb: i64,
}

pub fn intake(office: &Office) -> Result<PortalIntake> {
    let store = office.store()?;
    let contact = store.receipt_contact()?;
    Ok(PortalIntake {
        org_name: store.org_name()?,
        contact_phone: contact.phone,
        contact_address: contact.address,
        contact_hours: contact.hours,
        max_file_mb: portal_attach::max_file_mb(&store)?,
    })
}

/// The portal's limits per client address, from settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortalRules {
    /// Submissions within the hour after which a captcha is asked.
    pub captcha_after: usize,
    /// Submissions within the hour at most.
    pub hourly_limit: usize,
    /// Failed sign-ins or lookups within `lockout.minutes` before an address is paused.
    pub address_failures: usize,
    pub lockout_minutes: u64,
}

pub fn rules(office: &Office) -> Result<PortalRules> {
    use minyi_core::store::settings::SettingKey;
    let store = office.store()?;
    let session = store.session_rules()?;
    Ok(PortalRules {
        captcha_after: store.setting_i64(SettingKey::PortalCaptchaAfter)?.max(0) as usize,
        hourly_limit: store.setting_i64(SettingKey::PortalHourlyLimit)?.max(1) as usize,
        address_failures: session.address_failures.max(1) as usize,
        lockout_minutes: session.lockout_minutes.max(1) as u64,
    })
}
