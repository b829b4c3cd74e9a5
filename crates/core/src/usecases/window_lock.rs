//! The desktop window's idle lock, as far as the database is concerned: unlocking checks the
//! password of the account that is signed in, under the same lockout rule as signing in (a guess
//! at a locked window counts towards locking the account), and both the lock and the unlock are
//! entries of the security log.
//!
//! When the window locks is decided by the desktop's clock, outside the database (minyi-service's
//! `idle_lock`); this module only records it and checks the password.

use crate::error::{CoreError, ErrorCode, Result};
use crate::model::{Actor, SecurityAction};
use crate::store::{Store, users};
use crate::usecases::accounts::{check_password_counting, sign_in_entry};
use chrono::{DateTime, FixedOffset};
use serde_json::json;

/// The answer when the signed-in account is gone or may no longer sign in: the window goes back
/// to the sign-in page.
fn ended(message: &str) -> CoreError {
    CoreError::new(ErrorCode::NotSignedIn, message)
}

/// Records that the window of `user_id` locked after `idle_minutes` without input.
pub fn record_lock(
    store: &mut Store,
    user_id: i64,
    idle_minutes: i64,
    now: DateTime<FixedOffset>,
) -> Result<()> {
    let user = users::get(store.conn(), user_id)?;
    store.write(|tx, _| {
        sign_in_entry(
            tx,
            now,
            Some(user.id),
            &user.display_name,
            SecurityAction::WindowLock,
            json!({"idleMinutes": idle_minutes}),
        )
    })
}

/// Unlocks the window of the signed-in `user_id` with their password. A wrong password counts
/// towards the account's lockout; when it locks the account the answer is `locked` and the
/// session must end (the transport signs out). A deactivated account's session ends too
/// (`not_signed_in`).
pub fn unlock(
    store: &mut Store,
    user_id: i64,
    password: &str,
    now: DateTime<FixedOffset>,
) -> Result<Actor> {
    let user = users::get(store.conn(), user_id).map_err(|e| match e.code {
        ErrorCode::NotFound => ended("登录已失效，请重新登录。"),
        _ => e,
    })?;
    if !user.active || !user.can_sign_in {
        return Err(ended("您的账号已停用，请联系系统管理员。"));
    }
    let Some((_, hash)) = users::find_for_sign_in(store.conn(), &user.username)? else {
        return Err(ended("登录已失效，请重新登录。"));
    };
    check_password_counting(
        store,
        &user,
        &hash,
        password,
        now,
        SecurityAction::WindowUnlockFailed,
        |max, minutes| {
            CoreError::new(
                ErrorCode::Auth,
                format!(
                    "密码不正确，请重新输入。连续输错{max}次，账号将被锁定{minutes}分钟，需要重新登录。"
                ),
            )
        },
    )?;
    store.write(|tx, _| {
        users::record_success(tx, user.id)?;
        sign_in_entry(
            tx,
            now,
            Some(user.id),
            &user.display_name,
            SecurityAction::WindowUnlock,
            json!({}),
        )
    })?;
    users::actor(store.conn(), user.id)
}
