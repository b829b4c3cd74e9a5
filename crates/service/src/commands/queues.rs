//! The office's early warning (进度缓慢, §五(二)1): appeals not yet overdue but slow, for the
//! supervision page. The workbench's decision queues travel with `my_tasks` (commands/work.rs).

use crate::command::{Call, Command, Effect};
use minyi_core::Result;
use minyi_core::queries::queues::{SlowPage, slow_appeals};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A page of the slow appeals the user may see, earliest due date first.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SlowAppeals {
    pub page: i64,
    pub page_size: i64,
}

impl Command for SlowAppeals {
    const NAME: &'static str = "slow_appeals";
    const EFFECT: Effect = Effect::Read;
    type Output = SlowPage;
    fn run(self, call: &Call<'_>) -> Result<SlowPage> {
        call.read(|s, c| slow_appeals(s, c, self.page, self.page_size))
    }
}
