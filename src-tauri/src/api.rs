//! The few things the desktop does beyond calling one core function: first-run set-up, sign-in
//! with a session, and the app status. Plain functions over [`AppState`], so tests run them with
//! a temporary data directory and no window.

use crate::state::AppState;
use crate::views::{AppStatus, SessionInfo, SetupInput};
use minyi_core::model::Ctx;
use minyi_core::queries::detail::{PersonalData, detail_by_number};
use minyi_core::store::registry::AttachmentRecord;
use minyi_core::store::settings;
use minyi_core::time::now_cst;
use minyi_core::usecases::accounts;
use minyi_core::usecases::add_attachment::{add_attachment, read_attachment};
use minyi_core::{CoreError, Result, Store};
use std::path::{Path, PathBuf};

/// How many appeals "load demo data" generates on first run: enough to explore every screen,
/// quick enough (a few seconds) to wait for.
pub const FIRST_RUN_DEMO_APPEALS: u64 = 3000;

pub fn app_status(state: &AppState) -> Result<AppStatus> {
    let store = state.store();
    let needs_setup = accounts::needs_setup(&store)?;
    let session = match state.actor(&store) {
        Ok(actor) => Some(SessionInfo::of(&store, &actor)?),
        Err(_) => None,
    };
    Ok(AppStatus {
        needs_setup,
        org_name: settings::get(store.conn(), "org.name")?,
        session,
        data_dir: state.data_dir().display().to_string(),
    })
}

/// Creates the organisation and its first administrator, and signs them in.
pub fn setup(state: &AppState, input: &SetupInput) -> Result<SessionInfo> {
    let mut store = state.store();
    let actor = accounts::bootstrap(&mut store, now_cst(), &input.org_name, &input.admin)?;
    state.set_session(Some(actor.user_id));
    SessionInfo::of(&store, &actor)
}

pub fn sign_in(state: &AppState, username: &str, password: &str) -> Result<SessionInfo> {
    let mut store = state.store();
    let actor = accounts::sign_in(&mut store, username, password, now_cst())?;
    state.set_session(Some(actor.user_id));
    SessionInfo::of(&store, &actor)
}

/// The id of the appeal with this registration or archive number (old archive numbers too).
pub fn find_appeal(store: &Store, ctx: &Ctx<'_>, number: &str) -> Result<i64> {
    detail_by_number(store, ctx, number.trim(), PersonalData::Masked).map(|d| d.appeal.id)
}

/// Files larger than this are refused before reading them (the core's own limit is lower and
/// comes from settings; this only keeps a mistaken pick of a huge file from filling memory).
const READ_LIMIT: u64 = 512 * 1024 * 1024;

/// Attaches the file the user picked.
pub fn attach_file(
    store: &mut Store,
    ctx: &Ctx<'_>,
    appeal_id: i64,
    path: &str,
) -> Result<AttachmentRecord> {
    let path = Path::new(path);
    let unreadable = || {
        CoreError::field(
            "file",
            "无法读取所选文件，请确认文件存在且未被其他程序占用。",
        )
    };
    let len = std::fs::metadata(path).map_err(|_| unreadable())?.len();
    if len > READ_LIMIT {
        return Err(CoreError::field(
            "file",
            "文件过大，不能作为附件。请压缩或拆分后再上传。",
        ));
    }
    let bytes = std::fs::read(path).map_err(|_| unreadable())?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "附件".to_string());
    add_attachment(store, ctx, appeal_id, &name, &bytes)
}

/// Copies an attachment to a temporary file with its original name, for the system viewer.
pub fn export_attachment(store: &Store, ctx: &Ctx<'_>, id: i64) -> Result<PathBuf> {
    let (record, bytes) = read_attachment(store, ctx, id)?;
    let dir = std::env::temp_dir().join("minyi-attachments");
    let failed = || CoreError::storage("无法打开附件：临时文件夹不可写。");
    std::fs::create_dir_all(&dir).map_err(|_| failed())?;
    // The id prefix keeps two attachments with the same name apart; the name keeps the extension
    // the viewer needs. Path separators in a stored name cannot escape the folder.
    let safe: String = record
        .file_name
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let path = dir.join(format!("{}-{safe}", record.id));
    std::fs::write(&path, bytes).map_err(|_| failed())?;
    Ok(path)
}

/// Opens a file in the system's default program.
pub fn open_path(app: &tauri::AppHandle, path: &Path) -> Result<()> {
    use tauri_plugin_opener::OpenerExt;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|_| CoreError::storage("没有找到能打开此类文件的程序。"))
}
