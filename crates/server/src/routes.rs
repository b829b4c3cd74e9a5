//! The HTTP routes (listed in `minyi_service::wire`): each carries a request to minyi-service and
//! its answer back. Every command runs on a blocking thread (a statistics year or an import takes
//! seconds; the server keeps answering others meanwhile). Nothing here decides anything about
//! appeals.

use crate::events::Events;
use crate::host::ServerHost;
use crate::sessions::{Refused, Session, Sessions};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::StreamExt;
use minyi_core::store::settings::SessionRules;
use minyi_core::{CoreError, ErrorCode};
use minyi_service::session::{self as service_session, SignedIn};
use minyi_service::views::SetupInput;
use minyi_service::wire::{self, Health, ServerEvent, SessionToken, SignIn, Uploaded};
use minyi_service::{Call, Caller, Effect, Office, Reply, Request};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncWriteExt;

/// Everything the routes share.
pub struct App {
    pub office: Office,
    pub sessions: Sessions,
    /// Changes anyone made, for every client.
    pub changes: Events,
    /// How this process's events reach the others on one PostgreSQL database ([`crate::bus`]).
    pub bus: Option<crate::bus::Bus>,
    /// The sign-in rules from settings, read again every few seconds.
    rules: std::sync::Mutex<Option<(std::time::Instant, SessionRules)>>,
    idle_override: Option<Duration>,
}

/// The address of the client of one connection.
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub SocketAddr);

/// The largest upload (an import of a year's messages, a scanned letter).
const UPLOAD_LIMIT: u64 = 512 * 1024 * 1024;

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/healthz", get(health))
        .route("/api/status", get(status))
        .route("/api/session", post(sign_in).delete(sign_out))
        .route("/api/setup", post(setup))
        .route("/api/commands/{name}", post(command))
        .route("/api/uploads", post(upload))
        .route("/api/files/{token}", get(download))
        .route("/api/events", get(events))
        .route("/api/openapi.json", get(openapi))
        .with_state(app)
}

/// An error as every client reads it: `{ code, message, field? }` with its HTTP status.
pub struct Failure(pub CoreError);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(wire::status_of(self.0.code))
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(self.0)).into_response()
    }
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Self {
        Failure(e)
    }
}

type Answer<T> = Result<T, Failure>;

fn not_signed_in(message: &str) -> Failure {
    Failure(CoreError::new(ErrorCode::NotSignedIn, message))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// Runs blocking work (the database, files) off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Answer<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|_| Failure(CoreError::storage("服务器处理请求时意外中止，请重试。")))
}

impl App {
    pub fn new(office: Office, sessions: Sessions, idle_override: Option<Duration>) -> Self {
        Self::with_bus(office, sessions, idle_override, None)
    }

    /// [`App::new`], pushing through `bus` to the other processes of the office.
    pub fn with_bus(
        office: Office,
        sessions: Sessions,
        idle_override: Option<Duration>,
        bus: Option<crate::bus::Bus>,
    ) -> Self {
        Self {
            office,
            sessions,
            changes: Events::new(bus.as_ref(), crate::bus::Audience::All),
            bus,
            rules: std::sync::Mutex::new(None),
            idle_override,
        }
    }

    /// The sign-in rules, at most a few seconds old (an administrator's change applies soon
    /// without a read of the settings on every request).
    pub fn rules(&self) -> minyi_core::Result<SessionRules> {
        let mut cached = self.rules.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((at, rules)) = *cached
            && at.elapsed() < Duration::from_secs(5)
        {
            return Ok(rules);
        }
        let rules = service_session::server_rules(&self.office)?;
        *cached = Some((std::time::Instant::now(), rules));
        Ok(rules)
    }

    pub fn idle(&self) -> Duration {
        if let Some(idle) = self.idle_override {
            return idle;
        }
        let minutes = self.rules().map(|r| r.idle_minutes).unwrap_or(30);
        Duration::from_secs(minutes.max(1) as u64 * 60)
    }

    /// The session of the request's token, read from the database (on a blocking thread).
    async fn session(self: &Arc<Self>, headers: &HeaderMap) -> Answer<Arc<Session>> {
        let token = bearer(headers)
            .ok_or_else(|| not_signed_in("请先登录。"))?
            .to_string();
        let app = self.clone();
        let found = blocking(move || app.sessions.find(&app.office, &token, app.idle())).await??;
        found.map_err(|why| match why {
            Refused::Expired => not_signed_in("长时间未操作，登录已超时，请重新登录。"),
            Refused::Unknown => not_signed_in("登录已失效，请重新登录。"),
        })
    }

    /// Begins a session for a user just signed in (on a blocking thread: it writes its row).
    fn begin(&self, signed: SignedIn) -> minyi_core::Result<SessionToken> {
        let (token, session) = self
            .sessions
            .begin(&self.office, signed.user_id, self.idle())?;
        tracing::info!(session = %session.label, user = signed.user_id, "signed in");
        Ok(SessionToken {
            token,
            session: signed.info,
        })
    }

    /// The windows the sweep prunes the server's state by: the idle time for sessions, ten
    /// minutes for captchas, an hour for portal submissions, the lockout's minutes for failures.
    pub fn windows(&self) -> minyi_service::server_state::Windows {
        let idle = self.idle();
        let lockout = self
            .rules()
            .map(|r| Duration::from_secs(r.lockout_minutes.max(1) as u64 * 60))
            .unwrap_or(Duration::from_secs(3600));
        minyi_service::server_state::Windows {
            staff_idle: idle,
            citizen_idle: idle,
            captcha_life: crate::portal::guard::CAPTCHA_LIFE,
            staff_failures: lockout,
            portal_submissions: crate::portal::guard::HOUR,
            portal_failures: lockout,
        }
    }
}

async fn health(State(app): State<Arc<App>>) -> axum::Json<Health> {
    let _ = &app;
    axum::Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        schema: minyi_core::store::db::schema_version(),
    })
}

/// The API described for tools; made once, from the types.
async fn openapi() -> Response {
    static DOCUMENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let body = DOCUMENT.get_or_init(|| minyi_service::openapi::openapi().to_string());
    ([(header::CONTENT_TYPE, "application/json")], body.clone()).into_response()
}

async fn status(State(app): State<Arc<App>>, headers: HeaderMap) -> Answer<Response> {
    let caller = match app.session(&headers).await {
        Ok(s) => Caller::Session(s.user_id),
        Err(_) => Caller::Nobody,
    };
    let status = blocking(move || service_session::status(&app.office, caller, None)).await??;
    Ok(axum::Json(status).into_response())
}

async fn sign_in(
    State(app): State<Arc<App>>,
    peer: Option<axum::Extension<Peer>>,
    body: Bytes,
) -> Answer<axum::Json<SessionToken>> {
    let form: SignIn = serde_json::from_slice(&body)
        .map_err(|_| Failure(CoreError::field("args", "请输入登录名和密码。")))?;
    let addr = peer.map(|p| p.0.0.ip());
    let rules = {
        let app = app.clone();
        blocking(move || app.rules()).await??
    };
    let window = Duration::from_secs(rules.lockout_minutes.max(1) as u64 * 60);
    let locked = match addr {
        Some(addr) => {
            let worker = app.clone();
            let limit = rules.address_failures as usize;
            blocking(move || {
                worker
                    .sessions
                    .address_locked(&worker.office, addr, limit, window)
            })
            .await??
        }
        None => None,
    };
    if let Some(wait) = locked {
        return Err(Failure(CoreError::new(
            ErrorCode::Locked,
            format!(
                "这台电脑登录失败次数过多，已暂停登录，请在约 {} 分钟后再试，或联系系统管理员。",
                wait.div_ceil(60)
            ),
        )));
    }
    let worker = app.clone();
    let result = blocking(move || {
        service_session::sign_in(&worker.office, &form.username, &form.password)
            .and_then(|signed| worker.begin(signed))
    })
    .await?;
    match result {
        Ok(token) => Ok(axum::Json(token)),
        Err(e) => {
            if matches!(e.code, ErrorCode::Auth | ErrorCode::Locked)
                && let Some(addr) = addr
            {
                let limit = rules.address_failures as usize;
                let worker = app.clone();
                let paused = blocking(move || {
                    worker
                        .sessions
                        .failed_from(&worker.office, addr, limit, window)
                })
                .await??;
                if paused {
                    let minutes = window.as_secs() / 60;
                    let worker = app.clone();
                    let address = addr.to_string();
                    // The answer does not wait for the entry; its failure is the database's,
                    // which the next call meets.
                    tokio::task::spawn_blocking(move || {
                        service_session::address_paused(&worker.office, &address, limit, minutes)
                    });
                }
            }
            Err(Failure(e))
        }
    }
}

async fn sign_out(State(app): State<Arc<App>>, headers: HeaderMap) -> Answer<StatusCode> {
    if let Some(token) = bearer(&headers).map(str::to_string) {
        let worker = app.clone();
        blocking(move || worker.sessions.end(&worker.office, &token)).await??;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The first start: only from the server machine itself, and only while the office has no account
/// (the core refuses a second set-up).
async fn setup(
    State(app): State<Arc<App>>,
    peer: Option<axum::Extension<Peer>>,
    body: Bytes,
) -> Answer<axum::Json<SessionToken>> {
    let local = peer.is_some_and(|p| is_loopback(p.0.0.ip()));
    if !local {
        return Err(Failure(CoreError::forbidden(
            "首次设置只能在服务器本机上进行：请在服务器上运行 minyi-server setup，或在服务器本机打开客户端。",
        )));
    }
    let input: SetupInput = serde_json::from_slice(&body).map_err(|_| {
        Failure(CoreError::field(
            "args",
            "首次设置的内容不完整，请检查后重试。",
        ))
    })?;
    let worker = app.clone();
    let token = blocking(move || {
        service_session::setup(&worker.office, &input).and_then(|signed| worker.begin(signed))
    })
    .await??;
    Ok(axum::Json(token))
}

fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

/// `POST /api/commands/{name}`: any operation of the surface.
async fn command(
    State(app): State<Arc<App>>,
    UrlPath(name): UrlPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer<Response> {
    // A session first: without one, nothing about the operation or its arguments is answered.
    let session = match Request::effect_of(&name) {
        Some(Effect::Open) => app.session(&headers).await.ok(),
        _ => Some(app.session(&headers).await?),
    };
    let args = if body.iter().all(u8::is_ascii_whitespace) {
        serde_json::Value::Null
    } else {
        serde_json::from_slice(&body).map_err(|_| {
            Failure(CoreError::field(
                "args",
                "请求内容不是有效的 JSON，请升级客户端后重试。",
            ))
        })?
    };
    let request = Request::parse(&name, args)?;
    let worker = app.clone();
    let for_call = session.clone();
    let reply: Reply = blocking(move || {
        let caller = for_call
            .as_ref()
            .map_or(Caller::Nobody, |s| Caller::Session(s.user_id));
        match &for_call {
            Some(s) => {
                let host = ServerHost::new(&worker.office, &worker.sessions, s);
                let mut reply = request.run(&Call::new(&worker.office, &host, caller));
                // What the command made becomes downloadable once recorded (see `host`).
                if let Err(e) = worker.sessions.add_files(&worker.office, s, &host.made()) {
                    reply.result = Err(e);
                }
                reply
            }
            None => request.run(&Call::new(&worker.office, &NoFiles, caller)),
        }
    })
    .await?;
    if reply.changed {
        app.changes.send(ServerEvent::DataChanged {
            command: name.clone(),
        });
    }
    Ok(axum::Json(reply.result?).into_response())
}

/// The host of a call without a session (the open commands read no files).
struct NoFiles;

impl minyi_service::Host for NoFiles {
    fn input(&self, _: &minyi_service::FileRef) -> minyi_core::Result<std::path::PathBuf> {
        Err(crate::routes::refused_without_session())
    }
    fn output(
        &self,
        _: minyi_service::OutputKind,
        _: &str,
    ) -> minyi_core::Result<minyi_service::Target> {
        Err(refused_without_session())
    }
    fn progress(&self, _: minyi_service::JobProgress) {}
    fn jobs(&self) -> &minyi_service::Jobs {
        static NONE: std::sync::OnceLock<minyi_service::Jobs> = std::sync::OnceLock::new();
        NONE.get_or_init(minyi_service::Jobs::default)
    }
}

fn refused_without_session() -> CoreError {
    CoreError::new(ErrorCode::NotSignedIn, "请先登录。")
}

#[derive(serde::Deserialize)]
struct UploadName {
    name: Option<String>,
}

/// `POST /api/uploads?name=…`: streams the body into the session's folder.
async fn upload(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<UploadName>,
    body: Body,
) -> Answer<axum::Json<Uploaded>> {
    let session = app.session(&headers).await?;
    let name = minyi_service::host::safe_file_name(q.name.as_deref().unwrap_or("上传的文件"));
    let dir = session.new_file_folder();
    let failed = || {
        Failure(CoreError::storage(
            "服务器无法保存上传的文件，请联系服务器管理员检查磁盘空间。",
        ))
    };
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(|_| failed())?;
    let path = dir.join(&name);
    let mut file = tokio::fs::File::create(&path).await.map_err(|_| failed())?;
    let mut stream = body.into_data_stream();
    let mut size: u64 = 0;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk
            .map_err(|_| Failure(CoreError::storage("上传中断，文件没有完整收到，请重试。")))?;
        size += chunk.len() as u64;
        if size > UPLOAD_LIMIT {
            drop(file);
            let _ = tokio::fs::remove_dir_all(&dir).await;
            return Err(Failure(CoreError::field(
                "file",
                "文件过大（超过 512 MB），不能上传。请压缩或拆分后再试。",
            )));
        }
        file.write_all(&chunk).await.map_err(|_| failed())?;
    }
    file.flush().await.map_err(|_| failed())?;
    drop(file);
    let (token, relative) = session.file_entry(&path);
    let entry = vec![(token.clone(), relative)];
    let worker = app.clone();
    blocking(move || worker.sessions.add_files(&worker.office, &session, &entry)).await??;
    Ok(axum::Json(Uploaded { file: token }))
}

/// `GET /api/files/{token}`: a file this session's commands made (or it uploaded), streamed.
async fn download(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    UrlPath(token): UrlPath<String>,
) -> Answer<Response> {
    let session = app.session(&headers).await?;
    let gone = || {
        Failure(CoreError::not_found(
            "找不到这个文件，它可能没有生成（操作已取消）或已因长时间未操作而清除。请重新操作一次。",
        ))
    };
    let worker = app.clone();
    let path = blocking(move || worker.sessions.file(&worker.office, &session, &token))
        .await??
        .ok_or_else(gone)?;
    let file = tokio::fs::File::open(&path).await.map_err(|_| gone())?;
    let len = file.metadata().await.map(|m| m.len()).ok();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "文件".into());
    let mut response = Body::from_stream(tokio_util::io::ReaderStream::new(file)).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(&name)),
    );
    if let Some(len) = len {
        h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    }
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename*=UTF-8''{}",
        percent_encode(&name)
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "html" | "htm" => "text/html; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "json" => "application/json",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

/// RFC 5987 encoding of a file name for `Content-Disposition`.
fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `GET /api/events`: changes anyone makes and this session's progress, as server-sent events.
async fn events(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
) -> Answer<Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>>> {
    let session = app.session(&headers).await?;
    let changes = tokio_stream::wrappers::BroadcastStream::new(app.changes.subscribe());
    let own = tokio_stream::wrappers::BroadcastStream::new(session.events.subscribe());
    let stream = tokio_stream::StreamExt::merge(changes, own).map(|item| {
        // A client that fell behind reloads everything: nothing it missed stays unseen.
        let event = item.unwrap_or(ServerEvent::DataChanged {
            command: String::new(),
        });
        let name = match &event {
            ServerEvent::DataChanged { .. } => "data_changed",
            ServerEvent::Progress(_) => "progress",
        };
        Ok(Event::default()
            .event(name)
            .data(serde_json::to_string(&event).unwrap_or_default()))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_encoded_for_the_download_header() {
        assert_eq!(percent_encode("a b.pdf"), "a%20b.pdf");
        assert_eq!(percent_encode("台账.xlsx"), "%E5%8F%B0%E8%B4%A6.xlsx");
        assert_eq!(
            content_type("台账.XLSX"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
    }

    #[test]
    fn loopback_includes_mapped_addresses() {
        assert!(is_loopback("127.0.0.1".parse().unwrap()));
        assert!(is_loopback("::1".parse().unwrap()));
        assert!(is_loopback("::ffff:127.0.0.1".parse().unwrap()));
        assert!(!is_loopback("192.168.1.5".parse().unwrap()));
    }
}
