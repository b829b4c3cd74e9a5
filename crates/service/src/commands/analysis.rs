//! The analysis screens (统计分析, 热点问题, 信息公开): calls into minyi-analysis, which checks the
//! permission itself, so a role without it gets the same Chinese refusal as everywhere else; and
//! the drill-down from a figure to the appeals behind it.

use crate::command::{Call, Command, Effect};
use minyi_analysis::disclosure::disclosure_for;
use minyi_analysis::disclosure_text::DisclosureDocument;
use minyi_analysis::hotspots::{HotspotQuery, Hotspots, hotspots_for};
use minyi_analysis::period::Period;
use minyi_analysis::stats::{Statistics, StatsQuery, statistics_for};
use minyi_analysis::weak_links::{WeakLinks, weak_links_for};
use minyi_core::Result;
use minyi_core::queries::list::{AppealRow, Page};
use minyi_core::queries::rows::rows_by_ids;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The statistics of a period and filter, as of today (which decides what is already late).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct GetStatistics {
    pub query: StatsQuery,
}

impl Command for GetStatistics {
    const NAME: &'static str = "statistics";
    const EFFECT: Effect = Effect::Read;
    type Output = Statistics;
    fn run(self, call: &Call<'_>) -> Result<Statistics> {
        call.read(|s, c| statistics_for(s, c.actor, &self.query, c.today()))
    }
}

/// The weak links (薄弱环节) of a period and filter: departments and stages, weakest first, under
/// the same rule as the statistics (and the difficult issues) they sit beside.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct GetWeakLinks {
    pub query: StatsQuery,
}

impl Command for GetWeakLinks {
    const NAME: &'static str = "weak_links";
    const EFFECT: Effect = Effect::Read;
    type Output = WeakLinks;
    fn run(self, call: &Call<'_>) -> Result<WeakLinks> {
        call.read(|s, c| weak_links_for(s, c.actor, &self.query, c.today()))
    }
}

/// The topics most mentioned in a period and those growing fastest.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct GetHotspots {
    pub query: HotspotQuery,
}

impl Command for GetHotspots {
    const NAME: &'static str = "hotspots";
    const EFFECT: Effect = Effect::Read;
    type Output = Hotspots;
    fn run(self, call: &Call<'_>) -> Result<Hotspots> {
        call.read(|s, c| hotspots_for(s, c.actor, &self.query))
    }
}

/// A page of the list rows of the given appeals (the appeals behind a topic), in that order.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AppealRows {
    pub ids: Vec<i64>,
    pub page: i64,
    pub page_size: i64,
}

impl Command for AppealRows {
    const NAME: &'static str = "appeal_rows";
    const EFFECT: Effect = Effect::Read;
    type Output = Page<AppealRow>;
    fn run(self, call: &Call<'_>) -> Result<Page<AppealRow>> {
        call.read(|s, c| rows_by_ids(s, c, &self.ids, self.page, self.page_size))
    }
}

/// What would be published for a period, worded exactly as the files word it.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct DisclosurePreview {
    pub period: Period,
}

impl Command for DisclosurePreview {
    const NAME: &'static str = "disclosure_preview";
    const EFFECT: Effect = Effect::Read;
    type Output = DisclosureDocument;
    fn run(self, call: &Call<'_>) -> Result<DisclosureDocument> {
        call.read(|s, c| {
            let d = disclosure_for(s, c.actor, self.period, c.today())?;
            Ok(d.document(&s.org_name()?))
        })
    }
}
