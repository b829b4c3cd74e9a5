//! The bell in the top bar and the stock texts of the action dialogs (issue 20 §8, §11).
//!
//! Reminders are read per person from the event log (core's `queries::reminders`), so a desk
//! refreshes its bell whenever it hears that something changed, in 单机 and 联网 alike; marking
//! them read is a write of the person's own mark. Stock texts are read by everyone who fills in a
//! dialog and written on the settings screen.

use crate::command::{Call, Command, Effect};
use minyi_core::Result;
use minyi_core::model::{Category, StockTextKind};
use minyi_core::queries::reminders::{Reminders, reminders};
use minyi_core::store::stock_texts::StockText;
use minyi_core::usecases::reminders_read::mark_reminders_read;
use minyi_core::usecases::stock_texts::{
    StockTextInput, delete_stock_text, list_stock_texts, save_stock_text,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The signed-in person's reminders (at most `limit`) and the unread count.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct GetReminders {
    pub limit: i64,
}

impl Command for GetReminders {
    const NAME: &'static str = "get_reminders";
    const EFFECT: Effect = Effect::Read;
    type Output = Reminders;
    fn run(self, call: &Call<'_>) -> Result<Reminders> {
        call.read(|s, c| reminders(s, c, self.limit))
    }
}

/// 全部已读: every reminder up to the event the bell showed last, and today's due reminders.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct MarkRemindersRead {
    pub up_to: i64,
}

impl Command for MarkRemindersRead {
    const NAME: &'static str = "mark_reminders_read";
    const EFFECT: Effect = Effect::Quiet;
    type Output = ();
    fn run(self, call: &Call<'_>) -> Result<()> {
        call.write(|s, c| mark_reminders_read(s, c, self.up_to))
    }
}

/// The stock texts of a kind for a category (the picker), or all of them (the settings tab).
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ListStockTexts {
    #[serde(default)]
    pub kind: Option<StockTextKind>,
    #[serde(default)]
    pub category: Option<Category>,
}

impl Command for ListStockTexts {
    const NAME: &'static str = "list_stock_texts";
    const EFFECT: Effect = Effect::Read;
    type Output = Vec<StockText>;
    fn run(self, call: &Call<'_>) -> Result<Vec<StockText>> {
        call.read(|s, c| list_stock_texts(s, c, self.kind, self.category))
    }
}

/// Writes a new stock text or changes one.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct SaveStockText {
    pub text: StockTextInput,
}

impl Command for SaveStockText {
    const NAME: &'static str = "save_stock_text";
    const EFFECT: Effect = Effect::Write;
    type Output = StockText;
    fn run(self, call: &Call<'_>) -> Result<StockText> {
        call.write(|s, c| save_stock_text(s, c, &self.text))
    }
}

/// Removes a stock text.
#[derive(Debug, Clone, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct DeleteStockText {
    pub id: i64,
}

impl Command for DeleteStockText {
    const NAME: &'static str = "delete_stock_text";
    const EFFECT: Effect = Effect::Write;
    type Output = ();
    fn run(self, call: &Call<'_>) -> Result<()> {
        call.write(|s, c| delete_stock_text(s, c, self.id))
    }
}
