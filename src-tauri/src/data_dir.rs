//! Where the desktop's data lives: the OS's *local* app-data folder of the identifier
//! `cn.minyi.desktop` — `~/.local/share/cn.minyi.desktop` on Linux, `%LOCALAPPDATA%\cn.minyi.desktop`
//! on Windows. Not the roaming folder: an office's Windows profiles may roam, and a SQLite database
//! with its attachments and backups must not be copied to a server at every sign-out (nor opened
//! from a network share). On Linux both folders are the same, so no data moves.

use std::path::PathBuf;

/// `MINYI_DATA_DIR` if set, else the OS local app-data directory (with a separate `dev` folder for debug
/// builds, so development never touches real data).
pub fn resolve_data_dir(os_app_data: Option<PathBuf>) -> PathBuf {
    if let Some(dir) = std::env::var_os("MINYI_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let base = os_app_data.unwrap_or_else(|| PathBuf::from("minyi-data"));
    if cfg!(debug_assertions) {
        base.join("dev")
    } else {
        base
    }
}
