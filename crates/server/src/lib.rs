//! minyi-server — the office server (联网): one machine of the office runs it, and every desk's app
//! and `minyi-cli --server` connect to it over HTTPS, so the whole office works on one database.
//!
//! Layout: [`tls`] is the certificate (the office's, or one made on the first start, announced by
//! its fingerprint); [`listen`] accepts HTTPS connections (and answers plain HTTP with a sentence
//! saying to use https); [`routes`] carries each request to minyi-service, the one command surface
//! the desktop and the CLI also call; [`sessions`] are the tokens of signed-in clients; [`host`]
//! lends a command the session's uploads and download folder; [`events`] pushes changes and
//! progress; [`adopt`] takes a desktop's database as the server's.
//!
//! No business rule lives here: routes are transport only. The store is minyi-core's SQLite store
//! in the data folder, the same layout as the desktop's, so `minyi-cli --db DIR/minyi.db check`
//! works on it. The server's own state — sessions, their files' tokens, the portal's captchas and
//! sessions, the counts per client address — is in that database too, so a restart keeps everyone
//! signed in and several processes on one database serve any request ([`sessions`]). Logs name
//! routes, operations, statuses and session labels, never personal data.

pub mod adopt;
pub mod bus;
pub mod events;
pub mod host;
pub mod listen;
pub mod portal;
pub mod routes;
pub mod sessions;
pub mod tls;

use minyi_service::{Caller, Office, Profile};
use routes::App;
use sessions::Sessions;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// How a server is started.
/// Opens the office, and on PostgreSQL the bus to the office's other server processes, off the
/// async threads: the PostgreSQL client blocks on a runtime of its own, which tokio refuses to
/// start on one of its workers.
async fn open_app(config: &Config) -> Result<Arc<App>, String> {
    let config = config.clone();
    tokio::task::spawn_blocking(move || {
        let office = open_office(
            &config.data_dir,
            config.database.as_deref(),
            Profile::server(config.connections),
        )?;
        // The bus routes what arrives to this process's listeners, found through the app it is
        // part of (set right after).
        let this: Arc<std::sync::OnceLock<std::sync::Weak<App>>> = Arc::default();
        let bus = match &config.database {
            Some(url) => {
                let this = this.clone();
                Some(bus::Bus::start(url, move |audience| {
                    let app = this.get()?.upgrade()?;
                    match audience {
                        bus::Audience::All => Some(app.changes.clone()),
                        bus::Audience::Session(_) => app.sessions.events_of(audience),
                    }
                })?)
            }
            None => None,
        };
        let app = Arc::new(App::with_bus(
            office,
            Sessions::new(&config.data_dir.join("transfers")),
            config.idle_override,
            bus,
        ));
        let _ = this.set(Arc::downgrade(&app));
        app.sessions.bind(&app);
        Ok(app)
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Opens the office in `data_dir`: on the PostgreSQL database `database` when one is named, else on
/// the SQLite file of the data folder.
pub fn open_office(
    data_dir: &std::path::Path,
    database: Option<&str>,
    profile: Profile,
) -> Result<Office, String> {
    match database {
        Some(url) => Office::open_postgres(data_dir, url, profile),
        None => Office::open(data_dir, profile),
    }
    .map_err(|e| e.message)
}

#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub listen: SocketAddr,
    /// The office's own certificate and key (PEM); without them the server uses its own.
    pub cert: Option<(PathBuf, PathBuf)>,
    /// Database connections (readers and writers).
    pub connections: usize,
    /// The office's PostgreSQL database (`postgres://…`); `None`: the SQLite file in the data
    /// folder.
    pub database: Option<String>,
    /// Names clients reach the server by, written into a certificate made on the first start.
    pub hosts: Vec<String>,
    /// Ends idle sessions after this long instead of the setting's minutes (tests of the idle
    /// rule cannot wait minutes).
    pub idle_override: Option<Duration>,
}

/// A server that is listening.
#[derive(Debug, Clone)]
pub struct Started {
    pub addr: SocketAddr,
    /// The certificate's SHA-256 fingerprint (64 hex digits).
    pub fingerprint: String,
    /// The certificate was made just now (the first start).
    pub new_certificate: bool,
    /// The office has no account yet (`minyi-server setup`).
    pub needs_setup: bool,
    /// Where the public portal listens, when it is served (`--portal-listen`).
    pub portal_addr: Option<SocketAddr>,
}

/// When the server first sees whether a daily backup is due, and how often after that.
const BACKUP_FIRST_CHECK: Duration = Duration::from_secs(5 * 60);
const BACKUP_CHECK_EVERY: Duration = Duration::from_secs(60 * 60);

/// Opens the office, binds, and serves until `stop` turns true; `started` is told once it listens.
pub async fn run(
    config: Config,
    started: impl FnOnce(&Started),
    stop: watch::Receiver<bool>,
) -> Result<(), String> {
    run_with_portal(config, None, started, stop).await
}

/// [`run`], with the public portal on a listener of its own when `portal` is given.
pub async fn run_with_portal(
    config: Config,
    portal: Option<portal::PortalConfig>,
    started: impl FnOnce(&Started),
    stop: watch::Receiver<bool>,
) -> Result<(), String> {
    let id = tls::identity(
        &config.data_dir,
        config
            .cert
            .as_ref()
            .map(|(c, k)| (c.as_path(), k.as_path())),
        &config.hosts,
    )?;
    let tls_config = tls::server_config(&id)?;
    let app = open_app(&config).await?;
    let needs_setup = {
        let app = app.clone();
        tokio::task::spawn_blocking(move || {
            minyi_service::session::status(&app.office, Caller::Nobody, None)
                .map(|s| s.needs_setup)
                .map_err(|e| e.message)
        })
        .await
        .map_err(|e| e.to_string())??
    };
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| {
            format!(
                "无法在 {} 上监听（{e}）：端口可能已被占用，或没有权限。",
                config.listen
            )
        })?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let portal_task = match &portal {
        Some(pc) => Some(start_portal(pc, app.clone(), tls_config.clone(), stop.clone()).await?),
        None => None,
    };
    started(&Started {
        addr,
        fingerprint: tls::fingerprint(&id.chain[0]),
        new_certificate: id.created,
        needs_setup,
        portal_addr: portal_task.as_ref().map(|(a, _)| *a),
    });
    tracing::info!(%addr, "listening");
    // The sweep of the server's state (sessions, captchas, counted addresses, the folders of
    // ended sessions): once at the start — the files of sessions that ended while no process ran
    // go — and every minute after. Every process sweeps; a second sweep finds nothing to do.
    let sweeper = {
        let app = app.clone();
        tokio::spawn(async move {
            loop {
                let worker = app.clone();
                let swept = tokio::task::spawn_blocking(move || {
                    worker.sessions.sweep(&worker.office, &worker.windows())
                })
                .await;
                if let Ok(Err(e)) = swept {
                    tracing::warn!(code = ?e.code, "sweep of the server's state failed");
                }
                tokio::time::sleep(Duration::from_secs(60)).await;
            }
        })
    };
    // The daily backup (database and attachments into the office's backup folder): checked every
    // hour, the first time a few minutes after starting; a failure is recorded for the
    // administrators' workbench and tried again the next hour.
    let backups = {
        let app = app.clone();
        tokio::spawn(async move {
            tokio::time::sleep(BACKUP_FIRST_CHECK).await;
            loop {
                let app = app.clone();
                let round = tokio::task::spawn_blocking(move || app.office.back_up_if_due()).await;
                match round {
                    Ok(Some(Ok(info))) => tracing::info!(backup = %info.name, "daily backup"),
                    Ok(Some(Err(e))) => tracing::warn!(error = %e.message, "daily backup failed"),
                    _ => {}
                }
                tokio::time::sleep(BACKUP_CHECK_EVERY).await;
            }
        })
    };
    let router = routes::router(app).layer(axum::middleware::from_fn(log_request));
    listen::serve(listener, tls_config, router, stop).await;
    if let Some((_, task)) = portal_task {
        task.abort();
    }
    sweeper.abort();
    backups.abort();
    tracing::info!("stopped");
    Ok(())
}

/// Binds the portal's listener and serves the portal's router on it (HTTPS with the server's
/// certificate, or plain HTTP behind the office's proxy); answers its address and its task.
async fn start_portal(
    pc: &portal::PortalConfig,
    app: Arc<App>,
    tls_config: Arc<rustls::ServerConfig>,
    stop: watch::Receiver<bool>,
) -> Result<(SocketAddr, tokio::task::JoinHandle<()>), String> {
    let listener = tokio::net::TcpListener::bind(pc.listen)
        .await
        .map_err(|e| {
            format!(
                "无法在 {} 上开放网上平台（{e}）：端口可能已被占用，或没有权限。",
                pc.listen
            )
        })?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let state = Arc::new(portal::Portal::new(app, pc.behind_proxy));
    let router = portal::router(state.clone()).layer(axum::middleware::from_fn(log_request));
    let behind_proxy = pc.behind_proxy;
    // The portal's state is swept with the staff side's (`run_with_portal`).
    let task = tokio::spawn(async move {
        if behind_proxy {
            listen::serve_plain(listener, router, stop).await;
        } else {
            listen::serve(listener, tls_config, router, stop).await;
        }
    });
    tracing::info!(%addr, behind_proxy, "portal listening");
    Ok((addr, task))
}

/// One line per request: method, route (tokens and query strings left out), status, time.
async fn log_request(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let route = if path.starts_with("/api/files/") {
        "/api/files/…".to_string()
    } else if path.starts_with("/captcha/") {
        "/captcha/…".to_string()
    } else {
        path
    };
    let began = std::time::Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        route,
        status = response.status().as_u16(),
        ms = began.elapsed().as_millis() as u64,
    );
    response
}

/// A server on a thread of its own (tests, the load bench): started, with a way to stop it.
pub struct Running {
    pub started: Started,
    stop: watch::Sender<bool>,
    thread: Option<std::thread::JoinHandle<Result<(), String>>>,
}

impl Running {
    /// `https://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("https://{}", self.started.addr)
    }

    /// Stops the server and waits for it.
    pub fn stop(mut self) -> Result<(), String> {
        let _ = self.stop.send(true);
        self.thread.take().map_or(Ok(()), |t| {
            t.join().unwrap_or(Err("服务器线程意外中止。".into()))
        })
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// Starts a server on its own thread and runtime; answers once it listens.
pub fn spawn(config: Config) -> Result<Running, String> {
    spawn_with_portal(config, None)
}

/// [`spawn`], with the public portal when `portal` is given.
pub fn spawn_with_portal(
    config: Config,
    portal: Option<portal::PortalConfig>,
) -> Result<Running, String> {
    let (stop_tx, stop_rx) = watch::channel(false);
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        let failed = ready_tx.clone();
        let result = runtime.block_on(run_with_portal(
            config,
            portal,
            move |s| {
                let _ = ready_tx.send(Ok(s.clone()));
            },
            stop_rx,
        ));
        if let Err(e) = &result {
            let _ = failed.send(Err(e.clone()));
        }
        runtime.shutdown_timeout(Duration::from_secs(5));
        result
    });
    match ready_rx.recv() {
        Ok(Ok(started)) => Ok(Running {
            started,
            stop: stop_tx,
            thread: Some(thread),
        }),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(thread
            .join()
            .ok()
            .and_then(|r| r.err())
            .unwrap_or_else(|| "服务器未能启动。".into())),
    }
}
