//! The Tauri commands: [`call`] carries any request of the command surface to minyi-service, and a
//! few more do what only a desktop does — the first start, the one session of this desk with its
//! idle lock, and opening or copying a file in the data folder.
//!
//! Every command returns `Result<T, CoreError>`, which crosses to the window as `{ code, message,
//! field? }`. A request runs on a blocking thread, so the window stays responsive however long it
//! takes; after one that changed something, [`DATA_CHANGED`] tells open views to refresh.

use crate::desktop::{DATA_CHANGED, Desktop, DesktopHost};
use crate::startup::{Startup, StartupStatus};
use minyi_core::usecases::open_import_report::ReportUse;
use minyi_core::{CoreError, Result};
use minyi_service::idle_lock::{IdleState, Moment};
use minyi_service::session::{self, FIRST_RUN_DEMO_APPEALS};
use minyi_service::views::{AppStatus, SessionInfo, SetupInput};
use minyi_service::{Call, OutputKind, Request};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Emitter, Manager, State};

/// A request as the window sends it: the operation's name and its arguments.
#[derive(Debug, Deserialize)]
pub struct Wire {
    pub command: String,
    #[serde(default)]
    pub args: serde_json::Value,
}

/// Runs one request of the command surface as the signed-in user. `saveTo` is where the user
/// chose to save the file the request makes (a save dialog); without it the file goes into the
/// data folder and opens in its program.
#[tauri::command]
pub async fn call(
    app: AppHandle,
    request: Wire,
    save_to: Option<String>,
) -> Result<serde_json::Value> {
    let worker = app.clone();
    let (reply, to_open) = tauri::async_runtime::spawn_blocking(move || {
        let desktop = worker.state::<Desktop>();
        // 联网 mode: the request runs on the office server, never on the local office.
        if let Some(remote) = desktop.remote() {
            let (result, changed, to_open) =
                remote.call(request, desktop.data_dir(), save_to.map(PathBuf::from));
            return (minyi_service::Reply { result, changed }, to_open);
        }
        let host = DesktopHost::new(&worker, &desktop, save_to);
        // The idle lock wraps the call, whatever runs it (in-process here; a server later).
        let reply = match desktop
            .admit()
            .and_then(|caller| Ok((caller, Request::parse(&request.command, request.args)?)))
        {
            Ok((caller, r)) => r.run(&Call::new(&desktop.office, &host, caller)),
            Err(e) => minyi_service::Reply {
                result: Err(e),
                changed: false,
            },
        };
        let to_open = host.to_open();
        (reply, to_open)
    })
    .await
    .map_err(|_| CoreError::storage("操作意外中止，请重试。已经保存的数据不受影响。"))?;
    if reply.changed {
        let _ = app.emit(DATA_CHANGED, ());
    }
    let value = reply.result?;
    for (path, kind) in to_open {
        open_made(&app, &path, kind)?;
    }
    Ok(value)
}

/// Opens a file a request just made; it is there either way, so a machine without a program for
/// it is told where it is and what to do.
fn open_made(app: &AppHandle, path: &Path, kind: OutputKind) -> Result<()> {
    open_path(app, path).map_err(|e| {
        let shown = path.display();
        let workbook = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        match kind {
            OutputKind::Print => CoreError::storage(format!(
                "PDF 已生成，保存在 {shown}，但没有找到能打开 PDF 的程序。请安装 PDF 阅读器，或到该位置打开文件。"
            )),
            OutputKind::Export if workbook => CoreError::storage(format!(
                "Excel 文件已导出，保存在 {shown}，但没有找到能打开它的程序。请安装 WPS 或 Excel，或到该位置打开文件。"
            )),
            OutputKind::Export => CoreError::storage(format!(
                "文件已导出，保存在 {shown}，但没有找到能打开它的程序。请到该位置用合适的软件打开。"
            )),
            OutputKind::Attachment | OutputKind::ImportReport => e,
        }
    })
}

/// Opens a file in the system's default program.
pub fn open_path(app: &AppHandle, path: &Path) -> Result<()> {
    use tauri_plugin_opener::OpenerExt;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|_| CoreError::storage("没有找到能打开此类文件的程序。"))
}

/// Runs network work off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|_| CoreError::storage("操作意外中止，请重试。"))?
}

/// Whether the database is open yet (an upgrade of an older file runs after the window appears).
#[tauri::command]
pub fn startup_status(startup: State<'_, Startup>) -> StartupStatus {
    startup.status()
}

#[tauri::command]
pub async fn app_status(desktop: State<'_, Desktop>) -> Result<AppStatus> {
    if let Some(remote) = desktop.remote() {
        let dir = desktop.data_dir().to_path_buf();
        return blocking(move || remote.status(&dir)).await;
    }
    let dir = desktop.data_dir().display().to_string();
    session::status(&desktop.office, desktop.caller(), Some(dir))
}

/// Creates the organisation and its first administrator, signs them in, and loads the demo data
/// in the background when asked.
#[tauri::command]
pub async fn setup(
    app: AppHandle,
    desktop: State<'_, Desktop>,
    input: SetupInput,
) -> Result<SessionInfo> {
    if desktop.remote().is_some() {
        return Err(CoreError::new(
            minyi_core::ErrorCode::InvalidState,
            "办公室服务器尚未完成首次设置。请在服务器上完成首次设置后再登录。",
        ));
    }
    let signed = session::setup(&desktop.office, &input)?;
    desktop.signed_in(signed.user_id)?;
    if input.load_demo {
        crate::demo_task::spawn(app, FIRST_RUN_DEMO_APPEALS);
    }
    Ok(signed.info)
}

#[tauri::command]
pub async fn sign_in(
    desktop: State<'_, Desktop>,
    username: String,
    password: String,
) -> Result<SessionInfo> {
    if let Some(remote) = desktop.remote() {
        return blocking(move || remote.sign_in(&username, &password)).await;
    }
    let signed = session::sign_in(&desktop.office, &username, &password)?;
    desktop.signed_in(signed.user_id)?;
    Ok(signed.info)
}

/// Signs out (also "切换用户" on the lock screen).
#[tauri::command]
pub async fn sign_out(desktop: State<'_, Desktop>) -> Result<()> {
    if let Some(remote) = desktop.remote() {
        // Off the async threads: it makes a new (blocking) HTTP client, which must not be made or
        // dropped on them (reqwest panics there, and the window's call would never be answered).
        return blocking(move || remote.sign_out()).await;
    }
    desktop.sign_out();
    Ok(())
}

/// The user used the window (keyboard, mouse, touch; the window reports at most about twice a
/// minute): the idle lock's deadline moves. Refused with `window_locked` once it has passed.
#[tauri::command]
pub async fn report_input(desktop: State<'_, Desktop>) -> Result<IdleState> {
    if let Some(remote) = desktop.remote() {
        return blocking(move || remote.input(Moment::now())).await;
    }
    desktop.session.input(&desktop.office, Moment::now())
}

/// Whether the window is locked and how long until it locks.
#[tauri::command]
pub async fn idle_state(desktop: State<'_, Desktop>) -> Result<IdleState> {
    if let Some(remote) = desktop.remote() {
        return blocking(move || remote.idle_state(Moment::now())).await;
    }
    desktop.session.state(&desktop.office, Moment::now())
}

/// Locks the window now (the user leaves the desk).
#[tauri::command]
pub async fn lock_window(desktop: State<'_, Desktop>) -> Result<()> {
    if let Some(remote) = desktop.remote() {
        return blocking(move || remote.lock_now()).await;
    }
    desktop.session.lock_now(&desktop.office)
}

/// Unlocks the window with the signed-in user's password. When wrong passwords lock the account
/// (`locked`), the session has ended and the window goes to sign-in.
#[tauri::command]
pub async fn unlock(desktop: State<'_, Desktop>, password: String) -> Result<SessionInfo> {
    if let Some(remote) = desktop.remote() {
        return blocking(move || remote.unlock(&password)).await;
    }
    desktop
        .session
        .unlock(&desktop.office, &password, Moment::now())
}

/// Opens an import report in the spreadsheet program.
#[tauri::command]
pub async fn open_import_report(
    app: AppHandle,
    desktop: State<'_, Desktop>,
    report: String,
) -> Result<()> {
    let path = crate::files::own_report(desktop.data_dir(), &report)?;
    // In 联网 mode nothing is written locally (the report is the copy the server made).
    if desktop.remote().is_none() {
        minyi_service::batch_import::open_report(
            &desktop.office,
            desktop.admit()?,
            ReportUse::Open,
        )?;
    }
    open_path(&app, &path).map_err(|_| {
        CoreError::storage(format!(
            "没有找到能打开 Excel 文件的程序。导入报告保存在 {}，请安装 WPS 或 Excel，或点“另存导入报告”保存到别处。",
            path.display()
        ))
    })
}

/// Copies an import report to where the user chose.
#[tauri::command]
pub async fn save_import_report(
    desktop: State<'_, Desktop>,
    report: String,
    save_to: String,
) -> Result<()> {
    crate::files::own_report(desktop.data_dir(), &report)?;
    if desktop.remote().is_none() {
        minyi_service::batch_import::open_report(
            &desktop.office,
            desktop.admit()?,
            ReportUse::SaveCopy,
        )?;
    }
    crate::files::save_report(desktop.data_dir(), &report, &PathBuf::from(save_to))
}
