//! The public portal (issue 21, decision 0012): the office's door for the public, on a listener
//! of its own (`--portal-listen`), meant for the internet side. Its router holds only the portal's
//! pages: none of the staff API (`/api/…`) answers there, and the handlers call only
//! [`minyi_service::portal`], which can create portal appeals and read a citizen's own appeals and
//! nothing else. Like the staff side, routes are transport only.
//!
//! Protection, in this order on every request: a body limit (64 KB; only the submission form,
//! which may carry photos or a PDF, is allowed [`SUBMIT_BODY_LIMIT`]), the
//! security headers (a strict CSP: this origin only, no inline script or style; no framing; no
//! caching of pages), a same-origin check of every POST (CSRF: together with SameSite=Strict
//! cookies), then per-address limits ([`guard`]): a captcha once an address has submitted
//! `portal.captcha_after` appeals within the hour, a refusal beyond `portal.hourly_limit`, and a
//! pause after `lockout.address_failures` wrong passwords or query codes. Nothing personal goes
//! into a URL (every form posts) or the log (routes only; the captcha's token is left out).

pub mod guard;
pub mod multipart;
pub mod pages;

use crate::routes::{App, Peer};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, State};
use axum::handler::Handler;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use guard::Guard;
use minyi_core::ErrorCode;
use minyi_core::usecases::portal_attach::{MAX_FILE_MB, MAX_FILES, PortalFile};
use minyi_core::usecases::portal_submit::PortalForm;
use minyi_service::portal::{self as service, PortalRules};
use pages::Frame;
use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

/// How the portal is served.
#[derive(Debug, Clone)]
pub struct PortalConfig {
    pub listen: SocketAddr,
    /// Plain HTTP, for a portal behind the office's reverse proxy (which speaks HTTPS to the
    /// public and passes the client's address in `X-Forwarded-For`). Otherwise HTTPS with the
    /// server's certificate, like the staff side.
    pub behind_proxy: bool,
}

/// The largest request body: the form's text (5,000 characters of content) and a little more.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The largest body of the submission form when it carries files (`multipart/form-data`): its
/// text and [`MAX_FILES`] files of [`MAX_FILE_MB`] MB. Raised for `POST /submit` only; a form of
/// text alone is still held to [`BODY_LIMIT`].
pub const SUBMIT_BODY_LIMIT: usize = BODY_LIMIT + MAX_FILES * (MAX_FILE_MB as usize) * 1024 * 1024;

const SESSION_COOKIE: &str = "portal_session";
const LARGE_COOKIE: &str = "portal_large";

pub struct Portal {
    app: Arc<App>,
    pub guard: Guard,
    behind_proxy: bool,
}

impl Portal {
    pub fn new(app: Arc<App>, behind_proxy: bool) -> Self {
        Self {
            app,
            guard: Guard::default(),
            behind_proxy,
        }
    }

    pub fn idle(&self) -> Duration {
        self.app.idle()
    }
}

pub fn router(portal: Arc<Portal>) -> Router {
    Router::new()
        .route("/", get(home))
        .route(
            "/submit",
            get(submit_page).post(submit.layer(DefaultBodyLimit::max(SUBMIT_BODY_LIMIT))),
        )
        .route("/captcha/{file}", get(captcha_image))
        .route("/lookup", get(lookup_page).post(lookup))
        .route("/account", get(account_page))
        .route("/account/register", post(register))
        .route("/account/sign-in", post(sign_in))
        .route("/account/sign-out", post(sign_out))
        .route("/mine", get(mine))
        .route("/mine/rate", post(rate))
        .route("/disclosure", get(disclosure))
        .route("/disclosure/{id}", get(disclosure_page))
        .route("/text-size", post(text_size))
        .route("/portal.css", get(css))
        .route("/portal.js", get(js))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(protect))
        .with_state(portal)
}

/// The security headers on every answer, and the same-origin check of every POST.
async fn protect(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    if request.method() == Method::POST && !same_origin(request.headers()) {
        return (
            StatusCode::FORBIDDEN,
            html_headers(),
            "<!doctype html><meta charset=utf-8><p>请求来源不正确，请回到本平台的页面重新操作。</p>",
        )
            .into_response();
    }
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        );
    }
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Whether a POST comes from the portal's own pages: its `Origin` (or, without one, its
/// `Referer`) names the host it was sent to. A request with neither (a script, an old browser)
/// is let through: the session cookie is SameSite=Strict, so a cross-site form carries none.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let from = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match from {
        None => true,
        Some(v) => {
            let rest = v
                .strip_prefix("https://")
                .or_else(|| v.strip_prefix("http://"))
                .unwrap_or("");
            rest.split('/').next() == Some(host)
        }
    }
}

fn html_headers() -> [(header::HeaderName, &'static str); 1] {
    [(header::CONTENT_TYPE, "text/html; charset=utf-8")]
}

fn html(status: StatusCode, body: String) -> Response {
    (status, html_headers(), body).into_response()
}

fn redirect(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response()
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The client's address: the connection's, or behind the office's proxy the last address of
/// `X-Forwarded-For` (the one the proxy itself added).
fn client(p: &Portal, headers: &HeaderMap, peer: Option<axum::Extension<Peer>>) -> IpAddr {
    if p.behind_proxy
        && let Some(ip) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok())
    {
        return ip;
    }
    peer.map(|p| p.0.0.ip())
        .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
}

/// Runs blocking work (the database, argon2) off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(f).await.ok()
}

/// What every page shares, for this request.
struct Ctx {
    org: String,
    large: bool,
    citizen: Option<i64>,
    session: Option<String>,
}

impl Ctx {
    fn frame(&self) -> Frame<'_> {
        Frame {
            org: &self.org,
            large: self.large,
            signed_in: self.citizen.is_some(),
        }
    }
}

async fn ctx(p: &Arc<Portal>, headers: &HeaderMap) -> Ctx {
    let app = p.app.clone();
    let org = blocking(move || service::org_name(&app.office))
        .await
        .and_then(Result::ok)
        .unwrap_or_else(|| "民意诉求管理办公室".into());
    let session = cookie(headers, SESSION_COOKIE);
    let citizen = session
        .as_deref()
        .and_then(|t| p.guard.citizen(t, p.idle()));
    Ctx {
        org,
        large: cookie(headers, LARGE_COOKIE).as_deref() == Some("1"),
        citizen,
        session,
    }
}

async fn rules(p: &Arc<Portal>) -> PortalRules {
    let app = p.app.clone();
    blocking(move || service::rules(&app.office))
        .await
        .and_then(Result::ok)
        .unwrap_or(PortalRules {
            captcha_after: 3,
            hourly_limit: 20,
            address_failures: 20,
            lockout_minutes: 15,
        })
}

fn trouble(c: &Ctx) -> Response {
    html(
        StatusCode::INTERNAL_SERVER_ERROR,
        pages::message(
            &c.frame(),
            "暂时无法处理",
            "系统暂时无法处理您的请求，您填写的内容没有提交。请稍后再试，或拨打我单位咨询电话。",
        ),
    )
}

async fn home(State(p): State<Arc<Portal>>, headers: HeaderMap) -> Response {
    let c = ctx(&p, &headers).await;
    html(StatusCode::OK, pages::home(&c.frame()))
}

/// A captcha for the form, when this address must read one.
fn captcha_for(p: &Portal, needed: bool) -> Option<String> {
    needed
        .then(|| p.guard.new_captcha().map(|(id, _)| id))
        .flatten()
}

async fn submit_page(
    State(p): State<Arc<Portal>>,
    headers: HeaderMap,
    peer: Option<axum::Extension<Peer>>,
) -> Response {
    let c = ctx(&p, &headers).await;
    let addr = client(&p, &headers, peer);
    let r = rules(&p).await;
    let captcha = captcha_for(&p, p.guard.submissions(addr) >= r.captcha_after);
    html(
        StatusCode::OK,
        pages::submit_form(
            &c.frame(),
            &PortalForm::default(),
            &[],
            captcha.as_deref(),
            None,
        ),
    )
}

/// The submission form as posted.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Submission {
    category: String,
    subject: String,
    content: String,
    name: String,
    phone: String,
    address: String,
    email: String,
    captcha_id: String,
    captcha: String,
}

fn parse_form<T: Default + serde::de::DeserializeOwned>(body: &Bytes) -> Option<T> {
    serde_urlencoded::from_bytes(body).ok()
}

/// Why a submission's body cannot be read.
enum Unreadable {
    TooLarge,
    Malformed,
}

/// The submission and its files: a form of text alone (urlencoded, at most [`BODY_LIMIT`]) or
/// one with files (`multipart/form-data`). A file input left empty sends a part without bytes
/// and without a name; it is no file.
fn read_submission(
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<(Submission, Vec<PortalFile>), Unreadable> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let Some(boundary) = multipart::boundary(content_type) else {
        if body.len() > BODY_LIMIT {
            return Err(Unreadable::TooLarge);
        }
        return parse_form(body)
            .map(|s| (s, Vec::new()))
            .ok_or(Unreadable::Malformed);
    };
    let parts = multipart::parse(body, &boundary).ok_or(Unreadable::Malformed)?;
    let mut fields = Vec::new();
    let mut files = Vec::new();
    for (name, file_name, bytes) in parts {
        match file_name {
            Some(f) if f.is_empty() && bytes.is_empty() => {}
            Some(f) => files.push(PortalFile { name: f, bytes }),
            None => fields.push((
                name,
                String::from_utf8(bytes).map_err(|_| Unreadable::Malformed)?,
            )),
        }
    }
    let text = serde_urlencoded::to_string(&fields).map_err(|_| Unreadable::Malformed)?;
    if text.len() > BODY_LIMIT {
        return Err(Unreadable::TooLarge);
    }
    let s = serde_urlencoded::from_str(&text).map_err(|_| Unreadable::Malformed)?;
    Ok((s, files))
}

async fn submit(
    State(p): State<Arc<Portal>>,
    headers: HeaderMap,
    peer: Option<axum::Extension<Peer>>,
    body: Bytes,
) -> Response {
    let c = ctx(&p, &headers).await;
    let addr = client(&p, &headers, peer);
    let r = rules(&p).await;
    let (s, files) = match read_submission(&headers, &body) {
        Ok(read) => read,
        Err(Unreadable::TooLarge) => {
            return html(
                StatusCode::PAYLOAD_TOO_LARGE,
                pages::message(
                    &c.frame(),
                    "内容过大",
                    "提交的内容超过了大小上限，请缩短文字或压缩附件后重新提交。",
                ),
            );
        }
        Err(Unreadable::Malformed) => {
            return html(
                StatusCode::BAD_REQUEST,
                pages::message(
                    &c.frame(),
                    "无法提交",
                    "提交的内容无法识别，请回到留言页面重新填写。",
                ),
            );
        }
    };
    let done = p.guard.submissions(addr);
    if done >= r.hourly_limit {
        return html(
            StatusCode::TOO_MANY_REQUESTS,
            pages::message(
                &c.frame(),
                "提交次数过多",
                "同一网络在一小时内提交的诉求过多，请稍后再提交；如有急事，请拨打我单位咨询电话。",
            ),
        );
    }
    let form = PortalForm {
        category: s.category,
        subject: s.subject,
        content: s.content,
        name: s.name,
        phone: s.phone,
        address: Some(s.address),
        email: Some(s.email),
    };
    let needs_captcha = done >= r.captcha_after;
    let captcha_error = (needs_captcha && !p.guard.solve(&s.captcha_id, &s.captcha))
        .then_some("验证码不正确或已过期，请按新的图片重新输入。");
    let mut errors = service::check(&form);
    let app = p.app.clone();
    let checked = {
        let files = files.clone();
        blocking(move || service::check_files(&app.office, &files)).await
    };
    match checked {
        Some(Ok(file_errors)) => errors.extend(file_errors),
        _ => return trouble(&c),
    }
    if !errors.is_empty() || captcha_error.is_some() {
        let captcha = captcha_for(&p, needs_captcha);
        return html(
            StatusCode::BAD_REQUEST,
            pages::submit_form(
                &c.frame(),
                &form,
                &errors,
                captcha.as_deref(),
                captcha_error,
            ),
        );
    }
    let app = p.app.clone();
    let citizen = c.citizen;
    let result = {
        let form = form.clone();
        blocking(move || service::submit(&app.office, &form, &files, citizen)).await
    };
    match result {
        Some(Ok(receipt)) => {
            p.guard.submitted(addr);
            tracing::info!(
                appeal = receipt.submitted.appeal_id,
                files = receipt.attachments.len(),
                "portal appeal submitted"
            );
            html(StatusCode::OK, pages::receipt(&c.frame(), &receipt))
        }
        Some(Err(e)) if e.code == ErrorCode::Validation => {
            let captcha = captcha_for(&p, needs_captcha);
            html(
                StatusCode::BAD_REQUEST,
                pages::submit_form(&c.frame(), &form, &[e], captcha.as_deref(), None),
            )
        }
        Some(Err(e)) => {
            tracing::warn!(code = ?e.code, "portal submission failed");
            trouble(&c)
        }
        None => trouble(&c),
    }
}

async fn captcha_image(State(p): State<Arc<Portal>>, UrlPath(file): UrlPath<String>) -> Response {
    // The image of a captcha is drawn when the form is made; its id names it. Drawing it anew
    // here would change the answer, so the form's captcha is kept as its PNG.
    let id = file.strip_suffix(".png").unwrap_or(&file);
    match p.guard.image(id) {
        Some(png) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "image/png"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            png,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn lookup_page(State(p): State<Arc<Portal>>, headers: HeaderMap) -> Response {
    let c = ctx(&p, &headers).await;
    html(
        StatusCode::OK,
        pages::lookup_form(&c.frame(), "", None, None),
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Lookup {
    reg_number: String,
    query_code: String,
}

fn paused_message(r: &PortalRules) -> String {
    format!(
        "同一网络输错的次数过多，已暂停{}分钟，请稍后再试。",
        r.lockout_minutes
    )
}

async fn lookup(
    State(p): State<Arc<Portal>>,
    headers: HeaderMap,
    peer: Option<axum::Extension<Peer>>,
    body: Bytes,
) -> Response {
    let c = ctx(&p, &headers).await;
    let addr = client(&p, &headers, peer);
    let r = rules(&p).await;
    let q = parse_form::<Lookup>(&body).unwrap_or_default();
    let window = Duration::from_secs(r.lockout_minutes * 60);
    if p.guard.paused(addr, r.address_failures, window) {
        let m = paused_message(&r);
        return html(
            StatusCode::TOO_MANY_REQUESTS,
            pages::lookup_form(&c.frame(), &q.reg_number, Some(&m), None),
        );
    }
    let app = p.app.clone();
    let (reg, code) = (q.reg_number.clone(), q.query_code.clone());
    match blocking(move || service::lookup(&app.office, &reg, &code)).await {
        Some(Ok(status)) => html(
            StatusCode::OK,
            pages::lookup_form(&c.frame(), &q.reg_number, None, Some(&status)),
        ),
        Some(Err(e)) if e.code == ErrorCode::NotFound => {
            p.guard.failed(addr);
            html(
                StatusCode::NOT_FOUND,
                pages::lookup_form(&c.frame(), &q.reg_number, Some(&e.message), None),
            )
        }
        _ => trouble(&c),
    }
}

async fn account_page(State(p): State<Arc<Portal>>, headers: HeaderMap) -> Response {
    let c = ctx(&p, &headers).await;
    if c.citizen.is_some() {
        return redirect("/mine");
    }
    html(StatusCode::OK, pages::account(&c.frame(), None, ""))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Credentials {
    phone: String,
    password: String,
}

/// Signs the account in: a session cookie (HttpOnly, SameSite=Strict; Secure over HTTPS).
fn signed_in(p: &Portal, citizen: i64) -> Response {
    let token = p.guard.begin(citizen);
    let secure = if p.behind_proxy { "" } else { "; Secure" };
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, "/mine".to_string()),
            (
                header::SET_COOKIE,
                format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}"),
            ),
        ],
    )
        .into_response()
}

async fn register(
    State(p): State<Arc<Portal>>,
    headers: HeaderMap,
    peer: Option<axum::Extension<Peer>>,
    body: Bytes,
) -> Response {
    let c = ctx(&p, &headers).await;
    let addr = client(&p, &headers, peer);
    let r = rules(&p).await;
    let f = parse_form::<Credentials>(&body).unwrap_or_default();
    if p.guard.submissions(addr) >= r.hourly_limit {
        return html(
            StatusCode::TOO_MANY_REQUESTS,
            pages::account(
                &c.frame(),
                Some("同一网络在一小时内操作过多，请稍后再试。"),
                "",
            ),
        );
    }
    let app = p.app.clone();
    let (phone, password) = (f.phone.clone(), f.password);
    match blocking(move || service::register(&app.office, &phone, &password)).await {
        Some(Ok(id)) => {
            p.guard.submitted(addr);
            signed_in(&p, id)
        }
        Some(Err(e)) if e.code == ErrorCode::Validation => html(
            StatusCode::BAD_REQUEST,
            pages::account(&c.frame(), Some(&e.message), ""),
        ),
        _ => trouble(&c),
    }
}

async fn sign_in(
    State(p): State<Arc<Portal>>,
    headers: HeaderMap,
    peer: Option<axum::Extension<Peer>>,
    body: Bytes,
) -> Response {
    let c = ctx(&p, &headers).await;
    let addr = client(&p, &headers, peer);
    let r = rules(&p).await;
    let f = parse_form::<Credentials>(&body).unwrap_or_default();
    let window = Duration::from_secs(r.lockout_minutes * 60);
    if p.guard.paused(addr, r.address_failures, window) {
        let m = paused_message(&r);
        return html(
            StatusCode::TOO_MANY_REQUESTS,
            pages::account(&c.frame(), Some(&m), &f.phone),
        );
    }
    let app = p.app.clone();
    let (phone, password) = (f.phone.clone(), f.password);
    match blocking(move || service::sign_in(&app.office, &phone, &password)).await {
        Some(Ok(id)) => signed_in(&p, id),
        Some(Err(e)) if matches!(e.code, ErrorCode::Auth | ErrorCode::Locked) => {
            p.guard.failed(addr);
            html(
                StatusCode::UNAUTHORIZED,
                pages::account(&c.frame(), Some(&e.message), &f.phone),
            )
        }
        _ => trouble(&c),
    }
}

async fn sign_out(State(p): State<Arc<Portal>>, headers: HeaderMap) -> Response {
    let c = ctx(&p, &headers).await;
    if let Some(t) = &c.session {
        p.guard.end(t);
    }
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, "/".to_string()),
            (
                header::SET_COOKIE,
                format!("{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"),
            ),
        ],
    )
        .into_response()
}

async fn mine(State(p): State<Arc<Portal>>, headers: HeaderMap) -> Response {
    let c = ctx(&p, &headers).await;
    let Some(citizen) = c.citizen else {
        return redirect("/account");
    };
    let app = p.app.clone();
    match blocking(move || service::my_appeals(&app.office, citizen)).await {
        Some(Ok((phone, appeals))) => {
            html(StatusCode::OK, pages::mine(&c.frame(), &phone, &appeals))
        }
        _ => trouble(&c),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Rating {
    reg_number: String,
    satisfaction: String,
}

async fn rate(State(p): State<Arc<Portal>>, headers: HeaderMap, body: Bytes) -> Response {
    let c = ctx(&p, &headers).await;
    let Some(citizen) = c.citizen else {
        return redirect("/account");
    };
    let r = parse_form::<Rating>(&body).unwrap_or_default();
    let app = p.app.clone();
    match blocking(move || service::rate(&app.office, citizen, &r.reg_number, &r.satisfaction))
        .await
    {
        Some(Ok(())) => redirect("/mine"),
        Some(Err(e)) if e.code != ErrorCode::Storage => html(
            StatusCode::BAD_REQUEST,
            pages::message(&c.frame(), "无法评价", &e.message),
        ),
        _ => trouble(&c),
    }
}

async fn disclosure(State(p): State<Arc<Portal>>, headers: HeaderMap) -> Response {
    let c = ctx(&p, &headers).await;
    let app = p.app.clone();
    match blocking(move || service::published(&app.office)).await {
        Some(Ok(reports)) => html(StatusCode::OK, pages::disclosure(&c.frame(), &reports)),
        _ => trouble(&c),
    }
}

/// A published report: the office's own web page of it. It carries its own stylesheet inline,
/// so this page alone allows inline style; scripts stay forbidden.
async fn disclosure_page(
    State(p): State<Arc<Portal>>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return not_found(State(p), headers).await;
    };
    let app = p.app.clone();
    match blocking(move || service::published_page(&app.office, id)).await {
        Some(Ok(page)) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
                ),
            ],
            page,
        )
            .into_response(),
        _ => not_found(State(p), headers).await,
    }
}

/// 大字模式 on or off (a cookie; no script needed), back to the page it was asked from.
async fn text_size(headers: HeaderMap) -> Response {
    let large = cookie(&headers, LARGE_COOKIE).as_deref() == Some("1");
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let rest = v
                .strip_prefix("https://")
                .or_else(|| v.strip_prefix("http://"))?;
            rest.find('/').map(|i| rest[i..].to_string())
        })
        .filter(|path| path.starts_with('/') && !path.starts_with("//"))
        .unwrap_or_else(|| "/".into());
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, back),
            (
                header::SET_COOKIE,
                format!(
                    "{LARGE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Strict",
                    if large { "0" } else { "1" }
                ),
            ),
        ],
    )
        .into_response()
}

async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        pages::CSS,
    )
        .into_response()
}

async fn js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        pages::JS,
    )
        .into_response()
}

async fn not_found(State(p): State<Arc<Portal>>, headers: HeaderMap) -> Response {
    let c = ctx(&p, &headers).await;
    html(
        StatusCode::NOT_FOUND,
        pages::message(
            &c.frame(),
            "找不到页面",
            "您要找的页面不存在，请从首页重新进入。",
        ),
    )
}
