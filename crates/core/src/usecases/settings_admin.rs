//! Changing settings (administrator only).

use crate::access::{Action, authorize};
use crate::error::Result;
use crate::model::Ctx;
use crate::store::Store;
use crate::store::settings::{self, SettingKey};

/// Stores `value` under the setting `key` names (as the settings screen sends it); an unknown key
/// is refused on field `key`.
pub fn set_setting(store: &mut Store, ctx: &Ctx<'_>, key: &str, value: &str) -> Result<()> {
    authorize(ctx.actor, Action::ManageSettings, None)?;
    let key = SettingKey::parse(key)?;
    store.write(|tx, _| settings::set(tx, key, value))
}
