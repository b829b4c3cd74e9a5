//! The portal's own accounts (decision 0012): a member of the public registers with a mobile
//! phone number and a password and then sees 我的诉求. They are not users of the office: no role,
//! no access to anything but the appeals they submitted.
//!
//! Passwords are argon2id like the staff's; after `lockout.max_failures` wrong passwords in a row
//! the account is locked for `lockout.minutes` (the office's own numbers). An unknown number and a
//! wrong password get the same answer after the same work. Nothing proves the number belongs to
//! the person (an SMS code needs a provider the office chooses later): [`register`] is where that
//! check would go.

use super::accounts::{check_password_rules, hash_password, verify};
use crate::error::{CoreError, ErrorCode, Result};
use crate::store::settings::SettingKey;
use crate::store::{Store, portal, settings};
use crate::time::{fmt_ts, parse_ts};
use chrono::{DateTime, Duration, FixedOffset};

/// The phone number of an account: a mainland mobile number.
fn mobile(phone: &str) -> Result<String> {
    let p = crate::validate::phone("phone", phone)?;
    if p.len() != 11 || !p.starts_with('1') {
        return Err(CoreError::field(
            "phone",
            "请填写11位手机号码（如 13812345678）作为账号。",
        ));
    }
    Ok(p)
}

/// Opens an account; answers its id. A number already registered is refused.
pub fn register(
    store: &mut Store,
    now: DateTime<FixedOffset>,
    phone: &str,
    password: &str,
) -> Result<i64> {
    let phone = mobile(phone)?;
    check_password_rules(password)?;
    let hash = hash_password(password)?;
    store.write(|tx, _| {
        if portal::citizen_by_phone(tx, &phone)?.is_some() {
            return Err(CoreError::field(
                "phone",
                "这个手机号码已经注册过，请直接登录；忘记密码请联系我单位接待窗口。",
            ));
        }
        portal::insert_citizen(tx, &phone, &hash, &fmt_ts(&now))
    })
}

/// Checks a phone number and password; answers the account's id.
pub fn sign_in(
    store: &mut Store,
    now: DateTime<FixedOffset>,
    phone: &str,
    password: &str,
) -> Result<i64> {
    let max = settings::get_i64(store.conn(), SettingKey::LockoutMaxFailures)?.max(1);
    let minutes = settings::get_i64(store.conn(), SettingKey::LockoutMinutes)?;
    let wrong = || {
        CoreError::new(
            ErrorCode::Auth,
            format!("手机号码或密码不正确。连续输错{max}次，账号将被锁定{minutes}分钟。"),
        )
    };
    let phone = crate::validate::phone("phone", phone).unwrap_or_default();
    let Some(c) = portal::citizen_by_phone(store.conn(), &phone)? else {
        let _ = verify(
            password,
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
        );
        return Err(wrong());
    };
    if let Some(until) = c.locked_until.as_deref().and_then(parse_ts)
        && until > now
    {
        let left = (until - now).num_minutes() + 1;
        return Err(CoreError::new(
            ErrorCode::Locked,
            format!("密码连续输错次数过多，账号已锁定，请在约{left}分钟后再试。"),
        ));
    }
    if verify(password, &c.password_hash) {
        if c.failed_attempts != 0 || c.locked_until.is_some() {
            store.write(|tx, _| portal::set_citizen_failures(tx, c.id, 0, None))?;
        }
        return Ok(c.id);
    }
    let failed = c.failed_attempts + 1;
    let lock = (failed >= max).then(|| fmt_ts(&(now + Duration::minutes(minutes))));
    let failed = if lock.is_some() { 0 } else { failed };
    store.write(|tx, _| portal::set_citizen_failures(tx, c.id, failed, lock.as_deref()))?;
    if lock.is_some() {
        return Err(CoreError::new(
            ErrorCode::Locked,
            format!("密码连续输错{max}次，账号已锁定{minutes}分钟。"),
        ));
    }
    Err(wrong())
}

/// The phone number of an account (shown to its owner on 我的诉求).
pub fn phone_of(store: &Store, citizen_id: i64) -> Result<String> {
    portal::citizen_phone(store.conn(), citizen_id)?
        .ok_or_else(|| CoreError::new(ErrorCode::NotSignedIn, "请重新登录。"))
}
