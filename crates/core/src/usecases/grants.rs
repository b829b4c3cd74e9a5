//! A second administrator confirms every personal-data grant (issue 17 §2).
//!
//! Full personal data needs a role that may see it *and* a recorded confidentiality agreement
//! ([`crate::access::may_see_personal_data`]). An act that would newly give someone both does not
//! take effect at once in its granting part; that part is stored as a pending grant, and the rest
//! of the act takes effect:
//!
//! - creating an account with such a role and an agreement date: the account and its roles are
//!   created, the agreement date waits (the person can start work, with personal data masked);
//! - adding such a role to someone who has an agreement on record: the other changes (name,
//!   department, other roles, roles taken away) take effect, the added roles wait;
//! - recording an agreement date for someone without one whose role may see personal data: the
//!   date waits.
//!
//! Taking access away (clearing an agreement, removing a role, deactivating) needs nobody's
//! confirmation. Correcting the date of an agreement already on record is not a grant either
//! (the access exists already), and neither is reactivating an account (its access was confirmed
//! before). Roles that cannot see personal data (the administrator's) never wait, so a one-person
//! office can always add a second administrator to confirm its grants.
//!
//! Another active administrator confirms (the grant then changes the account) or rejects it. The
//! administrator who asked cannot decide their own request, nor can an administrator decide a grant
//! to themselves. The local command line acts as the
//! built-in `system` account, which stands for whoever ran it: there, the operating-system user
//! named in the request is the one who asked, so another person at the same computer (another
//! operating-system user), or any administrator at a window, may decide it.
//!
//! A grant is void when its account changed meanwhile: it records the account's roles, agreement,
//! department and active flag when asked for, and any change to those (by an administrator's
//! edit, a deactivation, a confirmed grant) voids it at once, in the same transaction, with an
//! entry in the security log; a decision also compares the record, so a grant is never applied to
//! a situation other than the one it was asked for. A new request for the same account replaces
//! the one waiting. Every request, confirmation, rejection and voiding is in the security log.
//!
//! Not grants by a second person, written directly: the first administrator's own roles and
//! agreement at the office's set-up ([`super::accounts::bootstrap`]: there is nobody else yet),
//! the built-in `system` account, and the demo office ([`crate::store::bulk`]).

use crate::access::{Action, authorize, grant};
use crate::error::{CoreError, Result};
use crate::model::{Actor, Ctx, GrantStatus, Role, SecurityAction};
use crate::store::Store;
use crate::store::grants::{self, GrantRecord, NewGrantRow};
use crate::store::sql::Connection;
use crate::store::users::{self, UserRecord};
use crate::time::fmt_ts;
use crate::usecases::audit::{record, user_target};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// Whether `role` may see personal data (together with an agreement).
pub fn sees_personal_data(role: Role) -> bool {
    grant(role, Action::ViewPersonalData).is_some()
}

/// The access-relevant state of an account, as a grant records it.
pub(crate) fn base_of(u: &UserRecord) -> String {
    let mut roles: Vec<&str> = u.roles.iter().map(|r| r.code()).collect();
    roles.sort_unstable();
    roles.dedup();
    format!(
        "roles={};agreement={};department={};active={}",
        roles.join(","),
        u.agreement_signed_on
            .map(|d| d.to_string())
            .unwrap_or_default(),
        u.department_id,
        u.active
    )
}

fn codes(roles: &[Role]) -> Vec<&'static str> {
    roles.iter().map(|r| r.code()).collect()
}

/// Asks for a grant to account `user_id` (as it is now in `tx`) of `roles` and/or the agreement
/// date `agreement`; replaces a request waiting for the same account. Call inside the act's
/// transaction.
pub(crate) fn request(
    tx: &Connection,
    ctx: &Ctx<'_>,
    user_id: i64,
    roles: &[Role],
    agreement: Option<NaiveDate>,
) -> Result<i64> {
    void_pending(tx, ctx, user_id, "superseded")?;
    let user = users::get(tx, user_id)?;
    let id = grants::insert(
        tx,
        &NewGrantRow {
            user_id,
            roles,
            agreement_signed_on: agreement,
            base: &base_of(&user),
            requested_by: ctx.actor.user_id,
            requested_label: &ctx.actor.display_name,
            requested_at: &fmt_ts(&ctx.now),
        },
    )?;
    record(
        tx,
        ctx,
        SecurityAction::GrantRequest,
        Some(&user_target(user_id)),
        detail(id, roles, agreement),
    )?;
    Ok(id)
}

fn detail(id: i64, roles: &[Role], agreement: Option<NaiveDate>) -> serde_json::Value {
    let mut d = json!({"grant": id});
    if !roles.is_empty() {
        d["roles"] = json!(codes(roles));
    }
    if let Some(a) = agreement {
        d["agreementSignedOn"] = json!(a);
    }
    d
}

/// Voids the grants of `user_id` still waiting (its account changed: `reason` says how), each
/// with an entry in the security log. Call inside the act's transaction.
pub(crate) fn void_pending(
    tx: &Connection,
    ctx: &Ctx<'_>,
    user_id: i64,
    reason: &str,
) -> Result<()> {
    for id in grants::pending_for_user(tx, user_id)? {
        grants::decide(
            tx,
            id,
            GrantStatus::Void,
            ctx.actor.user_id,
            &ctx.actor.display_name,
            &fmt_ts(&ctx.now),
        )?;
        record(
            tx,
            ctx,
            SecurityAction::GrantVoid,
            Some(&user_target(user_id)),
            json!({"grant": id, "reason": reason}),
        )?;
    }
    Ok(())
}

/// Why `actor` may not decide `g`, if they may not: they asked for it (see the module docs for
/// the command line), or it is for themselves.
fn why_not(tx: &Connection, g: &GrantRecord, actor: &Actor) -> Result<Option<&'static str>> {
    if g.user_id == actor.user_id {
        return Ok(Some(FOR_ONESELF));
    }
    if g.requested_by != actor.user_id {
        return Ok(None);
    }
    let asked = users::system_user_id(tx)? != Some(actor.user_id)
        || g.requested_by_label == actor.display_name;
    Ok(asked.then_some(OWN_REQUEST))
}

/// The grants waiting for a decision, and how many administrators besides the reader could
/// decide them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct PendingGrants {
    pub rows: Vec<GrantRecord>,
    /// Active administrators who can sign in, other than the reader.
    pub other_administrators: i64,
}

const OWN_REQUEST: &str = "这是您提出的授权申请，须由另一位系统管理员确认或驳回。";
const FOR_ONESELF: &str = "这是授予您本人的权限，须由另一位系统管理员确认或驳回。";

/// The grants waiting for a decision, oldest first (administrators).
pub fn pending_grants(store: &Store, ctx: &Ctx<'_>) -> Result<PendingGrants> {
    authorize(ctx.actor, Action::ManageUsers, None)?;
    let conn = store.conn();
    let mut rows = grants::pending(conn)?;
    for g in &mut rows {
        let reason = why_not(conn, g, ctx.actor)?;
        g.may_decide = reason.is_none();
        g.why_not = reason.unwrap_or_default().into();
    }
    Ok(PendingGrants {
        rows,
        other_administrators: users::other_active_administrators(conn, ctx.actor.user_id)?,
    })
}

/// How many grants wait for a decision (for the administrators' workbench notice; 0 for
/// everybody else).
pub fn pending_grant_count(store: &Store, ctx: &Ctx<'_>) -> Result<i64> {
    if authorize(ctx.actor, Action::ManageUsers, None).is_err() {
        return Ok(0);
    }
    grants::pending_count(store.conn())
}

/// Loads a grant that waits and that `ctx.actor` may decide.
fn decidable(tx: &Connection, ctx: &Ctx<'_>, id: i64) -> Result<GrantRecord> {
    let g = grants::get(tx, id)?;
    if g.status != GrantStatus::Pending {
        return Err(CoreError::invalid_state(format!(
            "该授权申请{}，无需再处理。",
            g.status.label()
        )));
    }
    if let Some(reason) = why_not(tx, &g, ctx.actor)? {
        return Err(CoreError::forbidden(reason));
    }
    Ok(g)
}

/// Confirms grant `id` (another administrator than the one who asked): the account gains the
/// roles and/or agreement date. Answers the grant's status afterwards: `Confirmed`, or `Void`
/// when the account was deactivated or changed since it was asked for (it is then voided).
pub fn confirm_grant(store: &mut Store, ctx: &Ctx<'_>, id: i64) -> Result<GrantStatus> {
    authorize(ctx.actor, Action::ManageUsers, None)?;
    store.write(|tx, _| {
        let g = decidable(tx, ctx, id)?;
        let user = users::get(tx, g.user_id)?;
        if !user.active || base_of(&user) != g.base {
            void_pending(tx, ctx, g.user_id, "user_changed")?;
            return Ok(GrantStatus::Void);
        }
        apply(tx, &g, &user)?;
        grants::decide(
            tx,
            id,
            GrantStatus::Confirmed,
            ctx.actor.user_id,
            &ctx.actor.display_name,
            &fmt_ts(&ctx.now),
        )?;
        record(
            tx,
            ctx,
            SecurityAction::GrantConfirm,
            Some(&user_target(g.user_id)),
            detail(id, &g.roles, g.agreement_signed_on),
        )?;
        // Anything else still waiting for this account was asked for before this change.
        void_pending(tx, ctx, g.user_id, "user_changed")?;
        Ok(GrantStatus::Confirmed)
    })
}

/// Changes the account as grant `g` says.
pub(crate) fn apply(tx: &Connection, g: &GrantRecord, user: &UserRecord) -> Result<()> {
    if !g.roles.is_empty() {
        let mut roles = user.roles.clone();
        for r in &g.roles {
            if !roles.contains(r) {
                roles.push(*r);
            }
        }
        users::update_profile(
            tx,
            user.id,
            &user.display_name,
            user.department_id,
            &roles,
            user.active,
        )?;
    }
    if let Some(d) = g.agreement_signed_on {
        users::set_agreement(tx, user.id, Some(d))?;
    }
    Ok(())
}

/// Rejects grant `id` (another administrator than the one who asked): the account stays as it is.
pub fn reject_grant(store: &mut Store, ctx: &Ctx<'_>, id: i64) -> Result<()> {
    authorize(ctx.actor, Action::ManageUsers, None)?;
    store.write(|tx, _| {
        let g = decidable(tx, ctx, id)?;
        grants::decide(
            tx,
            id,
            GrantStatus::Rejected,
            ctx.actor.user_id,
            &ctx.actor.display_name,
            &fmt_ts(&ctx.now),
        )?;
        record(
            tx,
            ctx,
            SecurityAction::GrantReject,
            Some(&user_target(g.user_id)),
            json!({"grant": id}),
        )?;
        Ok(())
    })
}
