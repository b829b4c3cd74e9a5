//! The public portal (issue 21, decision 0012): the office's door for the public, on a listener
//! of its own (`--portal-listen`), meant for the internet side. Its router holds only the portal:
//! none of the staff API (`/api/…`) answers there, and the handlers call only
//! [`minyi_service::portal`], which can create portal appeals and read a citizen's own appeals and
//! nothing else. Like the staff side, routes are transport only.
//!
//! What it serves: the JSON API the page talks to ([`api`], under `/public-api/v1`, described by
//! its own OpenAPI document [`openapi`] at `/public-api/openapi.json`), the page itself — a
//! Vue 3 + Vant 4 app built from `portal-ui/` and compiled into the server ([`app`]) — the
//! captcha images, and the published disclosure reports' own pages.
//!
//! Protection, in this order on every request: a body limit (64 KB; only the submission, which
//! may carry photos or a PDF, is allowed [`SUBMIT_BODY_LIMIT`]), the security headers (a strict
//! CSP: this origin only, no inline script or style; no framing; no caching but of the app's
//! hashed assets), a same-origin check of every POST (CSRF: together with SameSite=Strict
//! cookies), then per-address limits ([`guard`]): a captcha once an address has submitted
//! `portal.captcha_after` appeals within the hour, a refusal beyond `portal.hourly_limit`, and a
//! pause after `lockout.address_failures` wrong passwords or query codes. Nothing personal goes
//! into a URL (everything personal is posted as JSON) or the log (routes only; the captcha's
//! token is left out).

pub mod api;
pub mod app;
pub mod guard;
pub mod multipart;
pub mod openapi;

use crate::routes::{App, Peer};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, State};
use axum::handler::Handler;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use guard::Guard;
use minyi_core::usecases::portal_attach::{MAX_FILE_MB, MAX_FILES};
use minyi_service::portal::{self as service, PortalRules};
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

/// The largest body of a submission that carries files (`multipart/form-data`): its text and
/// [`MAX_FILES`] files of [`MAX_FILE_MB`] MB. Raised for `POST /public-api/v1/appeals` only; its
/// text (JSON, or the multipart's text parts) is still held to [`BODY_LIMIT`].
pub const SUBMIT_BODY_LIMIT: usize = BODY_LIMIT + MAX_FILES * (MAX_FILE_MB as usize) * 1024 * 1024;

/// The page's policy: everything from this origin, nothing inline, no framing.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const SESSION_COOKIE: &str = "portal_session";

pub struct Portal {
    app: Arc<App>,
    pub guard: Guard,
    behind_proxy: bool,
}

impl Portal {
    pub fn new(app: Arc<App>, behind_proxy: bool) -> Self {
        Self {
            guard: Guard::new(app.clone()),
            app,
            behind_proxy,
        }
    }

    pub fn idle(&self) -> Duration {
        self.app.idle()
    }
}

pub fn router(portal: Arc<Portal>) -> Router {
    use api::*;
    Router::new()
        .route("/public-api/openapi.json", get(openapi_document))
        .route("/public-api/v1/portal", get(portal_info))
        .route("/public-api/v1/captcha", post(new_captcha))
        .route(
            "/public-api/v1/appeals",
            post(submit.layer(DefaultBodyLimit::max(SUBMIT_BODY_LIMIT))),
        )
        .route("/public-api/v1/lookup", post(lookup))
        .route("/public-api/v1/account/register", post(register))
        .route("/public-api/v1/account/sign-in", post(sign_in))
        .route("/public-api/v1/account/sign-out", post(sign_out))
        .route("/public-api/v1/mine", get(mine))
        .route("/public-api/v1/mine/rate", post(rate))
        .route("/public-api/v1/disclosures", get(disclosures))
        .route("/public-api/{*rest}", axum::routing::any(api_not_found))
        .route("/captcha/{file}", get(captcha_image))
        .route("/disclosure/{id}", get(disclosure_page))
        .route("/assets/{*path}", get(app::asset))
        .fallback(app::page)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(protect))
        .with_state(portal)
}

/// The security headers on every answer, and the same-origin check of every POST.
async fn protect(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    if request.method() == Method::POST && !same_origin(request.headers()) {
        return api::PortalError::new(
            api::PortalErrorCode::CrossOrigin,
            "请求来源不正确，请回到本平台的页面重新操作。",
        )
        .into_response();
    }
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
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
/// is let through: the session cookie is SameSite=Strict, so a cross-site request carries none.
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

async fn captcha_image(State(p): State<Arc<Portal>>, UrlPath(file): UrlPath<String>) -> Response {
    // The image of a captcha is drawn when it is made; its id names it. Drawing it anew here
    // would change the answer, so the captcha is kept as its PNG until it is answered.
    let id = file.strip_suffix(".png").unwrap_or(&file);
    match p.guard.image(id).await {
        Ok(Some(png)) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "image/png"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            png,
        )
            .into_response(),
        Ok(None) => app::not_found(),
        Err(e) => e.into_response(),
    }
}

/// A published report: the office's own web page of it. It carries its own stylesheet inline,
/// so this page alone allows inline style; scripts stay forbidden.
async fn disclosure_page(State(p): State<Arc<Portal>>, UrlPath(id): UrlPath<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return app::not_found();
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
        _ => app::not_found(),
    }
}
