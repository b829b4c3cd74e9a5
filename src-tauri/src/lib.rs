//! Minyi's desktop app: a Tauri v2 shell over minyi-service, the one command surface.
//!
//! Shape: [`commands::call`] carries every request of the window to minyi-service (in-process: the
//! 单机 mode); [`desktop`] is the office in the data folder, the one session of this desk, and the
//! host that gives requests the desktop's files; the other commands do what only a desktop does
//! (first start, sign-in, opening files). In 联网 mode ([`connection`]) the same commands go to the
//! office server instead ([`remote`]). No SQL and no business rule lives here.

pub mod commands;
pub mod connection;
pub mod daily_backup;
pub mod data_dir;
pub mod demo_task;
pub mod desktop;
pub mod files;
pub mod mode_guard;
pub mod remote;
pub mod startup;

use commands::*;
use data_dir::resolve_data_dir;
use desktop::Desktop;
use minyi_service::{Office, Profile};
use startup::Startup;
use tauri::Manager;

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
        // The bell's desktop notifications (issue 20 §8); the window sends them, and only while it
        // is not focused (ui/src/lib/desktopNotify.ts).
        .plugin(tauri_plugin_notification::init())
        .setup(|app| {
            let dir = resolve_data_dir(app.path().app_local_data_dir().ok());
            daily_backup::start(app.handle().clone());
            if minyi_core::store::db::upgrade_pending(&dir.join(minyi_service::DB_FILE)) {
                app.manage(Startup::upgrading());
                let handle = app.handle().clone();
                std::thread::spawn(move || match Office::open(&dir, Profile::DESKTOP) {
                    Ok(office) => {
                        let desktop = Desktop::new(office);
                        connection::attach(&handle, &desktop);
                        handle.manage(desktop);
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
            match Office::open(&dir, Profile::DESKTOP) {
                Ok(office) => {
                    let desktop = Desktop::new(office);
                    connection::attach(app.handle(), &desktop);
                    app.manage(desktop);
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
            startup_status,
            app_status,
            setup,
            sign_in,
            sign_out,
            report_input,
            idle_state,
            lock_window,
            unlock,
            call,
            open_import_report,
            save_import_report,
            connection::connection_info,
            connection::connection_probe,
            connection::connection_trust,
            connection::connection_use_local,
        ])
        .build(tauri::generate_context!())
        .unwrap_or_else(|e| {
            log::error!("the app stopped with an error: {e}");
            std::process::exit(1);
        })
        .run(|_, event| {
            if let tauri::RunEvent::Exit = event {
                desktop::remove_attachment_copies();
            }
        });
}
