//! 导入: the import wizard's calls — the online channels, a look at the picked file, the import
//! itself (a job with progress and cancel).

use crate::batch_import::{self, ImportOutcome, ImportPreview, ImportRequest};
use crate::command::{Call, Command, Effect};
use crate::host::{FileRef, JobKind};
use crate::views::Choice;
use minyi_core::Result;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The channels a batch may come from (官网留言, 微信, 微博, 线上平台).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct ImportChannels {}

impl Command for ImportChannels {
    const NAME: &'static str = "import_channels";
    const EFFECT: Effect = Effect::Open;
    type Output = Vec<Choice>;
    fn run(self, _: &Call<'_>) -> Result<Vec<Choice>> {
        Ok(batch_import::channels())
    }
}

/// Reads the picked file: its format, the proposed mapping and the first rows. Writes nothing.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct InspectImport {
    pub file: FileRef,
}

impl Command for InspectImport {
    const NAME: &'static str = "inspect_import";
    const EFFECT: Effect = Effect::Read;
    type Output = ImportPreview;
    fn run(self, call: &Call<'_>) -> Result<ImportPreview> {
        batch_import::inspect(call, &self.file)
    }
}

/// Imports the batch with the user's mapping and channel.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct ImportBatch {
    pub request: ImportRequest,
}

impl Command for ImportBatch {
    const NAME: &'static str = "import_batch";
    const EFFECT: Effect = Effect::WriteInChunks;
    type Output = ImportOutcome;
    fn run(self, call: &Call<'_>) -> Result<ImportOutcome> {
        batch_import::run(call, &self.request)
    }
}

/// Asks the running import to stop after its current chunk of rows.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct CancelImport {}

impl Command for CancelImport {
    const NAME: &'static str = "cancel_import";
    const EFFECT: Effect = Effect::Read;
    type Output = bool;
    fn run(self, call: &Call<'_>) -> Result<bool> {
        Ok(call.host().jobs().cancel(JobKind::Import))
    }
}
