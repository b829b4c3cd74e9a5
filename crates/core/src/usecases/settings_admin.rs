//! Changing settings (administrator only).

use crate::access::{Action, authorize};
use crate::error::Result;
use crate::model::Ctx;
use crate::store::{Store, settings};

pub fn set_setting(store: &mut Store, ctx: &Ctx<'_>, key: &str, value: &str) -> Result<()> {
    authorize(ctx.actor, Action::ManageSettings, None)?;
    store.write(|tx, _| settings::set(tx, key, value))
}
