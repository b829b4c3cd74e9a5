//! Minyi's desktop app: a Tauri v2 shell over minyi-core.
//!
//! Shape: [`commands`] are one-line Tauri commands; [`api`] holds the little the desktop does
//! itself (set-up, sign-in, files) as plain functions over [`state::AppState`], so they are tested
//! without a window; [`views`] are the types that exist only at this boundary. No SQL and no
//! business rule lives here.

pub mod api;
pub mod assessment_export;
pub mod batch_import;
pub mod batch_print;
pub mod commands;
pub mod demo_task;
pub mod ledger_export;
pub mod printing;
pub mod publishing;
pub mod startup;
pub mod state;
pub mod views;

use commands::*;
use startup::Startup;
use state::{AppState, resolve_data_dir};
use tauri::{AppHandle, Manager};

/// Makes the open database and the job registries available to the commands.
fn manage_state(app: &AppHandle, state: AppState) {
    app.manage(state);
    app.manage(batch_print::BatchPrints::default());
    app.manage(ledger_export::LedgerExports::default());
    app.manage(batch_import::BatchImports::default());
}

/// Builds and runs the app.
pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            // A second start brings the running window forward instead of opening the file twice.
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.set_focus();
            }
        }))
        .plugin(
            tauri_plugin_log::Builder::new()
                .level(log::LevelFilter::Info)
                .build(),
        )
        .plugin(tauri_plugin_window_state::Builder::new().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            let dir = resolve_data_dir(app.path().app_data_dir().ok());
            if minyi_core::store::db::upgrade_pending(&dir.join(state::DB_FILE)) {
                app.manage(Startup::upgrading());
                let handle = app.handle().clone();
                std::thread::spawn(move || match AppState::open(&dir) {
                    Ok(state) => {
                        manage_state(&handle, state);
                        handle.state::<Startup>().finish();
                    }
                    Err(e) => handle.state::<Startup>().fail(format!(
                        "{}\n数据目录：{}",
                        e.message,
                        dir.display()
                    )),
                });
                return Ok(());
            }
            match AppState::open(&dir) {
                Ok(state) => {
                    manage_state(app.handle(), state);
                    app.manage(Startup::ready());
                    Ok(())
                }
                Err(e) => {
                    use tauri_plugin_dialog::{DialogExt, MessageDialogKind};
                    app.dialog()
                        .message(format!("{}\n\n数据目录：{}", e.message, dir.display()))
                        .kind(MessageDialogKind::Error)
                        .title("无法打开数据库")
                        .blocking_show();
                    Err(Box::new(e))
                }
            }
        })
        .invoke_handler(tauri::generate_handler![
            session::startup_status,
            session::app_status,
            session::setup,
            session::sign_in,
            session::sign_out,
            session::change_password,
            vocabulary::vocabulary,
            appeals::check_registration,
            paper::print_appeal,
            paper::print_agreement,
            batch::batch_print_count,
            batch::batch_print,
            batch::cancel_batch_print,
            appeals::find_duplicates,
            appeals::register_appeal,
            appeals::list_appeals,
            appeals::appeal_detail,
            appeals::find_appeal,
            appeals::add_attachment,
            appeals::open_attachment,
            actions::initial_review,
            actions::answer_directly,
            actions::route_appeal,
            actions::return_misrouted,
            actions::submit_plan,
            actions::review_plan,
            actions::approve_plan,
            actions::record_feedback,
            actions::follow_up,
            actions::reopen_appeal,
            actions::close_appeal,
            actions::add_progress,
            actions::issue_supervision,
            actions::escalate,
            actions::instruct,
            actions::request_extension,
            actions::decide_extension,
            actions::reclassify,
            actions::link_appeals,
            actions::merge_appeals,
            work::my_tasks,
            work::tracking_ledger,
            analysis::statistics,
            export::export_ledger,
            export::export_tracking,
            import::import_channels,
            import::inspect_import,
            import::import_batch,
            import::cancel_import,
            import::open_import_report,
            import::save_import_report,
            analysis::hotspots,
            analysis::appeal_rows,
            assessment::assessment,
            assessment::difficult_issues,
            assessment::assessment_targets,
            assessment::recommendations,
            assessment::record_recommendation,
            assessment::advance_recommendation,
            assessment::rewards_penalties,
            assessment::record_reward_penalty,
            assessment::export_assessment,
            analysis::export_stats,
            disclosure::disclosure_preview,
            disclosure::export_disclosure,
            admin::departments,
            admin::add_department,
            admin::update_department,
            admin::users,
            admin::create_user,
            admin::update_user,
            admin::record_agreement,
            admin::reset_password,
            admin::settings,
            admin::set_setting,
            admin::calendar_year,
            admin::calendar_import,
            admin::calendar_set_day,
            admin::calendar_clear_day,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            log::error!("the app stopped with an error: {e}");
            std::process::exit(1);
        });
}
