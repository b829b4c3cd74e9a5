//! Accounts and departments: first-run set-up, users and roles, sign-in with lockout, passwords,
//! and the date each person signed the confidentiality agreement (§七(二)2).
//!
//! Passwords are stored as argon2id PHC strings. After `lockout.max_failures` wrong passwords in a
//! row an account is locked for `lockout.minutes`; the message does not reveal whether the user
//! name exists. Every place that asks for a password counts towards the same limit (signing in,
//! changing one's own password, unlocking the window: [`check_password_counting`]).
//!
//! Every change of an account, a role, an agreement or a password, and every sign-in (failed ones
//! and lockouts too), appends an entry to the security log in the same transaction
//! ([`crate::usecases::audit`]); the entries name accounts by id, never hold a password.
//!
//! Giving someone personal data (a role that may see it, or an agreement date, for someone who
//! then has both) waits for a second administrator ([`crate::usecases::grants`]): creating an
//! account, changing its roles and recording an agreement store that part as a pending grant and
//! apply the rest. The first administrator's own roles and agreement at set-up apply at once:
//! there is nobody else yet to confirm them.

use crate::access::{Action, authorize};
use crate::error::{CoreError, ErrorCode, Result};
use crate::model::{Actor, Ctx, Role, SecurityAction};
use crate::store::security_log::{self, NewSecurityEntry};
use crate::store::settings::SettingKey;
use crate::store::sql;
use crate::store::{Store, settings, users};
use crate::time::{fmt_ts, parse_ts};
use crate::usecases::audit::{record, user_target};
use crate::usecases::grants::{self, sees_personal_data};
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// Hashes a password (argon2id, random salt).
pub fn hash_password(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|_| CoreError::storage("密码加密失败，请重试。"))
}

pub(crate) fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

pub(crate) fn check_password_rules(password: &str) -> Result<()> {
    if password.chars().count() < 8 {
        return Err(CoreError::field(
            "password",
            "密码至少8位，建议字母和数字混合。",
        ));
    }
    if password.chars().count() > 128 {
        return Err(CoreError::field("password", "密码不能超过128位。"));
    }
    Ok(())
}

/// A new account as typed on the users screen.
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema,
)]
#[ts(export)]
#[serde(rename_all = "camelCase", default)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub department_id: i64,
    pub roles: Vec<Role>,
    pub password: String,
    pub agreement_signed_on: Option<NaiveDate>,
}

fn check_new_user(u: &NewUser) -> Result<(String, String)> {
    let username = crate::validate::required("username", "登录名", &u.username, 32)?;
    if !username
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        return Err(CoreError::field(
            "username",
            "登录名只能包含英文字母、数字、下划线、点和横线。",
        ));
    }
    if username == "system" || username == crate::usecases::portal_submit::PORTAL_USERNAME {
        return Err(CoreError::field(
            "username",
            format!("“{username}”是系统保留的登录名，请换一个。"),
        ));
    }
    let display = crate::validate::required("displayName", "姓名", &u.display_name, 50)?;
    if u.roles.is_empty() {
        return Err(CoreError::field("roles", "请至少选择一个角色。"));
    }
    check_password_rules(&u.password)?;
    Ok((username, display))
}

/// A confidentiality agreement cannot have been signed after today.
fn check_agreement_date(u: &NewUser, today: NaiveDate) -> Result<()> {
    if u.agreement_signed_on.is_some_and(|d| d > today) {
        return Err(CoreError::field(
            "agreementSignedOn",
            "保密协议签订日期不能晚于今天。",
        ));
    }
    Ok(())
}

/// Whether the first-run set-up is still needed (no account that can sign in).
pub fn needs_setup(store: &Store) -> Result<bool> {
    Ok(users::count(store.conn())? == 0)
}

/// Creates the built-in `system` account the CLI acts as, and the office department, if missing.
pub fn ensure_system_user(store: &mut Store, now: DateTime<FixedOffset>) -> Result<Actor> {
    let id = store.write(|tx, _| {
        if let Some(id) = users::system_user_id(tx)? {
            return Ok(id);
        }
        let dept = match users::departments(tx)?.first() {
            Some(d) => d.id,
            None => users::insert_department(tx, "民意诉求管理办公室")?,
        };
        users::insert(
            tx,
            &users::NewUserRow {
                username: "system",
                display_name: "系统（命令行）",
                department_id: dept,
                roles: &[Role::Administrator, Role::AppealsOffice],
                password_hash: "!",
                agreement_signed_on: Some(crate::time::to_cst(&now).date_naive()),
                can_sign_in: false,
                created_at: &fmt_ts(&now),
            },
        )
    })?;
    users::actor(store.conn(), id)
}

/// First run: the organisation's name and the first administrator (who also runs the office, as
/// in a one-person set-up, and may add others).
pub fn bootstrap(
    store: &mut Store,
    now: DateTime<FixedOffset>,
    org_name: &str,
    admin: &NewUser,
) -> Result<Actor> {
    if !needs_setup(store)? {
        return Err(CoreError::conflict("系统已完成初始设置，请直接登录。"));
    }
    let org = crate::validate::required("orgName", "单位名称", org_name, 100)?;
    let (username, display) = check_new_user(admin)?;
    check_agreement_date(admin, crate::time::to_cst(&now).date_naive())?;
    let hash = hash_password(&admin.password)?;
    ensure_system_user(store, now)?;
    let id = store.write(|tx, _| {
        settings::set(tx, SettingKey::OrgName, &org)?;
        let dept = users::departments(tx)?.first().map(|d| d.id).unwrap_or(1);
        let mut roles = admin.roles.clone();
        if !roles.contains(&Role::Administrator) {
            roles.push(Role::Administrator);
        }
        let id = users::insert(
            tx,
            &users::NewUserRow {
                username: &username,
                display_name: &display,
                department_id: if admin.department_id > 0 {
                    admin.department_id
                } else {
                    dept
                },
                roles: &roles,
                password_hash: &hash,
                agreement_signed_on: admin.agreement_signed_on,
                can_sign_in: true,
                created_at: &fmt_ts(&now),
            },
        )?;
        security_log::append(
            tx,
            &NewSecurityEntry {
                at: now,
                actor_id: Some(id),
                actor_label: &display,
                action: SecurityAction::Bootstrap,
                target: Some(&user_target(id)),
                detail: json!({"roles": codes(&roles), "agreement": admin.agreement_signed_on.is_some()}),
            },
        )?;
        Ok(id)
    })?;
    users::actor(store.conn(), id)
}

/// Creates an account (administrator).
pub fn create_user(store: &mut Store, ctx: &Ctx<'_>, u: &NewUser) -> Result<i64> {
    authorize(ctx.actor, Action::ManageUsers, None)?;
    let (username, display) = check_new_user(u)?;
    check_agreement_date(u, ctx.today())?;
    let hash = hash_password(&u.password)?;
    // A role that may see personal data with an agreement would give access: the agreement waits
    // for a second administrator, the account is created without it.
    let waits = u
        .agreement_signed_on
        .filter(|_| u.roles.iter().any(|r| sees_personal_data(*r)));
    let agreement = if waits.is_some() {
        None
    } else {
        u.agreement_signed_on
    };
    store.write(|tx, _| {
        users::department(tx, u.department_id)?;
        let id = users::insert(
            tx,
            &users::NewUserRow {
                username: &username,
                display_name: &display,
                department_id: u.department_id,
                roles: &u.roles,
                password_hash: &hash,
                agreement_signed_on: agreement,
                can_sign_in: true,
                created_at: &fmt_ts(&ctx.now),
            },
        )?;
        record(
            tx,
            ctx,
            SecurityAction::UserCreate,
            Some(&user_target(id)),
            json!({
                "username": username,
                "departmentId": u.department_id,
                "roles": codes(&u.roles),
                "agreementSignedOn": agreement,
            }),
        )?;
        if waits.is_some() {
            grants::request(tx, ctx, id, &[], waits)?;
        }
        Ok(id)
    })
}

/// The codes of some roles, for the security log.
fn codes(roles: &[Role]) -> Vec<&'static str> {
    roles.iter().map(|r| r.code()).collect()
}

/// Changes name, department, roles and active flag (administrator).
pub fn update_user(
    store: &mut Store,
    ctx: &Ctx<'_>,
    id: i64,
    display_name: &str,
    department_id: i64,
    roles: &[Role],
    active: bool,
) -> Result<()> {
    authorize(ctx.actor, Action::ManageUsers, None)?;
    let display = crate::validate::required("displayName", "姓名", display_name, 50)?;
    if roles.is_empty() {
        return Err(CoreError::field("roles", "请至少选择一个角色。"));
    }
    store.write(|tx, _| {
        let before = users::get(tx, id)?;
        users::department(tx, department_id)?;
        // The last administrator who can sign in may not be demoted or deactivated: nobody would
        // be left to manage accounts from the window.
        let stays_admin = active && roles.contains(&Role::Administrator);
        if before.active
            && before.can_sign_in
            && before.roles.contains(&Role::Administrator)
            && !stays_admin
            && users::other_active_administrators(tx, id)? == 0
        {
            return Err(CoreError::invalid_state(
                "这是最后一位在用的系统管理员，不能取消其管理员角色或停用。请先给另一位同事设置系统管理员角色。",
            ));
        }
        // Roles that may see personal data, added for someone with an agreement on record, would
        // give access: they wait for a second administrator, the rest applies.
        let added: Vec<Role> = roles
            .iter()
            .copied()
            .filter(|r| !before.roles.contains(r) && sees_personal_data(*r))
            .fold(Vec::new(), |mut v, r| {
                if !v.contains(&r) {
                    v.push(r);
                }
                v
            });
        let waits = before.agreement_signed_on.is_some() && !added.is_empty();
        let applied: Vec<Role> = if waits {
            roles.iter().copied().filter(|r| !added.contains(r)).collect()
        } else {
            roles.to_vec()
        };
        // (Should only such roles have been chosen, the account holds none until confirmed.)
        let roles = applied.as_slice();
        users::update_profile(tx, id, &display, department_id, roles, active)?;
        if grants::base_of(&before) != grants::base_of(&users::get(tx, id)?) {
            grants::void_pending(tx, ctx, id, "user_changed")?;
        }
        let target = user_target(id);
        if before.display_name != display || before.department_id != department_id {
            record(
                tx,
                ctx,
                SecurityAction::UserUpdate,
                Some(&target),
                json!({
                    "nameChanged": before.display_name != display,
                    "departmentFrom": before.department_id,
                    "departmentTo": department_id,
                }),
            )?;
        }
        let mut old_roles = before.roles.clone();
        let mut new_roles = roles.to_vec();
        old_roles.sort();
        new_roles.sort();
        new_roles.dedup();
        if old_roles != new_roles {
            record(
                tx,
                ctx,
                SecurityAction::RoleChange,
                Some(&target),
                json!({"from": codes(&old_roles), "to": codes(&new_roles)}),
            )?;
        }
        if before.active != active {
            let action = if active {
                SecurityAction::UserReactivate
            } else {
                SecurityAction::UserDeactivate
            };
            record(tx, ctx, action, Some(&target), json!({}))?;
        }
        if waits {
            grants::request(tx, ctx, id, &added, None)?;
        }
        Ok(())
    })
}

/// Records (or clears) the date a user signed the confidentiality agreement.
pub fn record_agreement(
    store: &mut Store,
    ctx: &Ctx<'_>,
    user_id: i64,
    signed_on: Option<NaiveDate>,
) -> Result<()> {
    authorize(ctx.actor, Action::ManageUsers, None)?;
    if signed_on.is_some_and(|d| d > ctx.today()) {
        return Err(CoreError::field("signedOn", "签订日期不能晚于今天。"));
    }
    store.write(|tx, _| {
        let before = users::get(tx, user_id)?;
        // A first agreement for someone whose role may see personal data would give access: it
        // waits for a second administrator. Clearing or correcting one applies at once.
        if before.agreement_signed_on.is_none()
            && signed_on.is_some()
            && before.roles.iter().any(|r| sees_personal_data(*r))
        {
            grants::request(tx, ctx, user_id, &[], signed_on)?;
            return Ok(());
        }
        // "No agreement" withdraws one waiting for confirmation as well.
        if signed_on.is_none() {
            grants::void_pending(tx, ctx, user_id, "withdrawn")?;
        }
        users::set_agreement(tx, user_id, signed_on)?;
        if before.agreement_signed_on != signed_on {
            grants::void_pending(tx, ctx, user_id, "user_changed")?;
            let action = if signed_on.is_some() {
                SecurityAction::AgreementRecord
            } else {
                SecurityAction::AgreementClear
            };
            record(
                tx,
                ctx,
                action,
                Some(&user_target(user_id)),
                json!({"from": before.agreement_signed_on, "to": signed_on}),
            )?;
        }
        Ok(())
    })
}

/// Signs a user in, counting failures and locking the account after too many.
pub fn sign_in(
    store: &mut Store,
    username: &str,
    password: &str,
    now: DateTime<FixedOffset>,
) -> Result<Actor> {
    // An unknown name, a wrong password and a deactivated account get the same answer, after
    // the same work (a password check), so that nobody learns from it which names exist.
    let max = settings::get_i64(store.conn(), SettingKey::LockoutMaxFailures)?.max(1);
    let minutes = settings::get_i64(store.conn(), SettingKey::LockoutMinutes)?;
    let wrong = || {
        CoreError::new(
            ErrorCode::Auth,
            format!("登录名或密码不正确，请重新输入。连续输错{max}次，账号将被锁定{minutes}分钟。"),
        )
    };
    let found = users::find_for_sign_in(store.conn(), username.trim())?;
    let Some((user, hash)) = found else {
        // Spend the same time as a real check so timing does not reveal which names exist.
        let _ = verify(
            password,
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
        );
        // The typed name is not logged: it may be a password typed into the wrong field.
        store.write(|tx, _| {
            sign_in_entry(
                tx,
                now,
                None,
                "（未知登录名）",
                SecurityAction::SignInFailed,
                json!({"reason": "unknown_username"}),
            )
        })?;
        return Err(wrong());
    };
    let label = user.display_name.clone();
    if !user.active || !user.can_sign_in {
        let _ = verify(password, &hash);
        store.write(|tx, _| {
            sign_in_entry(
                tx,
                now,
                Some(user.id),
                &label,
                SecurityAction::SignInFailed,
                json!({"reason": "inactive"}),
            )
        })?;
        return Err(wrong());
    }
    check_password_counting(
        store,
        &user,
        &hash,
        password,
        now,
        SecurityAction::SignInFailed,
        |_, _| wrong(),
    )?;
    store.write(|tx, _| {
        users::record_success(tx, user.id)?;
        sign_in_entry(
            tx,
            now,
            Some(user.id),
            &label,
            SecurityAction::SignIn,
            json!({}),
        )
    })?;
    users::actor(store.conn(), user.id)
}

/// Checks the password of an account under the lockout rule every place that asks for a password
/// shares (signing in, changing one's password, unlocking the window), so that guessing through
/// any of them counts towards the same limit: a locked account is refused whatever the password;
/// a wrong one counts a failure (logged as `failed`), and `lockout.max_failures` in a row lock the
/// account for `lockout.minutes` (logged as a lockout). `wrong(max, minutes)` is the answer to a
/// wrong password that did not lock. A right password writes nothing: the caller resets the count
/// ([`users::record_success`]) in the transaction of what it does next.
pub(crate) fn check_password_counting(
    store: &mut Store,
    user: &users::UserRecord,
    hash: &str,
    password: &str,
    now: DateTime<FixedOffset>,
    failed: SecurityAction,
    wrong: impl FnOnce(i64, i64) -> CoreError,
) -> Result<()> {
    let max = settings::get_i64(store.conn(), SettingKey::LockoutMaxFailures)?.max(1);
    let minutes = settings::get_i64(store.conn(), SettingKey::LockoutMinutes)?;
    let label = user.display_name.clone();
    if let Some(until) = user.locked_until.as_deref().and_then(parse_ts)
        && until > now
    {
        store.write(|tx, _| {
            sign_in_entry(
                tx,
                now,
                Some(user.id),
                &label,
                failed,
                json!({"reason": "locked"}),
            )
        })?;
        return Err(CoreError::new(
            ErrorCode::Locked,
            format!(
                "密码连续输错次数过多，账号已锁定，请在 {} 之后再试，或联系系统管理员重置密码。",
                until.format("%H:%M")
            ),
        ));
    }
    if verify(password, hash) {
        return Ok(());
    }
    let attempts = user.failed_attempts + 1;
    let lock = (attempts >= max).then(|| fmt_ts(&(now + Duration::minutes(minutes))));
    store.write(|tx, _| {
        users::record_failure(
            tx,
            user.id,
            if lock.is_some() { 0 } else { attempts },
            lock.as_deref(),
        )?;
        sign_in_entry(
            tx,
            now,
            Some(user.id),
            &label,
            failed,
            json!({"reason": "wrong_password", "attempt": attempts}),
        )?;
        if let Some(until) = &lock {
            sign_in_entry(
                tx,
                now,
                Some(user.id),
                &label,
                SecurityAction::Lockout,
                json!({"minutes": minutes, "until": until}),
            )?;
        }
        Ok(())
    })?;
    if lock.is_some() {
        return Err(CoreError::new(
            ErrorCode::Locked,
            format!("密码连续输错{max}次，账号已锁定{minutes}分钟。"),
        ));
    }
    Err(wrong(max, minutes))
}

/// A sign-in entry of the security log: the account signing in is both actor and target (also
/// for the other acts of a person about their own password: changing it, unlocking the window).
pub(crate) fn sign_in_entry(
    tx: &sql::Connection,
    now: DateTime<FixedOffset>,
    user_id: Option<i64>,
    label: &str,
    action: SecurityAction,
    detail: serde_json::Value,
) -> Result<()> {
    let target = user_id.map(user_target);
    security_log::append(
        tx,
        &NewSecurityEntry {
            at: crate::time::to_cst(&now),
            actor_id: user_id,
            actor_label: label,
            action,
            target: target.as_deref(),
            detail,
        },
    )?;
    Ok(())
}

/// The user of an ongoing session as the database knows them now. Every call of a signed-in
/// user goes through here, so an account deactivated (or one that may no longer sign in) ends its
/// sessions at their next call, and changed roles apply at once.
pub fn session_actor(store: &Store, user_id: i64) -> Result<Actor> {
    let ended = |message: &str| CoreError::new(ErrorCode::NotSignedIn, message);
    let user = users::get(store.conn(), user_id).map_err(|e| match e.code {
        ErrorCode::NotFound => ended("登录已失效，请重新登录。"),
        _ => e,
    })?;
    if !user.active || !user.can_sign_in {
        return Err(ended("您的账号已停用，请联系系统管理员。"));
    }
    users::actor(store.conn(), user_id)
}

/// Changes one's own password (the old one must be given). A wrong old password counts towards the
/// account's lockout as a failed sign-in does, and a locked account cannot change its password:
/// otherwise whoever finds a desk signed in could guess the password here without limit.
pub fn change_password(store: &mut Store, ctx: &Ctx<'_>, old: &str, new: &str) -> Result<()> {
    let user = users::get(store.conn(), ctx.actor.user_id)?;
    let Some((_, hash)) = users::find_for_sign_in(store.conn(), &user.username)? else {
        return Err(CoreError::not_found("找不到该用户。"));
    };
    check_password_counting(
        store,
        &user,
        &hash,
        old,
        ctx.now,
        SecurityAction::PasswordChangeFailed,
        |max, minutes| {
            CoreError::field(
                "oldPassword",
                format!("原密码不正确。连续输错{max}次，账号将被锁定{minutes}分钟。"),
            )
        },
    )?;
    check_password_rules(new)?;
    let h = hash_password(new)?;
    store.write(|tx, _| {
        users::set_password_hash(tx, user.id, &h)?;
        users::record_success(tx, user.id)?;
        record(
            tx,
            ctx,
            SecurityAction::PasswordChange,
            Some(&user_target(user.id)),
            json!({}),
        )?;
        Ok(())
    })
}

/// Resets someone's password and unlocks the account (administrator).
pub fn reset_password(store: &mut Store, ctx: &Ctx<'_>, user_id: i64, new: &str) -> Result<()> {
    authorize(ctx.actor, Action::ManageUsers, None)?;
    check_password_rules(new)?;
    let h = hash_password(new)?;
    store.write(|tx, _| {
        users::get(tx, user_id)?;
        users::set_password_hash(tx, user_id, &h)?;
        users::record_success(tx, user_id)?;
        record(
            tx,
            ctx,
            SecurityAction::PasswordReset,
            Some(&user_target(user_id)),
            json!({"unlocked": true}),
        )?;
        Ok(())
    })
}

/// Adds a department (administrator).
pub fn add_department(store: &mut Store, ctx: &Ctx<'_>, name: &str) -> Result<i64> {
    authorize(ctx.actor, Action::ManageUsers, None)?;
    let name = crate::validate::required("name", "部门名称", name, 50)?;
    store.write(|tx, _| {
        let id = users::insert_department(tx, &name)?;
        record(
            tx,
            ctx,
            SecurityAction::DepartmentAdd,
            Some(&format!("department:{id}")),
            json!({"name": name}),
        )?;
        Ok(id)
    })
}

/// Renames or (de)activates a department (administrator).
pub fn update_department(
    store: &mut Store,
    ctx: &Ctx<'_>,
    id: i64,
    name: &str,
    active: bool,
) -> Result<()> {
    authorize(ctx.actor, Action::ManageUsers, None)?;
    let name = crate::validate::required("name", "部门名称", name, 50)?;
    store.write(|tx, _| {
        users::department(tx, id)?;
        users::set_department(tx, id, &name, active)?;
        record(
            tx,
            ctx,
            SecurityAction::DepartmentUpdate,
            Some(&format!("department:{id}")),
            json!({"name": name, "active": active}),
        )?;
        Ok(())
    })
}

/// The accounts people sign in with, for the users screen (administrators only; never the
/// password hashes; the built-in `system` account of the CLI is not one of them).
pub fn list_users(store: &Store, ctx: &Ctx<'_>) -> Result<Vec<users::UserRecord>> {
    authorize(ctx.actor, Action::ManageUsers, None)?;
    let mut all = users::list(store.conn())?;
    all.retain(|u| u.can_sign_in);
    Ok(all)
}
