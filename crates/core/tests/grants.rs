//! A second administrator confirms every personal-data grant (issue 17 §2): the granting part of
//! an act waits, the requester cannot decide it, another administrator confirms (access) or
//! rejects (none), a change of the account voids it, taking access away is immediate, and every
//! step is in the security log.

mod common;

use common::*;
use minyi_core::ErrorCode;
use minyi_core::access::may_see_personal_data;
use minyi_core::model::*;
use minyi_core::store::security_log::SecurityLogFilter;
use minyi_core::usecases::accounts::{
    NewUser, create_user, ensure_system_user, record_agreement, sign_in, update_user,
};
use minyi_core::usecases::audit::security_log;
use minyi_core::usecases::grants::{confirm_grant, pending_grants, reject_grant};
use minyi_core::{Store, testing};

const PW: &str = "Xinren-2026!";

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    at("2026-11-20T09:00:00+08:00")
}

fn today() -> chrono::NaiveDate {
    now().date_naive()
}

fn new_user(login: &str, roles: &[Role], agreement: bool) -> NewUser {
    NewUser {
        username: login.into(),
        display_name: "新同事".into(),
        department_id: 1,
        roles: roles.to_vec(),
        password: PW.into(),
        agreement_signed_on: agreement.then(today),
    }
}

fn me(store: &mut Store, login: &str) -> Actor {
    sign_in(store, login, PW, now()).unwrap()
}

/// The security log's (action, actor id, target, detail) rows after the first `skip`.
fn log_after(
    store: &Store,
    reader: &Actor,
    skip: usize,
) -> Vec<(SecurityAction, Option<i64>, serde_json::Value)> {
    let ctx = Ctx::new(reader, now());
    let mut rows = security_log(store, &ctx, &SecurityLogFilter::default(), 0, 1000)
        .unwrap()
        .rows;
    rows.reverse();
    rows.into_iter()
        .skip(skip)
        .filter(|e| e.action != SecurityAction::SignIn)
        .map(|e| (e.action, e.actor_id, e.detail))
        .collect()
}

fn log_len(store: &Store, reader: &Actor) -> usize {
    let ctx = Ctx::new(reader, now());
    security_log(store, &ctx, &SecurityLogFilter::default(), 0, 1000)
        .unwrap()
        .rows
        .len()
}

#[test]
fn a_new_colleague_with_an_agreement_waits_until_a_second_administrator_confirms() {
    let mut env = env();
    let admin = env.office.admin.clone();
    let ctx = Ctx::new(&admin, now());
    let start = log_len(&env.store, &admin);
    let id = create_user(
        &mut env.store,
        &ctx,
        &new_user("xin", &[Role::IntakeClerk], true),
    )
    .unwrap();
    // The account exists and may sign in and work, but without the agreement: data stays masked.
    let clerk = me(&mut env.store, "xin");
    assert_eq!(clerk.agreement_signed_on, None);
    assert!(!may_see_personal_data(&clerk, None, today()));

    // One administrator: the request waits, the list says so and why they may not decide it.
    let list = pending_grants(&env.store, &ctx).unwrap();
    assert_eq!(list.other_administrators, 0);
    assert_eq!(list.rows.len(), 1);
    let g = &list.rows[0];
    assert_eq!((g.user_id, g.agreement_signed_on), (id, Some(today())));
    assert!(g.roles.is_empty());
    assert_eq!(g.requested_by, admin.user_id);
    assert!(!g.may_decide);
    assert!(g.why_not.contains("另一位系统管理员"), "{}", g.why_not);

    // The requester cannot confirm their own.
    let e = confirm_grant(&mut env.store, &ctx, g.id).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert!(is_chinese(&e.message));
    let e = reject_grant(&mut env.store, &ctx, g.id).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    // Nor can someone who is not an administrator.
    let office = env.office.office.clone();
    let e = confirm_grant(&mut env.store, &Ctx::new(&office, now()), g.id).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(me(&mut env.store, "xin").agreement_signed_on, None);

    // A second administrator confirms: access.
    let second = second_admin(&mut env, now());
    assert_eq!(
        pending_grants(&env.store, &ctx)
            .unwrap()
            .other_administrators,
        1
    );
    let mine = pending_grants(&env.store, &Ctx::new(&second, now())).unwrap();
    assert!(mine.rows[0].may_decide && mine.rows[0].why_not.is_empty());
    let status = confirm_grant(&mut env.store, &Ctx::new(&second, now()), g.id).unwrap();
    assert_eq!(status, GrantStatus::Confirmed);
    let clerk = me(&mut env.store, "xin");
    assert_eq!(clerk.agreement_signed_on, Some(today()));
    assert!(may_see_personal_data(&clerk, None, today()));
    assert!(pending_grants(&env.store, &ctx).unwrap().rows.is_empty());
    let e = confirm_grant(&mut env.store, &Ctx::new(&second, now()), g.id).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);

    let rows = log_after(&env.store, &admin, start);
    let acts: Vec<_> = rows.iter().map(|r| (r.0, r.1)).collect();
    assert_eq!(
        acts,
        vec![
            (SecurityAction::UserCreate, Some(admin.user_id)),
            (SecurityAction::GrantRequest, Some(admin.user_id)),
            (SecurityAction::UserCreate, Some(admin.user_id)),
            (SecurityAction::GrantConfirm, Some(second.user_id)),
        ]
    );
    assert_eq!(rows[0].2["agreementSignedOn"], serde_json::Value::Null);
    assert_eq!(rows[1].2["grant"], serde_json::json!(g.id));
    assert_eq!(rows[1].2["agreementSignedOn"], serde_json::json!(today()));
    assert!(minyi_core::check::check(&env.store).unwrap().ok());
}

#[test]
fn an_added_role_waits_while_the_rest_of_the_change_applies_and_a_rejection_leaves_no_access() {
    let mut env = env();
    let admin = env.office.admin.clone();
    let ctx = Ctx::new(&admin, now());
    // The administrator's role sees no personal data: with an agreement it applies at once.
    let id = create_user(
        &mut env.store,
        &ctx,
        &new_user("xin", &[Role::Administrator], true),
    )
    .unwrap();
    assert_eq!(me(&mut env.store, "xin").agreement_signed_on, Some(today()));
    assert!(pending_grants(&env.store, &ctx).unwrap().rows.is_empty());

    update_user(
        &mut env.store,
        &ctx,
        id,
        "改名同事",
        1,
        &[Role::Administrator, Role::Management],
        true,
    )
    .unwrap();
    let u = me(&mut env.store, "xin");
    assert_eq!(u.display_name, "改名同事", "the rest applies");
    assert_eq!(u.roles, vec![Role::Administrator], "the role waits");
    assert!(!may_see_personal_data(&u, None, today()));
    let list = pending_grants(&env.store, &ctx).unwrap();
    assert_eq!(list.rows.len(), 1);
    assert_eq!(list.rows[0].roles, vec![Role::Management]);
    // "xin" is an administrator too, but may not decide a grant to themselves.
    let g = list.rows[0].id;
    let e = reject_grant(&mut env.store, &Ctx::new(&u, now()), g).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    // Another administrator rejects it: no access.
    let second = second_admin(&mut env, now());
    let start = log_len(&env.store, &admin);
    reject_grant(&mut env.store, &Ctx::new(&second, now()), g).unwrap();
    let u = me(&mut env.store, "xin");
    assert_eq!(u.roles, vec![Role::Administrator]);
    assert!(!may_see_personal_data(&u, None, today()));
    assert!(pending_grants(&env.store, &ctx).unwrap().rows.is_empty());
    let rows = log_after(&env.store, &admin, start);
    assert_eq!(rows[0].0, SecurityAction::GrantReject);
    assert_eq!(rows[0].1, Some(second.user_id));
    let e = confirm_grant(&mut env.store, &Ctx::new(&second, now()), g).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert!(e.message.contains("已驳回"), "{}", e.message);

    // Asked again and confirmed by the other administrator: the role is added.
    update_user(
        &mut env.store,
        &ctx,
        id,
        "改名同事",
        1,
        &[Role::Administrator, Role::Management],
        true,
    )
    .unwrap();
    let g = pending_grants(&env.store, &ctx).unwrap().rows[0].id;
    let status = confirm_grant(&mut env.store, &Ctx::new(&second, now()), g).unwrap();
    assert_eq!(status, GrantStatus::Confirmed);
    let u = me(&mut env.store, "xin");
    assert_eq!(u.roles, vec![Role::Administrator, Role::Management]);
    assert!(may_see_personal_data(&u, None, today()));
}

#[test]
fn a_grant_is_void_when_its_account_is_deactivated_or_changed() {
    let mut env = env();
    let admin = env.office.admin.clone();
    let ctx = Ctx::new(&admin, now());
    let second = second_admin(&mut env, now());
    let id = create_user(
        &mut env.store,
        &ctx,
        &new_user("xin", &[Role::Handler], true),
    )
    .unwrap();
    let g = pending_grants(&env.store, &ctx).unwrap().rows[0].id;
    // Deactivated meanwhile: voided at once, with an entry; confirming it is refused.
    let start = log_len(&env.store, &admin);
    update_user(
        &mut env.store,
        &ctx,
        id,
        "新同事",
        1,
        &[Role::Handler],
        false,
    )
    .unwrap();
    assert!(pending_grants(&env.store, &ctx).unwrap().rows.is_empty());
    let rows = log_after(&env.store, &admin, start);
    assert_eq!(rows[0].0, SecurityAction::GrantVoid);
    assert_eq!(rows[0].2["reason"], "user_changed");
    let e = confirm_grant(&mut env.store, &Ctx::new(&second, now()), g).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
    assert!(e.message.contains("已作废"), "{}", e.message);
    update_user(
        &mut env.store,
        &ctx,
        id,
        "新同事",
        1,
        &[Role::Handler],
        true,
    )
    .unwrap();
    assert_eq!(
        me(&mut env.store, "xin").agreement_signed_on,
        None,
        "reactivating grants nothing"
    );

    // Changed behind the use cases' back (another department): the decision voids it.
    record_agreement(&mut env.store, &ctx, id, Some(today())).unwrap();
    let g = pending_grants(&env.store, &ctx).unwrap().rows[0].id;
    let other = env.office.departments[1].0;
    env.store
        .sql_layer_for_tests()
        .execute(
            &format!("UPDATE users SET department_id = {other} WHERE id = {id}"),
            [],
        )
        .unwrap();
    let status = confirm_grant(&mut env.store, &Ctx::new(&second, now()), g).unwrap();
    assert_eq!(status, GrantStatus::Void);
    assert_eq!(me(&mut env.store, "xin").agreement_signed_on, None);
    assert!(pending_grants(&env.store, &ctx).unwrap().rows.is_empty());

    // A new request replaces the one waiting.
    record_agreement(&mut env.store, &ctx, id, Some(today())).unwrap();
    record_agreement(&mut env.store, &ctx, id, today().pred_opt()).unwrap();
    let list = pending_grants(&env.store, &ctx).unwrap();
    assert_eq!(list.rows.len(), 1);
    assert_eq!(list.rows[0].agreement_signed_on, today().pred_opt());
}

#[test]
fn taking_access_away_needs_no_confirmation() {
    let mut env = env();
    let admin = env.office.admin.clone();
    let ctx = Ctx::new(&admin, now());
    let id = create_user(
        &mut env.store,
        &ctx,
        &new_user("xin", &[Role::IntakeClerk, Role::AppealsOffice], true),
    )
    .unwrap();
    assert_eq!(testing::confirm_grants_directly(&mut env.store).unwrap(), 1);
    assert!(may_see_personal_data(
        &me(&mut env.store, "xin"),
        None,
        today()
    ));
    let start = log_len(&env.store, &admin);
    update_user(
        &mut env.store,
        &ctx,
        id,
        "新同事",
        1,
        &[Role::IntakeClerk],
        true,
    )
    .unwrap();
    assert_eq!(me(&mut env.store, "xin").roles, vec![Role::IntakeClerk]);
    record_agreement(&mut env.store, &ctx, id, None).unwrap();
    let u = me(&mut env.store, "xin");
    assert_eq!(u.agreement_signed_on, None);
    assert!(!may_see_personal_data(&u, None, today()));
    assert!(pending_grants(&env.store, &ctx).unwrap().rows.is_empty());
    let acts: Vec<_> = log_after(&env.store, &admin, start)
        .into_iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(
        acts,
        vec![SecurityAction::RoleChange, SecurityAction::AgreementClear]
    );
}

#[test]
fn on_the_command_line_another_operating_system_user_may_confirm() {
    let mut env = env();
    let system = ensure_system_user(&mut env.store, now()).unwrap();
    let as_os = |label: &str| Actor {
        display_name: minyi_core::usecases::audit::console_label(label),
        ..system.clone()
    };
    let alice = as_os("alice");
    let id = create_user(
        &mut env.store,
        &Ctx::new(&alice, now()),
        &new_user("xin", &[Role::Handler], false),
    )
    .unwrap();
    record_agreement(&mut env.store, &Ctx::new(&alice, now()), id, Some(today())).unwrap();
    let g = pending_grants(&env.store, &Ctx::new(&alice, now()))
        .unwrap()
        .rows[0]
        .clone();
    assert!(!g.may_decide);
    let e = confirm_grant(&mut env.store, &Ctx::new(&alice, now()), g.id).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let bob = as_os("bob");
    assert!(
        pending_grants(&env.store, &Ctx::new(&bob, now()))
            .unwrap()
            .rows[0]
            .may_decide
    );
    confirm_grant(&mut env.store, &Ctx::new(&bob, now()), g.id).unwrap();
    assert_eq!(me(&mut env.store, "xin").agreement_signed_on, Some(today()));
}
