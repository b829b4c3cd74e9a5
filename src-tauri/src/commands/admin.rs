//! Settings: departments, users and their agreements, stage deadlines, the calendar.

use super::changed;
use crate::state::AppState;
use crate::views::{CalendarYear, SettingRow, calendar_year as year_view, settings_rows};
use chrono::NaiveDate;
use minyi_core::model::Role;
use minyi_core::store::users::{Department, UserRecord};
use minyi_core::usecases::accounts::{self, NewUser};
use minyi_core::usecases::calendar_admin::{self, CalendarChange};
use minyi_core::usecases::settings_admin::set_setting as set;
use minyi_core::{CoreError, Result};
use tauri::{AppHandle, State};

#[tauri::command]
pub async fn departments(state: State<'_, AppState>) -> Result<Vec<Department>> {
    state.read(|s, _| minyi_core::store::users::departments(s.conn()))
}

#[tauri::command]
pub async fn add_department(
    app: AppHandle,
    state: State<'_, AppState>,
    name: String,
) -> Result<i64> {
    changed(
        &app,
        state.write(|s, c| accounts::add_department(s, c, &name)),
    )
}

#[tauri::command]
pub async fn update_department(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    name: String,
    active: bool,
) -> Result<()> {
    changed(
        &app,
        state.write(|s, c| accounts::update_department(s, c, id, &name, active)),
    )
}

#[tauri::command]
pub async fn users(state: State<'_, AppState>) -> Result<Vec<UserRecord>> {
    state.read(accounts::list_users)
}

#[tauri::command]
pub async fn create_user(app: AppHandle, state: State<'_, AppState>, user: NewUser) -> Result<i64> {
    changed(&app, state.write(|s, c| accounts::create_user(s, c, &user)))
}

#[tauri::command]
pub async fn update_user(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
    display_name: String,
    department_id: i64,
    roles: Vec<Role>,
    active: bool,
) -> Result<()> {
    changed(
        &app,
        state.write(|s, c| {
            accounts::update_user(s, c, id, &display_name, department_id, &roles, active)
        }),
    )
}

#[tauri::command]
pub async fn record_agreement(
    app: AppHandle,
    state: State<'_, AppState>,
    user_id: i64,
    signed_on: Option<NaiveDate>,
) -> Result<()> {
    changed(
        &app,
        state.write(|s, c| accounts::record_agreement(s, c, user_id, signed_on)),
    )
}

#[tauri::command]
pub async fn reset_password(
    app: AppHandle,
    state: State<'_, AppState>,
    user_id: i64,
    password: String,
) -> Result<()> {
    changed(
        &app,
        state.write(|s, c| accounts::reset_password(s, c, user_id, &password)),
    )
}

#[tauri::command]
pub async fn settings(state: State<'_, AppState>) -> Result<Vec<SettingRow>> {
    state.read(|s, _| settings_rows(s))
}

#[tauri::command]
pub async fn set_setting(
    app: AppHandle,
    state: State<'_, AppState>,
    key: String,
    value: String,
) -> Result<()> {
    changed(&app, state.write(|s, c| set(s, c, &key, &value)))
}

#[tauri::command]
pub async fn calendar_year(state: State<'_, AppState>, year: i32) -> Result<CalendarYear> {
    state.read(|s, _| year_view(s, s.calendar(), year))
}

#[tauri::command]
pub async fn calendar_import(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
) -> Result<CalendarChange> {
    let json = std::fs::read_to_string(&path).map_err(|_| {
        CoreError::field(
            "file",
            "无法读取所选文件，请选择国务院放假安排的 JSON 文件。",
        )
    })?;
    changed(
        &app,
        state.write(|s, c| calendar_admin::import_year(s, c, &json)),
    )
}

#[tauri::command]
pub async fn calendar_set_day(
    app: AppHandle,
    state: State<'_, AppState>,
    date: NaiveDate,
    is_off_day: bool,
    name: String,
) -> Result<CalendarChange> {
    changed(
        &app,
        state.write(|s, c| calendar_admin::set_day(s, c, date, is_off_day, &name)),
    )
}

#[tauri::command]
pub async fn calendar_clear_day(
    app: AppHandle,
    state: State<'_, AppState>,
    date: NaiveDate,
) -> Result<CalendarChange> {
    changed(
        &app,
        state.write(|s, c| calendar_admin::clear_day(s, c, date)),
    )
}
