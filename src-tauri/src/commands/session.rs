//! First run, sign-in and sign-out.

use crate::demo_task;
use crate::state::AppState;
use crate::views::{AppStatus, SessionInfo, SetupInput};
use minyi_core::Result;
use minyi_core::usecases::accounts;
use tauri::{AppHandle, State};

/// Whether the database is open yet (an upgrade of an older file runs after the window appears).
#[tauri::command]
pub fn startup_status(startup: State<'_, crate::startup::Startup>) -> crate::views::StartupStatus {
    startup.status()
}

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> Result<AppStatus> {
    crate::api::app_status(&state)
}

#[tauri::command]
pub async fn setup(
    app: AppHandle,
    state: State<'_, AppState>,
    input: SetupInput,
) -> Result<SessionInfo> {
    let info = crate::api::setup(&state, &input)?;
    if input.load_demo {
        demo_task::spawn(app, crate::api::FIRST_RUN_DEMO_APPEALS)?;
    }
    Ok(info)
}

#[tauri::command]
pub async fn sign_in(
    state: State<'_, AppState>,
    username: String,
    password: String,
) -> Result<SessionInfo> {
    crate::api::sign_in(&state, &username, &password)
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>) -> Result<()> {
    state.set_session(None);
    Ok(())
}

#[tauri::command]
pub async fn change_password(state: State<'_, AppState>, old: String, new: String) -> Result<()> {
    state.write(|s, c| accounts::change_password(s, c, &old, &new))
}
