//! The work queues: my tasks on the workbench and the tracking ledger.

use crate::command::{Call, Command, Effect};
use crate::views::LedgerPage;
use minyi_core::Result;
use minyi_core::queries::ledger::{LedgerFilter, ledger};
use minyi_core::queries::tasks::{Workbench, my_tasks};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The signed-in user's tasks, at most `limit` of each kind.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct MyTasks {
    pub limit: i64,
}

impl Command for MyTasks {
    const NAME: &'static str = "my_tasks";
    const EFFECT: Effect = Effect::Read;
    type Output = Workbench;
    fn run(self, call: &Call<'_>) -> Result<Workbench> {
        call.read(|s, c| my_tasks(s, c, self.limit))
    }
}

/// A page of the tracking ledger.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct TrackingLedger {
    pub filter: LedgerFilter,
}

impl Command for TrackingLedger {
    const NAME: &'static str = "tracking_ledger";
    const EFFECT: Effect = Effect::Read;
    type Output = LedgerPage;
    fn run(self, call: &Call<'_>) -> Result<LedgerPage> {
        call.read(|s, c| ledger(s, c, &self.filter).map(|(rows, total)| LedgerPage { rows, total }))
    }
}
