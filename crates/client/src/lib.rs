//! minyi-client — a client of the office server (`minyi-server`): signs in, runs operations of the
//! command surface, uploads the files they read, downloads the files they make, and listens to the
//! server's events. `minyi-cli --server` uses it; so will the desktop in 联网 mode.
//!
//! Every failure is a `CoreError`, like a local call's: the server's own `{ code, message, field?
//! }` where it answered, `unreachable` when it could not be reached (nothing was done), and
//! `untrusted` when its certificate is not the one the user was told to trust (nothing was sent;
//! the message shows the fingerprint it had, to compare with what the administrator reads out).

pub mod forward;
pub mod pin;

pub use forward::{Files, Forwarded, files_of};

use minyi_core::{CoreError, ErrorCode, Result};
use minyi_service::Command;
use minyi_service::views::{AppStatus, SessionInfo};
use minyi_service::wire::{Health, ServerEvent, SessionToken, SignIn, Uploaded};
use reqwest::blocking::{Client as Http, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A connection to one office server.
pub struct Client {
    base: String,
    http: Http,
    token: Option<String>,
    seen: Arc<Mutex<Option<String>>>,
    expected: Option<String>,
    /// Files uploaded in this session, to upload each once ([`Client::upload_once`]).
    uploads: Mutex<Vec<(forward::UploadKey, String)>>,
}

fn unreachable(base: &str) -> CoreError {
    CoreError::new(
        ErrorCode::Unreachable,
        format!(
            "无法连接办公室服务器 {base}。请检查网络和服务器地址；服务器可能正在重启，请稍后重试。"
        ),
    )
}

/// The fingerprint as people read it: groups of four.
pub fn readable(fingerprint: &str) -> String {
    fingerprint
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Client {
    /// A client of the server at `url` (`https://HOST:PORT`) that trusts only the certificate
    /// with `fingerprint` (SHA-256; spaces and colons are fine). Without one nothing is trusted:
    /// the first connection then fails with the fingerprint the server presented.
    pub fn new(url: &str, fingerprint: Option<&str>) -> Result<Client> {
        let base = url.trim().trim_end_matches('/').to_string();
        if !base.starts_with("https://") {
            return Err(CoreError::field(
                "server",
                "服务器地址应以 https:// 开头，例如 https://192.168.1.10:8443。",
            ));
        }
        let provider = tls_crypto();
        let seen = Arc::new(Mutex::new(None));
        let verifier = pin::Pinned::new(fingerprint, seen.clone(), provider.clone());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|_| CoreError::storage("TLS 配置失败。"))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        let http = Http::builder()
            .use_preconfigured_tls(tls)
            .connect_timeout(Duration::from_secs(10))
            // Long jobs (a year's ledger, a big import) answer when done; progress comes as events.
            .timeout(None)
            .build()
            .map_err(|_| CoreError::storage("无法创建网络连接。"))?;
        Ok(Client {
            base,
            http,
            token: None,
            seen,
            expected: fingerprint.map(pin::normalise),
            uploads: Mutex::new(Vec::new()),
        })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// The fingerprint this client trusts, if any.
    pub fn pinned(&self) -> Option<&str> {
        self.expected.as_deref()
    }

    /// The fingerprint the server presented on the last connection, if one was made.
    pub fn seen_fingerprint(&self) -> Option<String> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The error of a request that got no answer: an untrusted certificate, or no connection.
    fn failed(&self, e: &reqwest::Error) -> CoreError {
        let seen = self.seen_fingerprint();
        match (&seen, &self.expected) {
            (Some(got), Some(want)) if got != want => CoreError::new(
                ErrorCode::Untrusted,
                format!(
                    "服务器的证书指纹与已信任的不一致，为安全起见没有连接。服务器出示的指纹：{}；已信任的指纹：{}。如果服务器确实更换了证书，请向服务器管理员核对新指纹后再信任。",
                    readable(got),
                    readable(want)
                ),
            ),
            (Some(got), None) => CoreError::new(
                ErrorCode::Untrusted,
                format!(
                    "尚未信任这台服务器。它出示的证书指纹是：{}。请与服务器管理员核对一致后，用 --fingerprint 指定此指纹再连接。",
                    readable(got)
                ),
            ),
            _ if e.is_connect() || e.is_timeout() => unreachable(&self.base),
            _ => unreachable(&self.base),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn authorised(&self, r: RequestBuilder) -> RequestBuilder {
        match &self.token {
            Some(t) => r.bearer_auth(t),
            None => r,
        }
    }

    fn send(&self, r: RequestBuilder) -> Result<Response> {
        let response = r.send().map_err(|e| self.failed(&e))?;
        if response.status().is_success() {
            return Ok(response);
        }
        let status = response.status();
        Err(response.json::<CoreError>().unwrap_or_else(|_| {
            CoreError::storage(format!(
                "服务器返回了错误（HTTP {}），请稍后重试或联系服务器管理员。",
                status.as_u16()
            ))
        }))
    }

    fn json<T: DeserializeOwned>(&self, r: RequestBuilder) -> Result<T> {
        self.send(r)?.json().map_err(|_| {
            CoreError::storage("服务器的回答无法读取，客户端与服务器的版本可能不一致，请升级。")
        })
    }

    /// `GET /healthz`: whether the server answers (and is trusted).
    pub fn health(&self) -> Result<Health> {
        self.json(self.http.get(self.url("/healthz")))
    }

    /// Whether the office needs its first start, and who this client is signed in as.
    pub fn status(&self) -> Result<AppStatus> {
        self.json(self.authorised(self.http.get(self.url("/api/status"))))
    }

    /// Signs in; the client keeps the session's token.
    pub fn sign_in(&mut self, username: &str, password: &str) -> Result<SessionInfo> {
        let form = SignIn {
            username: username.to_string(),
            password: password.to_string(),
        };
        let t: SessionToken = self.json(self.http.post(self.url("/api/session")).json(&form))?;
        self.set_token(Some(t.token));
        Ok(t.session)
    }

    /// Signs out (the server forgets the token).
    pub fn sign_out(&mut self) -> Result<()> {
        if self.token.is_some() {
            self.send(self.authorised(self.http.delete(self.url("/api/session"))))?;
        }
        self.set_token(None);
        Ok(())
    }

    /// The session's token (to resume it, e.g. across processes).
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    pub fn set_token(&mut self, token: Option<String>) {
        self.token = token;
        // Uploads belong to a session on the server.
        self.uploads
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    fn uploaded_token(&self, key: &forward::UploadKey) -> Option<String> {
        self.uploads
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, t)| t.clone())
    }

    fn remember_upload(&self, key: forward::UploadKey, token: String) {
        self.uploads
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((key, token));
    }

    /// Runs an operation and reads its typed answer.
    pub fn call<C: Command>(&self, command: &C) -> Result<C::Output> {
        let v = self.call_value(C::NAME, serde_json::to_value(command).unwrap_or_default())?;
        serde_json::from_value(v).map_err(|_| {
            CoreError::storage("服务器的回答无法读取，客户端与服务器的版本可能不一致，请升级。")
        })
    }

    /// Runs the operation `name` with JSON arguments.
    pub fn call_value(&self, name: &str, args: serde_json::Value) -> Result<serde_json::Value> {
        let r = self
            .http
            .post(self.url(&format!("/api/commands/{name}")))
            .json(&args);
        self.json(self.authorised(r))
    }

    /// Uploads a file for an operation to read; answers its reference.
    pub fn upload(&self, path: &Path) -> Result<String> {
        let unreadable = || {
            CoreError::field(
                "file",
                format!("无法读取文件 {}，请检查文件名和权限。", path.display()),
            )
        };
        let file = std::fs::File::open(path).map_err(|_| unreadable())?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "上传的文件".into());
        let r = self
            .http
            .post(self.url("/api/uploads"))
            .query(&[("name", name)])
            .body(reqwest::blocking::Body::new(file));
        let up: Uploaded = self.json(self.authorised(r))?;
        Ok(up.file)
    }

    /// Downloads a file an operation made (its answer names it) to `to`, through `to.part`, so the
    /// file is complete or absent.
    pub fn download(&self, file: &str, to: &Path) -> Result<u64> {
        let to = to.to_path_buf();
        self.fetch_file(file, &|_| Ok(to.clone())).map(|(_, n)| n)
    }

    /// Downloads a file an operation made to the path `place` gives for the name the server
    /// offers it under (e.g. `台账-20261206-101010.xlsx`); answers that path.
    pub fn download_placed(
        &self,
        file: &str,
        place: &dyn Fn(&str) -> Result<PathBuf>,
    ) -> Result<PathBuf> {
        self.fetch_file(file, &|offered| {
            place(&offered.ok_or_else(forward::unnamed)?)
        })
        .map(|(to, _)| to)
    }

    fn fetch_file(
        &self,
        file: &str,
        place: &dyn Fn(Option<String>) -> Result<PathBuf>,
    ) -> Result<(PathBuf, u64)> {
        let r = self.http.get(self.url(&format!("/api/files/{file}")));
        let mut response = self.send(self.authorised(r))?;
        let offered = response
            .headers()
            .get(reqwest::header::CONTENT_DISPOSITION)
            .and_then(|v| v.to_str().ok())
            .and_then(forward::offered_name);
        let to = place(offered)?;
        let mut part = to.as_os_str().to_os_string();
        part.push(".part");
        let part = PathBuf::from(part);
        let fail = || {
            let _ = std::fs::remove_file(&part);
            CoreError::storage(format!(
                "无法保存文件 {}，请检查文件夹是否存在、是否有写入权限和磁盘空间。",
                to.display()
            ))
        };
        let mut out = std::fs::File::create(&part).map_err(|_| fail())?;
        let n = response.copy_to(&mut out).map_err(|_| fail())?;
        drop(out);
        std::fs::rename(&part, &to).map_err(|_| fail())?;
        Ok((to, n))
    }

    /// The server's events for this session, as they come (blocking).
    pub fn events(&self) -> Result<Events> {
        let r = self.http.get(self.url("/api/events"));
        Ok(Events {
            lines: BufReader::new(self.send(self.authorised(r))?),
        })
    }
}

/// The server's event stream.
pub struct Events {
    lines: BufReader<Response>,
}

impl Iterator for Events {
    type Item = ServerEvent;

    fn next(&mut self) -> Option<ServerEvent> {
        let mut line = String::new();
        loop {
            line.clear();
            if self.lines.read_line(&mut line).ok()? == 0 {
                return None;
            }
            if let Some(data) = line.trim_end().strip_prefix("data:")
                && let Ok(e) = serde_json::from_str(data.trim())
            {
                return Some(e);
            }
        }
    }
}

/// The cryptography of the client's TLS: *ring*, as the server (see minyi-server's `tls`).
#[allow(deprecated)]
fn tls_crypto() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}
