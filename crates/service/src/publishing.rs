//! Files made from the analysis screens: the statistics workbook of the 统计分析 filter, and the
//! disclosure report (信息公开, §七(一)) of a period as a PDF, an Excel workbook or a web page.
//!
//! Why it is shaped so:
//! - The figures are computed on the window's connection as the signed-in user, so minyi-analysis
//!   checks the permission (统计分析 or 编制信息公开) and the file shows exactly what the screen
//!   showed. A year's statistics take well under a second, so no progress is reported and no
//!   second connection is opened (unlike the ledger, see [`crate::ledger_export`]).
//! - The file is written after the figures are read, outside any database work, and through a
//!   temporary file renamed at the end, so a failed export leaves nothing half-written.
//! - Nothing here knows Tauri, so the tests drive it without a window.

use crate::ledger_export::ExportOutcome;
use crate::state::AppState;
use minyi_analysis::disclosure::{Disclosure, disclosure_for};
use minyi_analysis::disclosure_text::DisclosureDocument;
use minyi_analysis::period::Period;
use minyi_analysis::stats::{StatsQuery, statistics_for};
use minyi_core::store::settings;
use minyi_core::time::now_cst;
use minyi_core::{CoreError, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// The three forms a disclosure is published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum DisclosureFormat {
    Pdf,
    Xlsx,
    Html,
}

impl DisclosureFormat {
    pub fn extension(self) -> &'static str {
        match self {
            DisclosureFormat::Pdf => "pdf",
            DisclosureFormat::Xlsx => "xlsx",
            DisclosureFormat::Html => "html",
        }
    }
}

/// `exports/<stem>-<time>.<ext>` in the data directory (created if missing).
pub fn exports_path(data_dir: &Path, stem: &str, ext: &str) -> Result<PathBuf> {
    let dir = data_dir.join("exports");
    std::fs::create_dir_all(&dir)
        .map_err(|_| CoreError::storage("无法写入导出文件，请检查数据目录的磁盘空间和权限。"))?;
    let stamp = now_cst().format("%Y%m%d-%H%M%S");
    Ok(dir.join(format!("{stem}-{stamp}.{ext}")))
}

/// Writes `bytes` to `target` through `target.part`, so `target` is complete or absent.
fn write_whole(target: &Path, bytes: &[u8]) -> Result<()> {
    let mut part = target.as_os_str().to_os_string();
    part.push(".part");
    let part = PathBuf::from(part);
    let fail = |_| {
        CoreError::storage(format!(
            "无法保存文件 {}，请确认它没有在其他程序中打开，并检查文件夹的写入权限。",
            target.display()
        ))
    };
    std::fs::write(&part, bytes).map_err(fail)?;
    std::fs::rename(&part, target).map_err(|e| {
        let _ = std::fs::remove_file(&part);
        fail(e)
    })
}

/// Writes the statistics workbook of `query` to `target` as the signed-in user; `rows` of the
/// outcome is the number of appeals counted.
pub fn export_stats(state: &AppState, query: &StatsQuery, target: &Path) -> Result<ExportOutcome> {
    let stats = state.read(|s, c| statistics_for(s, c.actor, query, c.today()))?;
    minyi_sheets::stats_book::export_stats_book(&stats, target)?;
    Ok(ExportOutcome {
        path: target.to_string_lossy().into_owned(),
        rows: stats.total.max(0) as u64,
        personal_data: false,
    })
}

/// The disclosure of `period`, the organisation's name and the date it is issued (today).
fn disclosure(state: &AppState, period: Period) -> Result<(Disclosure, String, chrono::NaiveDate)> {
    state.read(|s, c| {
        let d = disclosure_for(s, c.actor, period, c.today())?;
        let org = settings::get(s.conn(), "org.name")?;
        Ok((d, org, c.today()))
    })
}

/// What would be published for `period`, worded exactly as the files word it.
pub fn preview(state: &AppState, period: Period) -> Result<DisclosureDocument> {
    let (d, org, _) = disclosure(state, period)?;
    Ok(d.document(&org))
}

/// Writes the disclosure of `period` to `target` in `format`; `rows` of the outcome is the
/// published total (0 when it is itself suppressed).
pub fn export_disclosure(
    state: &AppState,
    period: Period,
    format: DisclosureFormat,
    target: &Path,
) -> Result<ExportOutcome> {
    let (d, org, today) = disclosure(state, period)?;
    match format {
        DisclosureFormat::Xlsx => {
            minyi_sheets::disclosure_book::export_disclosure_book(&d, &org, target)?
        }
        DisclosureFormat::Pdf => {
            let pdf = minyi_paper::disclosure_report(&d, &org, today)
                .map_err(|e| CoreError::storage(e.to_string()))?;
            write_whole(target, &pdf)?;
        }
        DisclosureFormat::Html => write_whole(
            target,
            minyi_paper::disclosure_html(&d, &org, today).as_bytes(),
        )?,
    }
    Ok(ExportOutcome {
        path: target.to_string_lossy().into_owned(),
        rows: d.total.unwrap_or(0).max(0) as u64,
        personal_data: false,
    })
}
