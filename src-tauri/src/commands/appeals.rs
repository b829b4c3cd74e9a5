//! Registration, the list, the detail page and attachments.

use super::changed;
use crate::state::AppState;
use minyi_core::queries::detail::{AppealDetail, PersonalData, detail};
use minyi_core::queries::duplicates::{DuplicateHint, hints_for_form};
use minyi_core::queries::list::{AppealRow, ListFilter, Page, list};
use minyi_core::store::registry::AttachmentRecord;
use minyi_core::usecases::register::{RegisterInput, Registered, register, validate_all};
use minyi_core::{CoreError, Result};
use tauri::{AppHandle, State};

#[tauri::command]
pub async fn check_registration(
    state: State<'_, AppState>,
    input: RegisterInput,
) -> Result<Vec<CoreError>> {
    state.read(|_, c| Ok(validate_all(&input, c.now)))
}

#[tauri::command]
pub async fn find_duplicates(
    state: State<'_, AppState>,
    input: RegisterInput,
) -> Result<Vec<DuplicateHint>> {
    state.read(|s, c| hints_for_form(s, c, &input))
}

#[tauri::command]
pub async fn register_appeal(
    app: AppHandle,
    state: State<'_, AppState>,
    input: RegisterInput,
) -> Result<Registered> {
    changed(&app, state.write(|s, c| register(s, c, &input)))
}

#[tauri::command]
pub async fn list_appeals(
    state: State<'_, AppState>,
    filter: ListFilter,
) -> Result<Page<AppealRow>> {
    state.read(|s, c| list(s, c, &filter))
}

#[tauri::command]
pub async fn appeal_detail(
    state: State<'_, AppState>,
    id: i64,
    personal: PersonalData,
) -> Result<AppealDetail> {
    state.read(|s, c| detail(s, c, id, personal))
}

#[tauri::command]
pub async fn find_appeal(state: State<'_, AppState>, number: String) -> Result<i64> {
    state.read(|s, c| crate::api::find_appeal(s, c, &number))
}

#[tauri::command]
pub async fn add_attachment(
    app: AppHandle,
    state: State<'_, AppState>,
    appeal_id: i64,
    path: String,
) -> Result<AttachmentRecord> {
    changed(
        &app,
        state.write(|s, c| crate::api::attach_file(s, c, appeal_id, &path)),
    )
}

#[tauri::command]
pub async fn open_attachment(app: AppHandle, state: State<'_, AppState>, id: i64) -> Result<()> {
    let path = state.read(|s, c| crate::api::export_attachment(s, c, id))?;
    crate::api::open_path(&app, &path)
}
