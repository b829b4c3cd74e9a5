//! Where the desktop's data lives.

use std::path::PathBuf;

/// `MINYI_DATA_DIR` if set, else the OS app-data directory (with a separate `dev` folder for debug
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
