//! The 回访 screen (issue 20 §9): the return-visit list and one call recorded at a time. The rules
//! (who may, what a call changes, the personal-data masking and its log) are core's
//! `record_visit` and `queries::visits`.

use crate::command::{Call, Command, Effect};
use minyi_core::Result;
use minyi_core::queries::visits::{VisitList, VisitQuery, list_visits};
use minyi_core::usecases::record_visit::{VisitCall, VisitOutcome, record_visit};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A page of the return-visit list (open visits unless a status is given).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct ListVisits {
    pub query: VisitQuery,
}

impl Command for ListVisits {
    const NAME: &'static str = "list_visits";
    const EFFECT: Effect = Effect::Read;
    type Output = VisitList;
    fn run(self, call: &Call<'_>) -> Result<VisitList> {
        call.read(|s, c| list_visits(s, c, &self.query))
    }
}

/// One call of a return visit: reached or not, the satisfaction when reached, a remark.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RecordVisit {
    pub visit_id: i64,
    pub call: VisitCall,
}

impl Command for RecordVisit {
    const NAME: &'static str = "record_visit";
    const EFFECT: Effect = Effect::Write;
    type Output = VisitOutcome;
    fn run(self, call: &Call<'_>) -> Result<VisitOutcome> {
        call.write(|s, c| record_visit(s, c, self.visit_id, &self.call))
    }
}
