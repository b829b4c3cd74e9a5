//! The office's stock texts (常用语, issue 20 §11): written and removed on the settings screen by
//! those who may maintain them (the appeals office, which owns the wording of replies, and the
//! administrator), read by everyone who fills in an action dialog. They hold no personal data.

use super::*;
use crate::model::{Ctx, StockTextKind};
use crate::store::stock_texts::{self, StockText, StockTextRow};

/// The settings form: a new stock text (`id` none) or a change to one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct StockTextInput {
    #[serde(default)]
    pub id: Option<i64>,
    pub kind: StockTextKind,
    /// `None`: for every category.
    #[serde(default)]
    pub category: Option<Category>,
    pub title: String,
    pub body: String,
}

/// The stock texts of `kind` for `category` (the picker), or all of them (the settings tab).
pub fn list_stock_texts(
    store: &Store,
    _ctx: &Ctx<'_>,
    kind: Option<StockTextKind>,
    category: Option<Category>,
) -> Result<Vec<StockText>> {
    stock_texts::list(store.conn(), kind, category)
}

/// Writes a stock text (new or changed) and answers it as stored.
pub fn save_stock_text(
    store: &mut Store,
    ctx: &Ctx<'_>,
    input: &StockTextInput,
) -> Result<StockText> {
    authorize(ctx.actor, Action::ManageStockTexts, None)?;
    let title = text("title", "常用语名称", &input.title, 40)?;
    let body = text("body", "常用语内容", &input.body, 5000)?;
    store.write(|tx, _| {
        let row = StockTextRow {
            kind: input.kind,
            category: input.category,
            title: &title,
            body: &body,
            updated_by: ctx.actor.user_id,
            updated_at: &now_text(ctx),
        };
        let id = match input.id {
            None => stock_texts::insert(tx, &row)?,
            Some(id) => {
                if !stock_texts::update(tx, id, &row)? {
                    return Err(gone());
                }
                id
            }
        };
        stock_texts::get(tx, id)
    })
}

/// Removes a stock text.
pub fn delete_stock_text(store: &mut Store, ctx: &Ctx<'_>, id: i64) -> Result<()> {
    authorize(ctx.actor, Action::ManageStockTexts, None)?;
    store.write(|tx, _| {
        if stock_texts::delete(tx, id)? {
            Ok(())
        } else {
            Err(gone())
        }
    })
}

/// Seeds `texts` (kind, category, title, body) written by `ctx`'s actor, only into an office that
/// has no stock text yet (the demo office; a new office starts with none). Answers how many were
/// written.
pub fn seed_stock_texts(
    store: &mut Store,
    ctx: &Ctx<'_>,
    texts: &[(StockTextKind, Option<Category>, &str, &str)],
) -> Result<usize> {
    authorize(ctx.actor, Action::ManageStockTexts, None)?;
    store.write(|tx, _| {
        if stock_texts::count(tx)? > 0 {
            return Ok(0);
        }
        let at = now_text(ctx);
        for (kind, category, title, body) in texts {
            stock_texts::insert(
                tx,
                &StockTextRow {
                    kind: *kind,
                    category: *category,
                    title,
                    body,
                    updated_by: ctx.actor.user_id,
                    updated_at: &at,
                },
            )?;
        }
        Ok(texts.len())
    })
}

fn gone() -> CoreError {
    CoreError::not_found("这条常用语已不存在（可能已被他人删除），请刷新后重试。")
}
