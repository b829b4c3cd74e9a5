//! Changing settings (administrator only). Each change is recorded in the security log with the
//! old and new value, in the same transaction.

use crate::access::{Action, authorize};
use crate::error::Result;
use crate::model::{Ctx, SecurityAction};
use crate::store::Store;
use crate::store::settings::{self, SettingKey};

/// Stores `value` under the setting `key` names (as the settings screen sends it); an unknown key
/// is refused on field `key`.
pub fn set_setting(store: &mut Store, ctx: &Ctx<'_>, key: &str, value: &str) -> Result<()> {
    authorize(ctx.actor, Action::ManageSettings, None)?;
    let key = SettingKey::parse(key)?;
    store.write(|tx, _| {
        let before = settings::get(tx, key)?;
        settings::set(tx, key, value)?;
        let after = settings::get(tx, key)?;
        if before != after {
            // Settings hold configuration (numbers, the office's name, texts of the office), never
            // an appellant's data; long texts are clipped.
            let clip = |s: &str| s.chars().take(200).collect::<String>();
            crate::usecases::audit::record(
                tx,
                ctx,
                SecurityAction::SettingChange,
                Some(&format!("setting:{}", key.code())),
                serde_json::json!({"from": clip(&before), "to": clip(&after)}),
            )?;
        }
        Ok(())
    })
}
