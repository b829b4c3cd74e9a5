//! The portal's JSON API (`/public-api/v1/…`), which the portal's page (the Vant app in
//! `portal-ui/`) is drawn from. JSON in and out, camelCase fields; every refusal is a
//! [`PortalError`] — a stable `code`, a `message` in plain Chinese that says what is wrong and what
//! to do, and for forms the message of each field under the form's own field names — so the page
//! can put each problem beside its field. Personal data travels only in request bodies and in the
//! answers to the person it belongs to (a receipt, 我的诉求); never in a URL, an error or the log.
//!
//! The handlers read their bodies themselves (not through axum's `Json`) so that every way a body
//! can be wrong gets this error shape: too large (413), not JSON (415), not readable (400).

use super::{Portal, SESSION_COOKIE, blocking, client, cookie, multipart, rules};
use crate::routes::Peer;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use minyi_core::model::Category;
use minyi_core::queries::portal::PortalStatus;
use minyi_core::store::portal::PublishedReport;
use minyi_core::usecases::portal_attach::{MAX_FILES, PortalFile};
use minyi_core::usecases::portal_submit::PortalForm;
use minyi_core::{CoreError, ErrorCode};
use minyi_service::portal::{self as service, PortalReceipt};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

/// The portal's error codes (stable: the page switches on them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PortalErrorCode {
    /// Something in the form is wrong: `fields` says what, per field (422).
    Validation,
    /// The body cannot be read (not JSON, or not of the expected shape) (400).
    Malformed,
    /// The body is over the size limit (413).
    TooLarge,
    /// The body is not `application/json` (or `multipart/form-data` for a submission) (415).
    UnsupportedMediaType,
    /// A POST sent from another site's page (403).
    CrossOrigin,
    /// This address must answer a captcha first, or answered it wrongly: ask for a new one (428).
    CaptchaRequired,
    /// This address submitted too much within the hour (429).
    TooMany,
    /// Nothing found (a wrong registration number or query code, an unknown path) (404).
    NotFound,
    /// This address gave too many wrong passwords or query codes: paused for a while (429).
    Paused,
    /// Wrong phone number or password (the same for both) (401).
    SignInFailed,
    /// The account is locked after repeated wrong passwords (423).
    Locked,
    /// Not signed in, or the session ended (401).
    SignedOut,
    /// The appeal cannot be rated (not this account's, nothing to rate, rated already) (409).
    CannotRate,
    /// The server could not do it now; nothing was stored (500).
    Unavailable,
}

impl PortalErrorCode {
    pub fn status(self) -> StatusCode {
        use PortalErrorCode::*;
        match self {
            Validation => StatusCode::UNPROCESSABLE_ENTITY,
            Malformed => StatusCode::BAD_REQUEST,
            TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            CrossOrigin => StatusCode::FORBIDDEN,
            CaptchaRequired => StatusCode::PRECONDITION_REQUIRED,
            TooMany | Paused => StatusCode::TOO_MANY_REQUESTS,
            NotFound => StatusCode::NOT_FOUND,
            SignInFailed | SignedOut => StatusCode::UNAUTHORIZED,
            Locked => StatusCode::LOCKED,
            CannotRate => StatusCode::CONFLICT,
            Unavailable => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Every code, for the OpenAPI document.
    pub const ALL: [PortalErrorCode; 14] = {
        use PortalErrorCode::*;
        [
            Validation,
            Malformed,
            TooLarge,
            UnsupportedMediaType,
            CrossOrigin,
            CaptchaRequired,
            TooMany,
            NotFound,
            Paused,
            SignInFailed,
            Locked,
            SignedOut,
            CannotRate,
            Unavailable,
        ]
    };
}

/// A refusal or failure, as every portal route answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PortalError {
    pub code: PortalErrorCode,
    /// What is wrong and what to do, in plain Chinese.
    pub message: String,
    /// For a form: the message of each field that is wrong, keyed by the form's field name
    /// (category, subject, content, name, phone, address, email, files, captcha, password,
    /// regNumber, satisfaction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
}

impl PortalError {
    pub fn new(code: PortalErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: None,
        }
    }

    /// A refusal of a form: the problems by field (several of one field in one message), and
    /// those of no field in the message.
    fn form(code: PortalErrorCode, errors: &[CoreError]) -> Self {
        let mut fields: BTreeMap<String, String> = BTreeMap::new();
        let mut general = Vec::new();
        for e in errors {
            match e.field.as_deref() {
                Some(f) => {
                    let key = f.strip_prefix("appellant.").unwrap_or(f).to_string();
                    fields.entry(key).or_default().push_str(&e.message);
                }
                None => general.push(e.message.clone()),
            }
        }
        let message = if !general.is_empty() {
            general.concat()
        } else if errors.len() == 1 {
            errors[0].message.clone()
        } else {
            format!(
                "填写的内容有{}处需要修改，请按各项的提示修改后重新提交。",
                errors.len()
            )
        };
        Self {
            code,
            message,
            fields: (!fields.is_empty()).then_some(fields),
        }
    }
}

impl IntoResponse for PortalError {
    fn into_response(self) -> Response {
        (self.code.status(), Json(self)).into_response()
    }
}

pub(super) type Answer<T> = Result<T, PortalError>;

fn unavailable() -> PortalError {
    PortalError::new(
        PortalErrorCode::Unavailable,
        "系统暂时无法处理您的请求，您填写的内容没有提交。请稍后再试，或拨打我单位咨询电话。",
    )
}

fn too_large() -> PortalError {
    PortalError::new(
        PortalErrorCode::TooLarge,
        "提交的内容超过了大小上限，请缩短文字或压缩附件后重新提交。",
    )
}

fn malformed() -> PortalError {
    PortalError::new(
        PortalErrorCode::Malformed,
        "提交的内容无法识别，请刷新页面后重新填写。",
    )
}

fn signed_out() -> PortalError {
    PortalError::new(
        PortalErrorCode::SignedOut,
        "请先登录，或登录已过期，请重新登录。",
    )
}

fn paused(r: &service::PortalRules) -> PortalError {
    PortalError::new(
        PortalErrorCode::Paused,
        format!(
            "同一网络输错的次数过多，已暂停{}分钟，请稍后再试。",
            r.lockout_minutes
        ),
    )
}

/// Runs `f` off the async threads; a panic or a failure of the database is
/// [`PortalErrorCode::Unavailable`] (logged by its code only), other errors go to `refusal`.
pub(super) async fn run<T: Send + 'static>(
    f: impl FnOnce() -> minyi_core::Result<T> + Send + 'static,
    refusal: impl FnOnce(CoreError) -> Option<PortalError>,
) -> Answer<T> {
    match blocking(f).await {
        Some(Ok(v)) => Ok(v),
        Some(Err(e)) => {
            let code = e.code;
            Err(refusal(e).unwrap_or_else(|| {
                tracing::warn!(?code, "portal request failed");
                unavailable()
            }))
        }
        None => Err(unavailable()),
    }
}

/// The media type of a request, lower-cased and without its parameters.
fn media_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The body, or why it could not be read whole.
fn body_of(body: Result<Bytes, BytesRejection>) -> Answer<Bytes> {
    body.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            malformed()
        }
    })
}

/// A JSON body of type `T`.
fn json_body<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Answer<T> {
    let body = body_of(body)?;
    if media_type(headers) != "application/json" {
        return Err(PortalError::new(
            PortalErrorCode::UnsupportedMediaType,
            "请求的格式不正确（应为 JSON），请刷新页面后重新操作。",
        ));
    }
    if body.len() > super::BODY_LIMIT {
        return Err(too_large());
    }
    serde_json::from_slice(&body).map_err(|_| malformed())
}

/// The signed-in citizen of this request, if any.
async fn citizen(p: &Portal, headers: &HeaderMap) -> Answer<Option<i64>> {
    match cookie(headers, SESSION_COOKIE) {
        Some(t) => p.guard.citizen(&t).await,
        None => Ok(None),
    }
}

// ---------------------------------------------------------------------------------------------
// What the page needs to draw itself

/// A category of appeal the form offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CategoryOption {
    /// What the form sends: consultation, complaint, suggestion, help, other.
    pub code: String,
    /// 咨询、投诉、建议、求助、其他.
    pub label: String,
}

/// How the public reaches the office (the receipt's contact settings); empty when not set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PortalContact {
    pub phone: String,
    pub address: String,
    pub hours: String,
}

/// The signed-in account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SignedIn {
    /// The account's phone number, masked (138****5678).
    pub phone: String,
}

/// What the page needs to draw itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PortalInfo {
    pub org_name: String,
    pub categories: Vec<CategoryOption>,
    /// This address must answer a captcha with its next submission.
    pub captcha_needed: bool,
    pub max_files: usize,
    /// The largest file, in MB.
    pub max_file_mb: i64,
    /// Left out when the office has set no contact details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<PortalContact>,
    /// The signed-in account, or null.
    pub signed_in: Option<SignedIn>,
}

pub async fn portal_info(
    State(p): State<Arc<Portal>>,
    headers: HeaderMap,
    peer: Option<axum::Extension<Peer>>,
) -> Response {
    let addr = client(&p, &headers, peer);
    let r = rules(&p).await;
    let app = p.app.clone();
    let intake = match run(move || service::intake(&app.office), |_| None).await {
        Ok(i) => i,
        Err(e) => return e.into_response(),
    };
    let captcha_needed = match p.guard.submissions(addr).await {
        Ok(n) => n >= r.captcha_after,
        Err(e) => return e.into_response(),
    };
    let signed_in = match citizen(&p, &headers).await.ok().flatten() {
        Some(id) => {
            let app = p.app.clone();
            run(move || service::account_phone(&app.office, id), |_| None)
                .await
                .ok()
                .map(|phone| SignedIn {
                    phone: minyi_core::mask::phone(&phone),
                })
        }
        None => None,
    };
    let contact = PortalContact {
        phone: intake.contact_phone,
        address: intake.contact_address,
        hours: intake.contact_hours,
    };
    let empty = contact.phone.is_empty() && contact.address.is_empty() && contact.hours.is_empty();
    Json(PortalInfo {
        org_name: intake.org_name,
        categories: Category::ALL
            .iter()
            .map(|c| CategoryOption {
                code: c.code().to_string(),
                label: c.label().to_string(),
            })
            .collect(),
        captcha_needed,
        max_files: MAX_FILES,
        max_file_mb: intake.max_file_mb,
        contact: (!empty).then_some(contact),
        signed_in,
    })
    .into_response()
}

// ---------------------------------------------------------------------------------------------
// Captcha

/// A new captcha: its id (sent back with the answer) and its image's path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewCaptcha {
    pub id: String,
    /// `/captcha/{id}.png`, good for one answer within 10 minutes.
    pub image: String,
}

pub async fn new_captcha(State(p): State<Arc<Portal>>) -> Response {
    match p.guard.new_captcha().await {
        Ok(Some(id)) => Json(NewCaptcha {
            image: format!("/captcha/{id}.png"),
            id,
        })
        .into_response(),
        Ok(None) => unavailable().into_response(),
        Err(e) => e.into_response(),
    }
}

// ---------------------------------------------------------------------------------------------
// Submitting

/// The submission form (`application/json`; as `multipart/form-data` the same names are its
/// text parts, and its files are parts named `files`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(example = example_submission())]
pub struct SubmissionInput {
    /// consultation, complaint, suggestion, help or other.
    pub category: String,
    pub subject: String,
    pub content: String,
    pub name: String,
    pub phone: String,
    pub address: Option<String>,
    pub email: Option<String>,
    /// The id of the captcha answered (when `captchaNeeded`).
    pub captcha_id: Option<String>,
    /// The captcha's letters as read.
    pub captcha: Option<String>,
}

/// A submission as the form sends it (the document's example: a fuzzer starts from it).
fn example_submission() -> SubmissionInput {
    SubmissionInput {
        category: "complaint".into(),
        subject: "小区门口路灯不亮".into(),
        content: "小区门口的路灯已经坏了一个多月，晚上出行很不安全，希望尽快修好。".into(),
        name: "王五".into(),
        phone: "13812345678".into(),
        address: Some("云江市西湖区学院路88号".into()),
        email: None,
        captcha_id: None,
        captcha: None,
    }
}

impl SubmissionInput {
    fn set(&mut self, name: &str, value: String) {
        match name {
            "category" => self.category = value,
            "subject" => self.subject = value,
            "content" => self.content = value,
            "name" => self.name = value,
            "phone" => self.phone = value,
            "address" => self.address = Some(value),
            "email" => self.email = Some(value),
            "captchaId" => self.captcha_id = Some(value),
            "captcha" => self.captcha = Some(value),
            _ => {}
        }
    }
}

/// A registered submission: the receipt to show, save or print.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Submitted {
    pub receipt: PortalReceipt,
}

/// The submission and its files: JSON (text alone), or `multipart/form-data` with files. A
/// file input left empty sends a part without bytes and without a name; it is no file.
fn read_submission(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Answer<(SubmissionInput, Vec<PortalFile>)> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let Some(boundary) = multipart::boundary(content_type) else {
        return json_body(headers, body).map(|s| (s, Vec::new()));
    };
    let body = body_of(body)?;
    let parts = multipart::parse(&body, &boundary).ok_or_else(malformed)?;
    let mut input = SubmissionInput::default();
    let mut files = Vec::new();
    let mut text = 0;
    for (name, file_name, bytes) in parts {
        match file_name {
            Some(f) if f.is_empty() && bytes.is_empty() => {}
            Some(f) => files.push(PortalFile { name: f, bytes }),
            None => {
                text += bytes.len();
                let value = String::from_utf8(bytes).map_err(|_| malformed())?;
                input.set(&name, value);
            }
        }
    }
    if text > super::BODY_LIMIT {
        return Err(too_large());
    }
    Ok((input, files))
}

pub async fn submit(
    State(p): State<Arc<Portal>>,
    headers: HeaderMap,
    peer: Option<axum::Extension<Peer>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    match submit_inner(&p, &headers, peer, body).await {
        Ok(receipt) => (StatusCode::CREATED, Json(Submitted { receipt })).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn submit_inner(
    p: &Arc<Portal>,
    headers: &HeaderMap,
    peer: Option<axum::Extension<Peer>>,
    body: Result<Bytes, BytesRejection>,
) -> Answer<PortalReceipt> {
    let addr = client(p, headers, peer);
    let (s, files) = read_submission(headers, body)?;
    let r = rules(p).await;
    let done = p.guard.submissions(addr).await?;
    if done >= r.hourly_limit {
        return Err(PortalError::new(
            PortalErrorCode::TooMany,
            "同一网络在一小时内提交的诉求过多，请稍后再提交；如有急事，请拨打我单位咨询电话。",
        ));
    }
    let form = PortalForm {
        category: s.category,
        subject: s.subject,
        content: s.content,
        name: s.name,
        phone: s.phone,
        address: s.address,
        email: s.email,
    };
    // A captcha is used up by the submission that carries it, whatever else is wrong.
    let captcha_wrong = done >= r.captcha_after
        && !p
            .guard
            .solve(
                s.captcha_id.as_deref().unwrap_or(""),
                s.captcha.as_deref().unwrap_or(""),
            )
            .await?;
    let captcha_error = || {
        CoreError::field(
            "captcha",
            if s.captcha.as_deref().unwrap_or("").trim().is_empty() {
                "请输入图片中的验证码。"
            } else {
                "验证码不正确或已过期，请按新的图片重新输入。"
            },
        )
    };
    let mut errors = service::check(&form);
    let app = p.app.clone();
    let checked = files.clone();
    errors.extend(
        run(
            move || service::check_files(&app.office, &checked),
            |_| None,
        )
        .await?,
    );
    if !errors.is_empty() {
        if captcha_wrong {
            errors.push(captcha_error());
        }
        return Err(PortalError::form(PortalErrorCode::Validation, &errors));
    }
    if captcha_wrong {
        let mut e = PortalError::form(PortalErrorCode::CaptchaRequired, &[captcha_error()]);
        e.message = "为防止恶意提交，请输入图片中的验证码后再提交。".into();
        return Err(e);
    }
    let app = p.app.clone();
    let citizen = citizen(p, headers).await?;
    let receipt = run(
        move || service::submit(&app.office, &form, &files, citizen),
        |e| {
            (e.code == ErrorCode::Validation)
                .then(|| PortalError::form(PortalErrorCode::Validation, &[e]))
        },
    )
    .await?;
    // The appeal is registered: its receipt is answered even if the count is not kept.
    if p.guard.submitted(addr).await.is_err() {
        tracing::warn!("portal submission not counted");
    }
    tracing::info!(
        appeal = receipt.submitted.appeal_id,
        files = receipt.attachments.len(),
        "portal appeal submitted"
    );
    Ok(receipt)
}

// ---------------------------------------------------------------------------------------------
// Looking up

/// A registration number and its query code (both from the receipt).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct LookupInput {
    pub reg_number: String,
    pub query_code: String,
}

/// Where an appeal stands, without personal data (no subject, reply, name or phone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LookupAnswer {
    pub status: PortalStatus,
}

pub async fn lookup(
    State(p): State<Arc<Portal>>,
    headers: HeaderMap,
    peer: Option<axum::Extension<Peer>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let addr = client(&p, &headers, peer);
    let q: LookupInput = match json_body(&headers, body) {
        Ok(q) => q,
        Err(e) => return e.into_response(),
    };
    let r = rules(&p).await;
    let window = Duration::from_secs(r.lockout_minutes * 60);
    match p.guard.paused(addr, r.address_failures, window).await {
        Ok(false) => {}
        Ok(true) => return paused(&r).into_response(),
        Err(e) => return e.into_response(),
    }
    let app = p.app.clone();
    let found = run(
        move || service::lookup(&app.office, &q.reg_number, &q.query_code),
        |e| {
            (e.code == ErrorCode::NotFound)
                .then(|| PortalError::new(PortalErrorCode::NotFound, e.message))
        },
    )
    .await;
    match found {
        Ok(status) => Json(LookupAnswer { status }).into_response(),
        Err(e) => {
            if e.code == PortalErrorCode::NotFound && p.guard.failed(addr, window).await.is_err() {
                tracing::warn!("portal failure not counted");
            }
            e.into_response()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Accounts

/// A phone number (the account) and its password.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Credentials {
    pub phone: String,
    pub password: String,
}

/// Signs the account in: its masked phone number, and a session cookie (HttpOnly,
/// SameSite=Strict; Secure over HTTPS).
async fn signed_in(p: &Portal, status: StatusCode, citizen: i64, phone: &str) -> Response {
    let token = match p.guard.begin(citizen).await {
        Ok(t) => t,
        Err(e) => return e.into_response(),
    };
    let secure = if p.behind_proxy { "" } else { "; Secure" };
    (
        status,
        [(
            header::SET_COOKIE,
            format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}"),
        )],
        Json(SignedIn {
            phone: minyi_core::mask::phone(phone),
        }),
    )
        .into_response()
}

pub async fn register(
    State(p): State<Arc<Portal>>,
    headers: HeaderMap,
    peer: Option<axum::Extension<Peer>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let addr = client(&p, &headers, peer);
    let f: Credentials = match json_body(&headers, body) {
        Ok(f) => f,
        Err(e) => return e.into_response(),
    };
    let r = rules(&p).await;
    let done = match p.guard.submissions(addr).await {
        Ok(n) => n,
        Err(e) => return e.into_response(),
    };
    if done >= r.hourly_limit {
        return PortalError::new(
            PortalErrorCode::TooMany,
            "同一网络在一小时内操作过多，请稍后再试。",
        )
        .into_response();
    }
    let app = p.app.clone();
    let registered = run(
        move || {
            let id = service::register(&app.office, &f.phone, &f.password)?;
            Ok((id, service::account_phone(&app.office, id)?))
        },
        |e| {
            (e.code == ErrorCode::Validation)
                .then(|| PortalError::form(PortalErrorCode::Validation, &[e]))
        },
    )
    .await;
    match registered {
        Ok((id, phone)) => {
            if p.guard.submitted(addr).await.is_err() {
                tracing::warn!("portal registration not counted");
            }
            signed_in(&p, StatusCode::CREATED, id, &phone).await
        }
        Err(e) => e.into_response(),
    }
}

pub async fn sign_in(
    State(p): State<Arc<Portal>>,
    headers: HeaderMap,
    peer: Option<axum::Extension<Peer>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let addr = client(&p, &headers, peer);
    let f: Credentials = match json_body(&headers, body) {
        Ok(f) => f,
        Err(e) => return e.into_response(),
    };
    let r = rules(&p).await;
    let window = Duration::from_secs(r.lockout_minutes * 60);
    match p.guard.paused(addr, r.address_failures, window).await {
        Ok(false) => {}
        Ok(true) => return paused(&r).into_response(),
        Err(e) => return e.into_response(),
    }
    let app = p.app.clone();
    let result = run(
        move || {
            let id = service::sign_in(&app.office, &f.phone, &f.password)?;
            Ok((id, service::account_phone(&app.office, id)?))
        },
        |e| match e.code {
            ErrorCode::Auth => Some(PortalError::new(PortalErrorCode::SignInFailed, e.message)),
            ErrorCode::Locked => Some(PortalError::new(PortalErrorCode::Locked, e.message)),
            _ => None,
        },
    )
    .await;
    match result {
        Ok((id, phone)) => signed_in(&p, StatusCode::OK, id, &phone).await,
        Err(e) => {
            if matches!(
                e.code,
                PortalErrorCode::SignInFailed | PortalErrorCode::Locked
            ) && p.guard.failed(addr, window).await.is_err()
            {
                tracing::warn!("portal failure not counted");
            }
            e.into_response()
        }
    }
}

pub async fn sign_out(State(p): State<Arc<Portal>>, headers: HeaderMap) -> Response {
    if let Some(t) = cookie(&headers, SESSION_COOKIE)
        && let Err(e) = p.guard.end(&t).await
    {
        return e.into_response();
    }
    (
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            format!("{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"),
        )],
    )
        .into_response()
}

// ---------------------------------------------------------------------------------------------
// 我的诉求

/// The signed-in account's appeals, newest first, with their subjects and replies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MyAppeals {
    /// The account's phone number, masked (138****5678).
    pub phone: String,
    pub appeals: Vec<PortalStatus>,
}

pub async fn mine(State(p): State<Arc<Portal>>, headers: HeaderMap) -> Response {
    let citizen = match citizen(&p, &headers).await {
        Ok(Some(c)) => c,
        Ok(None) => return signed_out().into_response(),
        Err(e) => return e.into_response(),
    };
    let app = p.app.clone();
    match run(
        move || service::my_appeals(&app.office, citizen),
        |e| (e.code == ErrorCode::NotSignedIn).then(signed_out),
    )
    .await
    {
        Ok((phone, appeals)) => Json(MyAppeals {
            phone: minyi_core::mask::phone(&phone),
            appeals,
        })
        .into_response(),
        Err(e) => e.into_response(),
    }
}

/// The account's rating of the reply to one of its appeals.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct RateInput {
    pub reg_number: String,
    /// satisfied, basically_satisfied or dissatisfied.
    pub satisfaction: String,
}

pub async fn rate(
    State(p): State<Arc<Portal>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let r: RateInput = match json_body(&headers, body) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let citizen = match citizen(&p, &headers).await {
        Ok(Some(c)) => c,
        Ok(None) => return signed_out().into_response(),
        Err(e) => return e.into_response(),
    };
    let app = p.app.clone();
    let rated = run(
        move || service::rate(&app.office, citizen, &r.reg_number, &r.satisfaction),
        |e| match e.code {
            ErrorCode::Validation => Some(PortalError::form(PortalErrorCode::Validation, &[e])),
            ErrorCode::NotFound
            | ErrorCode::InvalidState
            | ErrorCode::Forbidden
            | ErrorCode::Conflict => Some(PortalError::new(PortalErrorCode::CannotRate, e.message)),
            ErrorCode::NotSignedIn => Some(signed_out()),
            _ => None,
        },
    )
    .await;
    match rated {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => e.into_response(),
    }
}

// ---------------------------------------------------------------------------------------------
// 信息公开

/// The disclosure reports published, newest period first; each one's page is
/// `/disclosure/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Disclosures {
    pub reports: Vec<PublishedReport>,
}

pub async fn disclosures(State(p): State<Arc<Portal>>) -> Response {
    let app = p.app.clone();
    match run(move || service::published(&app.office), |_| None).await {
        Ok(reports) => Json(Disclosures { reports }).into_response(),
        Err(e) => e.into_response(),
    }
}

// ---------------------------------------------------------------------------------------------
// The document and unknown paths

pub async fn openapi_document() -> Response {
    Json(super::openapi::openapi()).into_response()
}

pub async fn api_not_found() -> Response {
    PortalError::new(
        PortalErrorCode::NotFound,
        "没有这个接口，请刷新页面后重新操作。",
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_go_to_their_fields_under_the_form_names() {
        let e = PortalError::form(
            PortalErrorCode::Validation,
            &[
                CoreError::field("appellant.phone", "电话号码格式不正确。"),
                CoreError::field("files", "附件“a”是空文件。"),
                CoreError::field("files", "附件“b”是空文件。"),
            ],
        );
        let fields = e.fields.unwrap();
        assert_eq!(fields["phone"], "电话号码格式不正确。");
        assert_eq!(fields["files"], "附件“a”是空文件。附件“b”是空文件。");
        assert!(e.message.contains("3处"), "{}", e.message);
        let json = serde_json::to_value(PortalError::new(PortalErrorCode::TooMany, "x")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "too_many", "message": "x"})
        );
    }
}
