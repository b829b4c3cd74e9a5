//! Files made from the analysis screens: the statistics workbook of the 统计分析 filter, and the
//! disclosure report (信息公开, §七(一)) of a period as a PDF, an Excel workbook or a web page.
//!
//! Why it is shaped so:
//! - The figures are computed on a shared connection as the caller, so minyi-analysis checks the
//!   permission (统计分析 or 编制信息公开) and the file shows exactly what the screen showed. A year's statistics take well under a second, so no progress is reported and no
//!   second connection is opened (unlike the ledger, see [`crate::ledger_export`]).
//! - The file is written after the figures are read, outside any database work, and through a
//!   temporary file renamed at the end, so a failed export leaves nothing half-written.

use crate::command::Call;
use crate::host::{Target, write_whole};
use crate::ledger_export::ExportOutcome;
use minyi_analysis::disclosure::{Disclosure, disclosure_for};
use minyi_analysis::period::Period;
use minyi_analysis::stats::{StatsQuery, statistics_for};
use minyi_analysis::weak_links::weak_links_for;
use minyi_core::{CoreError, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The three forms a disclosure is published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
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

/// Writes the statistics workbook of `query` to `target` as the signed-in user; `rows` of the
/// outcome is the number of appeals counted.
pub fn export_stats(call: &Call<'_>, query: &StatsQuery, target: &Target) -> Result<ExportOutcome> {
    let (stats, weak) = call.read(|s, c| {
        let stats = statistics_for(s, c.actor, query, c.today())?;
        let weak = weak_links_for(s, c.actor, query, c.today())?;
        Ok((stats, weak))
    })?;
    minyi_sheets::stats_book::export_stats_book(&stats, &weak, &target.path)?;
    Ok(ExportOutcome {
        path: target.shown.clone(),
        rows: stats.total.max(0) as u64,
        personal_data: false,
        cancelled: false,
    })
}

/// The disclosure of `period`, the organisation's name and the date it is issued (today).
pub(crate) fn disclosure(
    call: &Call<'_>,
    period: Period,
) -> Result<(Disclosure, String, chrono::NaiveDate)> {
    call.read(|s, c| {
        let d = disclosure_for(s, c.actor, period, c.today())?;
        let org = s.org_name()?;
        Ok((d, org, c.today()))
    })
}

/// Writes the disclosure of `period` to `target` in `format`; `rows` of the outcome is the
/// published total (0 when it is itself suppressed).
pub fn export_disclosure(
    call: &Call<'_>,
    period: Period,
    format: DisclosureFormat,
    target: &Target,
) -> Result<ExportOutcome> {
    let (d, org, today) = disclosure(call, period)?;
    match format {
        DisclosureFormat::Xlsx => {
            minyi_sheets::disclosure_book::export_disclosure_book(&d, &org, &target.path)?
        }
        DisclosureFormat::Pdf => {
            let pdf = minyi_paper::disclosure_report(&d, &org, today)
                .map_err(|e| CoreError::storage(e.to_string()))?;
            write_whole(&target.path, &pdf)?;
        }
        DisclosureFormat::Html => write_whole(
            &target.path,
            minyi_paper::disclosure_html(&d, &org, today).as_bytes(),
        )?,
    }
    Ok(ExportOutcome {
        path: target.shown.clone(),
        rows: d.total.unwrap_or(0).max(0) as u64,
        personal_data: false,
        cancelled: false,
    })
}
