//! Who may change how this desktop works (单机 or 联网, and which server it trusts).
//!
//! The mode decides where every appeal this desk registers goes, so it is an administrator's
//! decision, not the decision of whoever sits at the desk: a clerk who switched a 联网 desk to
//! 单机 while the server restarts would register appeals the office never sees, and one who
//! trusted another certificate would send every password to whoever presented it. The window only
//! offers the switch where it may be made; these checks hold whatever the window asks.
//!
//! A switch is allowed
//! - at the first start (no mode chosen yet and no local office set up): there is nobody to ask;
//! - to a signed-in administrator (`ManageSettings`), in either mode;
//! - with an administrator's name and password given for it: for trusting a server, checked by
//!   that server (with the fingerprint being confirmed, so a desk whose server moved or renewed
//!   its certificate is mended at the desk by the server's administrator, who also reads out the
//!   fingerprint); for going back to 单机, checked by this computer's own office (the server may
//!   be gone). Either sign-in counts towards that account's lockout like any other, and starts no
//!   session.

use crate::connection::Settings;
use crate::desktop::Desktop;
use minyi_client::Client;
use minyi_core::access::Action;
use minyi_core::{CoreError, Result};
use minyi_service::session;
use serde::Deserialize;
use ts_rs::TS;

/// An administrator's name and password, given to change the mode at the sign-in screen.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AdminConsent {
    pub username: String,
    pub password: String,
}

/// Whether the desk still makes its first choice: not in 联网 mode and no local office set up
/// (the first start's screen may go back from 单机 to the choice).
pub fn first_start(desktop: &Desktop) -> bool {
    Settings::load(desktop.data_dir()).office().is_none()
        && session::status(&desktop.office, desktop.caller(), None)
            .map(|s| s.needs_setup)
            .unwrap_or(false)
}

/// Whether the person signed in at this desk (on the server in 联网 mode) is an administrator.
fn signed_in_admin(desktop: &Desktop) -> bool {
    match desktop.remote() {
        Some(remote) => remote.may(Action::ManageSettings),
        None => session::status(&desktop.office, desktop.caller(), None)
            .ok()
            .and_then(|s| s.session)
            .is_some_and(|s| s.permissions.contains(&Action::ManageSettings)),
    }
}

/// Whether this desk may switch without an administrator's name and password.
pub fn may_switch_freely(desktop: &Desktop) -> bool {
    first_start(desktop) || signed_in_admin(desktop)
}

fn not_allowed() -> CoreError {
    CoreError::forbidden(
        "只有管理员可以更改这台电脑的使用方式。请管理员登录后在「设置 › 使用方式」中更改，或在此填写管理员的用户名和密码。",
    )
}

fn not_an_admin() -> CoreError {
    CoreError::forbidden("该账号不是管理员，不能更改这台电脑的使用方式。请由管理员填写。")
}

/// May this desk trust `server` with `fingerprint` (normalised, 64 hex digits)? With `consent`,
/// the administrator signs in on that server through the new pin (blocking: call off the UI
/// thread).
pub fn may_trust(
    desktop: &Desktop,
    server: &str,
    fingerprint: &str,
    consent: Option<&AdminConsent>,
) -> Result<()> {
    if may_switch_freely(desktop) {
        return Ok(());
    }
    let consent = consent.ok_or_else(not_allowed)?;
    let mut client = Client::new(server, Some(fingerprint))?;
    let info = client.sign_in(&consent.username, &consent.password)?;
    let _ = client.sign_out();
    if info.permissions.contains(&Action::ManageSettings) {
        Ok(())
    } else {
        Err(not_an_admin())
    }
}

/// May this desk go back to 单机? With `consent`, an administrator of this computer's own office.
pub fn may_use_local(desktop: &Desktop, consent: Option<&AdminConsent>) -> Result<()> {
    if may_switch_freely(desktop) {
        return Ok(());
    }
    let consent = consent.ok_or_else(not_allowed)?;
    let local = session::status(&desktop.office, minyi_service::Caller::Nobody, None)?;
    if local.needs_setup {
        return Err(CoreError::forbidden(
            "这台电脑上还没有单机数据，不能在此改为单机使用。若办公室服务器已不再使用，请系统管理员删除数据文件夹中的 connection.json 后重新启动程序。",
        ));
    }
    let signed = session::sign_in(&desktop.office, &consent.username, &consent.password)?;
    if signed.info.permissions.contains(&Action::ManageSettings) {
        Ok(())
    } else {
        Err(not_an_admin())
    }
}
