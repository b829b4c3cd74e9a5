//! Which office this desktop works in: its own data folder (单机) or an office server (联网), kept
//! in `connection.json` in the data folder (see docs/decisions/0011-desktop-office-mode.md), and
//! the desktop-only commands that choose it — the first start's choice, connecting to a server
//! with its fingerprint confirmed by the user (trust on first use), and going back to 单机.
//!
//! Switching rewrites that file only: the local database is never deleted or changed by it, so 单机
//! mode opens it again as it was.

use crate::desktop::Desktop;
use crate::mode_guard::{self, AdminConsent};
use crate::remote::Remote;
use minyi_client::Client;
use minyi_core::{CoreError, ErrorCode, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;

/// The file in the data folder that keeps the mode.
pub const CONNECTION_FILE: &str = "connection.json";

/// The window's event for the state of the connection to the server.
pub const CONNECTION_STATE: &str = "connection-state";

/// Where this desktop works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConnectionMode {
    /// 单机: the office in this computer's data folder.
    #[default]
    Standalone,
    /// 联网: the office server.
    Office,
}

/// How the connection to the server stands (联网 mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConnectionState {
    /// 已连接.
    Connected,
    /// 正在重连: the server stopped answering a moment ago; trying again.
    Reconnecting,
    /// 无法连接: the server has not answered for a while; still trying.
    Unreachable,
    /// 证书不符: the server presented another certificate than the trusted one; nothing is sent
    /// to it until the user confirms a new fingerprint on the connect screen.
    Untrusted,
}

/// `connection.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default)]
    pub mode: ConnectionMode,
    #[serde(default)]
    pub server: Option<String>,
    /// The confirmed SHA-256 fingerprint (64 hex digits).
    #[serde(default)]
    pub fingerprint: Option<String>,
}

impl Settings {
    /// The settings in `data_dir`; 单机 when there are none (every desktop before 联网 mode) or they
    /// cannot be read.
    pub fn load(data_dir: &Path) -> Settings {
        std::fs::read(data_dir.join(CONNECTION_FILE))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Writes them through a temporary file and a rename: the old settings or the new, never half.
    pub fn save(&self, data_dir: &Path) -> Result<()> {
        let fail = || {
            CoreError::storage(format!(
                "无法保存连接设置，请检查数据目录 {} 的权限和磁盘空间。",
                data_dir.display()
            ))
        };
        std::fs::create_dir_all(data_dir).map_err(|_| fail())?;
        let part = data_dir.join(format!("{CONNECTION_FILE}.part"));
        let json = serde_json::to_vec_pretty(self).map_err(|_| fail())?;
        std::fs::write(&part, json).map_err(|_| fail())?;
        std::fs::rename(&part, data_dir.join(CONNECTION_FILE)).map_err(|_| fail())
    }

    /// The server and fingerprint, when the mode is 联网 and both are there.
    pub fn office(&self) -> Option<(String, String)> {
        match (self.mode, &self.server, &self.fingerprint) {
            (ConnectionMode::Office, Some(s), Some(f)) => Some((s.clone(), f.clone())),
            _ => None,
        }
    }
}

/// What the window shows of the connection.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConnectionInfo {
    pub mode: ConnectionMode,
    /// Whether a mode was ever chosen (the first start asks).
    pub chosen: bool,
    pub server: Option<String>,
    /// The trusted fingerprint, in groups of four.
    pub fingerprint: Option<String>,
    /// 联网 mode: how the connection stands.
    pub state: Option<ConnectionState>,
    /// Whether switching modes here needs an administrator's name and password (nobody or a
    /// non-administrator is signed in, and it is not the first start; see `mode_guard`).
    pub needs_admin: bool,
}

/// The certificate a server presented, to compare with what its administrator reads out.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ServerProbe {
    /// The address as it will be kept.
    pub server: String,
    /// Its SHA-256 fingerprint, in groups of four.
    pub fingerprint: String,
}

/// The connection as the window shows it.
pub fn info(desktop: &Desktop) -> ConnectionInfo {
    let dir = desktop.data_dir();
    let settings = Settings::load(dir);
    let remote = desktop.remote();
    ConnectionInfo {
        mode: if remote.is_some() {
            ConnectionMode::Office
        } else {
            ConnectionMode::Standalone
        },
        chosen: dir.join(CONNECTION_FILE).is_file(),
        server: remote.as_ref().map(|r| r.server().to_string()),
        fingerprint: remote
            .as_ref()
            .map(|r| minyi_client::readable(r.fingerprint())),
        state: remote.map(|r| r.state()).or(settings.office().map(|_| {
            // Chosen but not opened (an unreadable address): say so rather than nothing.
            ConnectionState::Unreachable
        })),
        needs_admin: !mode_guard::may_switch_freely(desktop),
    }
}

/// Opens 联网 mode at start-up when `connection.json` says so.
pub fn attach(app: &AppHandle, desktop: &Desktop) {
    if let Some((server, fingerprint)) = Settings::load(desktop.data_dir()).office()
        && let Ok(remote) = Remote::new(
            crate::remote::window_events(app.clone()),
            &server,
            &fingerprint,
        )
    {
        desktop.set_remote(Some(Arc::new(remote)));
    }
}

#[tauri::command]
pub async fn connection_info(desktop: State<'_, Desktop>) -> Result<ConnectionInfo> {
    Ok(info(&desktop))
}

/// Asks the server at `server` for its certificate without trusting it: answers the fingerprint
/// it presented, for the user to compare with what the server's administrator reads out.
#[tauri::command]
pub async fn connection_probe(server: String) -> Result<ServerProbe> {
    tauri::async_runtime::spawn_blocking(move || probe(&server))
        .await
        .map_err(|_| CoreError::storage("连接意外中止，请重试。"))?
}

pub fn probe(server: &str) -> Result<ServerProbe> {
    let client = Client::new(server, None)?;
    match client.health() {
        Err(e) if e.code == ErrorCode::Untrusted => match client.seen_fingerprint() {
            Some(f) => Ok(ServerProbe {
                server: client.base().to_string(),
                fingerprint: minyi_client::readable(&f),
            }),
            None => Err(e),
        },
        Err(e) => Err(e),
        // Nothing is trusted without a pin, so an answer cannot come; refuse rather than guess.
        Ok(_) => Err(CoreError::new(
            ErrorCode::Untrusted,
            "无法读取服务器的证书指纹，请联系服务器管理员。",
        )),
    }
}

/// Trusts `fingerprint` for `server` (the user confirmed it matches what the administrator read
/// out), checks that the server answers with that certificate, and switches this desktop to 联网
/// mode. The local database stays as it is.
#[tauri::command]
pub async fn connection_trust(
    app: AppHandle,
    server: String,
    fingerprint: String,
    admin: Option<AdminConsent>,
) -> Result<ConnectionInfo> {
    let fingerprint = minyi_client::pin::normalise(&fingerprint);
    if fingerprint.len() != 64 {
        return Err(CoreError::field(
            "fingerprint",
            "证书指纹应为 64 位十六进制数字，请重新连接服务器以读取指纹。",
        ));
    }
    off_async_threads(move || {
        let desktop = app.state::<Desktop>();
        let base = {
            let client = Client::new(&server, Some(&fingerprint))?;
            client.health()?;
            mode_guard::may_trust(&desktop, client.base(), &fingerprint, admin.as_ref())?;
            client.base().to_string()
        };
        let remote = Remote::new(
            crate::remote::window_events(app.clone()),
            &base,
            &fingerprint,
        )?;
        Settings {
            mode: ConnectionMode::Office,
            server: Some(base),
            fingerprint: Some(fingerprint),
        }
        .save(desktop.data_dir())?;
        desktop.sign_out();
        if let Some(old) = desktop.remote() {
            old.stop();
        }
        desktop.set_remote(Some(Arc::new(remote)));
        Ok(info(&desktop))
    })
    .await
}

/// Works in this computer's data folder (单机) from now on. The server's address and fingerprint
/// are kept in the file, for switching back.
#[tauri::command]
pub async fn connection_use_local(
    app: AppHandle,
    admin: Option<AdminConsent>,
) -> Result<ConnectionInfo> {
    off_async_threads(move || {
        let desktop = app.state::<Desktop>();
        mode_guard::may_use_local(&desktop, admin.as_ref())?;
        let mut settings = Settings::load(desktop.data_dir());
        settings.mode = ConnectionMode::Standalone;
        settings.save(desktop.data_dir())?;
        if let Some(old) = desktop.remote() {
            old.stop();
        }
        desktop.set_remote(None);
        desktop.sign_out();
        Ok(info(&desktop))
    })
    .await
}

/// Runs `f` on a blocking thread: a `Remote` holds blocking HTTP clients, which must be neither
/// made nor dropped on the async threads (reqwest panics there, and the window's call would never
/// be answered).
async fn off_async_threads<T: Send + 'static>(
    f: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|_| CoreError::storage("连接意外中止，请重试。"))?
}

/// Where the settings are kept (for messages).
pub fn settings_path(data_dir: &Path) -> PathBuf {
    data_dir.join(CONNECTION_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_file_is_standalone_and_settings_survive_a_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Settings::load(dir.path()), Settings::default());
        assert_eq!(Settings::load(dir.path()).office(), None);
        let office = Settings {
            mode: ConnectionMode::Office,
            server: Some("https://192.168.1.10:8443".into()),
            fingerprint: Some("AB".repeat(32)),
        };
        office.save(dir.path()).unwrap();
        assert_eq!(Settings::load(dir.path()), office);
        assert!(office.office().is_some());
        assert!(!dir.path().join("connection.json.part").exists());
        // A damaged file is 单机, never an error at start-up.
        std::fs::write(settings_path(dir.path()), b"{not json").unwrap();
        assert_eq!(Settings::load(dir.path()).mode, ConnectionMode::Standalone);
    }

    #[test]
    fn a_probe_of_nothing_listening_is_unreachable_in_chinese() {
        let e = probe("https://127.0.0.1:1").unwrap_err();
        assert_eq!(e.code, ErrorCode::Unreachable);
        assert!(e.message.contains("无法连接办公室服务器"), "{}", e.message);
        let e = probe("http://127.0.0.1:1").unwrap_err();
        assert!(e.message.contains("https://"), "{}", e.message);
    }
}
