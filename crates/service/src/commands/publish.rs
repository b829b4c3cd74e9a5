//! Publishing on the public portal (decision 0012): the 信息公开 screen's 发布到网上平台.

use crate::command::{Call, Command, Effect};
use minyi_analysis::period::Period;
use minyi_core::Result;
use minyi_core::store::portal::PublishedReport;
use minyi_core::usecases::publish_disclosure;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Publishes the disclosure report of `period` (the web page the screen exports) on the portal's
/// 信息公开 list; publishing a period again replaces its report.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct PublishDisclosure {
    pub period: Period,
}

impl Command for PublishDisclosure {
    const NAME: &'static str = "publish_disclosure";
    const EFFECT: Effect = Effect::Write;
    type Output = PublishedReport;
    fn run(self, call: &Call<'_>) -> Result<PublishedReport> {
        let (d, org, today) = crate::publishing::disclosure(call, self.period)?;
        let html = minyi_paper::disclosure_html(&d, &org, today);
        let key = format!("{} 至 {}", self.period.from, self.period.to);
        let title = format!(
            "{}（{}）",
            minyi_analysis::disclosure::Disclosure::title(&org),
            key
        );
        call.write(|s, c| publish_disclosure::publish(s, c, &key, &title, &html))
    }
}
