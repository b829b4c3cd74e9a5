//! The coded values and their labels.

use crate::views::Vocabulary;
use minyi_core::Result;

#[tauri::command]
pub async fn vocabulary() -> Result<Vocabulary> {
    Ok(Vocabulary::build())
}
