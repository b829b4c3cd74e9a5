//! The security log and the chained access log (migration 009): every administrative and security
//! act leaves one entry in its own transaction, the rows cannot be updated or deleted through
//! SQL, `check` finds any edit or removal made around the triggers, and the filters of the
//! administrators' screens.

mod common;

use chrono::{Duration, NaiveDate};
use common::*;
use minyi_core::check::check;
use minyi_core::model::*;
use minyi_core::store::security_log::{AccessLogFilter, SecurityLogFilter};
use minyi_core::usecases::accounts::{
    NewUser, change_password, create_user, record_agreement, reset_password, sign_in, update_user,
};
use minyi_core::usecases::audit::{access_log, security_log};
use minyi_core::usecases::calendar_admin::{clear_day, set_day};
use minyi_core::usecases::settings_admin::set_setting;
use minyi_core::{ErrorCode, Store};
use minyi_demo::DEMO_PASSWORD;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Every entry, oldest first, as (action, actor id, target, detail).
fn entries(
    store: &Store,
    admin: &Actor,
) -> Vec<(
    SecurityAction,
    Option<i64>,
    Option<String>,
    serde_json::Value,
)> {
    let ctx = Ctx::new(admin, at("2026-11-30T09:00:00+08:00"));
    let mut rows = security_log(store, &ctx, &SecurityLogFilter::default(), 0, 1000)
        .unwrap()
        .rows;
    rows.reverse();
    rows.into_iter()
        .map(|e| (e.action, e.actor_id, e.target, e.detail))
        .collect()
}

fn actions(store: &Store, admin: &Actor) -> Vec<SecurityAction> {
    entries(store, admin).into_iter().map(|e| e.0).collect()
}

fn problems(store: &Store) -> Vec<String> {
    check(store).unwrap().problems
}

#[test]
fn account_acts_each_leave_one_entry_without_passwords() {
    let mut env = env();
    let o = env.office.clone();
    let now = at("2026-11-20T09:00:00+08:00");
    let ctx = Ctx::new(&o.admin, now);
    let before = actions(&env.store, &o.admin).len();
    let id = create_user(
        &mut env.store,
        &ctx,
        &NewUser {
            username: "xinren2".into(),
            display_name: "新同事".into(),
            department_id: o.office_department,
            roles: vec![Role::IntakeClerk],
            password: "Xinren2026!".into(),
            agreement_signed_on: None,
        },
    )
    .unwrap();
    update_user(
        &mut env.store,
        &ctx,
        id,
        "新同事",
        o.office_department,
        &[Role::IntakeClerk, Role::AppealsOffice],
        true,
    )
    .unwrap();
    record_agreement(&mut env.store, &ctx, id, Some(day(2026, 11, 19))).unwrap();
    record_agreement(&mut env.store, &ctx, id, None).unwrap();
    reset_password(&mut env.store, &ctx, id, "Reset2026!x").unwrap();
    update_user(
        &mut env.store,
        &ctx,
        id,
        "新同事",
        o.office_department,
        &[Role::IntakeClerk, Role::AppealsOffice],
        false,
    )
    .unwrap();
    let all = entries(&env.store, &o.admin);
    let mine: Vec<_> = all[before..].to_vec();
    let got: Vec<SecurityAction> = mine.iter().map(|e| e.0).collect();
    assert_eq!(
        got,
        vec![
            SecurityAction::UserCreate,
            SecurityAction::RoleChange,
            // The clerk's first agreement waits for a second administrator; "none" withdraws it.
            SecurityAction::GrantRequest,
            SecurityAction::GrantVoid,
            SecurityAction::PasswordReset,
            SecurityAction::UserDeactivate,
        ]
    );
    let target = format!("user:{id}");
    for e in &mine {
        assert_eq!(e.1, Some(o.admin.user_id));
        assert_eq!(e.2.as_deref(), Some(target.as_str()));
        let text = e.3.to_string();
        assert!(
            !text.contains("Reset2026") && !text.contains("Xinren2026"),
            "{text}"
        );
    }
    assert_eq!(mine[1].3["from"], serde_json::json!(["intake_clerk"]));
    assert_eq!(
        mine[1].3["to"],
        serde_json::json!(["intake_clerk", "appeals_office"])
    );
    // A refused act leaves nothing: the clerk may not create users.
    let clerk_ctx = Ctx::new(&o.clerk, now);
    let n = actions(&env.store, &o.admin).len();
    let e = reset_password(&mut env.store, &clerk_ctx, id, "Another2026!").unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert_eq!(actions(&env.store, &o.admin).len(), n);
    assert!(problems(&env.store).is_empty());
}

#[test]
fn sign_ins_failures_and_lockouts_are_logged_and_unknown_names_are_not_echoed() {
    let mut env = env();
    let o = env.office.clone();
    let t0 = at("2026-11-20T09:00:00+08:00");
    let before = actions(&env.store, &o.admin).len();
    sign_in(&mut env.store, "jiedai", DEMO_PASSWORD, t0).unwrap();
    for _ in 0..5 {
        sign_in(&mut env.store, "jiedai", "wrong-password", t0).unwrap_err();
    }
    sign_in(
        &mut env.store,
        "jiedai",
        DEMO_PASSWORD,
        t0 + Duration::minutes(1),
    )
    .unwrap_err();
    sign_in(&mut env.store, "my-secret-pw", DEMO_PASSWORD, t0).unwrap_err();
    let me = sign_in(
        &mut env.store,
        "jiedai",
        DEMO_PASSWORD,
        t0 + Duration::minutes(20),
    )
    .unwrap();
    let all = entries(&env.store, &o.admin);
    let mine = &all[before..];
    let got: Vec<SecurityAction> = mine.iter().map(|e| e.0).collect();
    use SecurityAction::*;
    assert_eq!(
        got,
        vec![
            SignIn,
            SignInFailed,
            SignInFailed,
            SignInFailed,
            SignInFailed,
            SignInFailed,
            Lockout,
            SignInFailed,
            SignInFailed,
            SignIn,
        ]
    );
    assert_eq!(mine[0].1, Some(me.user_id));
    assert_eq!(mine[5].3["attempt"], 5);
    assert_eq!(mine[6].3["minutes"], 15);
    assert_eq!(mine[7].3["reason"], "locked");
    assert_eq!(mine[8].1, None);
    assert_eq!(mine[8].3["reason"], "unknown_username");
    let raw: i64 = query_i64(
        &env.store,
        "SELECT count(*) FROM security_log WHERE actor_label LIKE '%my-secret-pw%' OR detail LIKE '%my-secret-pw%' OR target LIKE '%my-secret-pw%'",
    );
    assert_eq!(raw, 0);
    assert!(problems(&env.store).is_empty());
}

fn query_i64(store: &Store, sql: &str) -> i64 {
    store
        .sql_layer_for_tests()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn settings_and_calendar_edits_are_logged_with_key_and_values() {
    let mut env = env();
    let o = env.office.clone();
    let ctx = Ctx::new(&o.admin, at("2026-11-20T09:00:00+08:00"));
    let before = actions(&env.store, &o.admin).len();
    set_setting(&mut env.store, &ctx, "lockout.max_failures", "3").unwrap();
    // Storing the same value again changes nothing and logs nothing.
    set_setting(&mut env.store, &ctx, "lockout.max_failures", "3").unwrap();
    set_day(&mut env.store, &ctx, day(2026, 12, 30), true, "").unwrap();
    clear_day(&mut env.store, &ctx, day(2026, 12, 30)).unwrap();
    let all = entries(&env.store, &o.admin);
    let mine = &all[before..];
    assert_eq!(
        mine.iter().map(|e| e.0).collect::<Vec<_>>(),
        vec![
            SecurityAction::SettingChange,
            SecurityAction::CalendarSetDay,
            SecurityAction::CalendarClearDay
        ]
    );
    assert_eq!(mine[0].2.as_deref(), Some("setting:lockout.max_failures"));
    assert_eq!(mine[0].3["from"], "5");
    assert_eq!(mine[0].3["to"], "3");
    assert_eq!(mine[1].2.as_deref(), Some("date:2026-12-30"));
}

#[test]
fn changing_ones_own_password_is_logged() {
    let mut env = env();
    let o = env.office.clone();
    let ctx = Ctx::new(&o.clerk, at("2026-11-20T09:00:00+08:00"));
    change_password(&mut env.store, &ctx, DEMO_PASSWORD, "Newpass2026!").unwrap();
    let all = entries(&env.store, &o.admin);
    let last = all.last().unwrap();
    assert_eq!(last.0, SecurityAction::PasswordChange);
    assert_eq!(last.1, Some(o.clerk.user_id));
}

#[test]
fn a_wrong_current_password_counts_towards_the_lockout_and_a_locked_account_cannot_change_it() {
    let mut env = env();
    let o = env.office.clone();
    let t0 = at("2026-11-20T09:00:00+08:00");
    let login = env.store.user(o.clerk.user_id).unwrap().username;
    let ctx = Ctx::new(&o.clerk, t0);
    let before = actions(&env.store, &o.admin).len();
    // Guesses here and at sign-in count towards the same five.
    for _ in 0..2 {
        let e =
            change_password(&mut env.store, &ctx, "wrong-password", "Newpass2026!").unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        assert_eq!(e.field.as_deref(), Some("oldPassword"));
        assert_eq!(e.message, "原密码不正确。连续输错5次，账号将被锁定15分钟。");
    }
    for _ in 0..2 {
        sign_in(&mut env.store, &login, "wrong-password", t0).unwrap_err();
    }
    let e = change_password(&mut env.store, &ctx, "wrong-password", "Newpass2026!").unwrap_err();
    assert_eq!(e.code, ErrorCode::Locked);
    // Locked: the right password neither changes it nor signs in until the lock ends.
    let e = change_password(&mut env.store, &ctx, DEMO_PASSWORD, "Newpass2026!").unwrap_err();
    assert_eq!(e.code, ErrorCode::Locked);
    let e = sign_in(&mut env.store, &login, DEMO_PASSWORD, t0).unwrap_err();
    assert_eq!(e.code, ErrorCode::Locked);
    // After it, the right password changes it and starts the count afresh.
    let later = Ctx::new(&o.clerk, t0 + Duration::minutes(16));
    change_password(&mut env.store, &later, DEMO_PASSWORD, "Newpass2026!").unwrap();
    assert_eq!(env.store.user(o.clerk.user_id).unwrap().failed_attempts, 0);
    sign_in(
        &mut env.store,
        &login,
        "Newpass2026!",
        t0 + Duration::minutes(17),
    )
    .unwrap();

    let all = entries(&env.store, &o.admin);
    let mine = &all[before..];
    use SecurityAction::*;
    assert_eq!(
        mine.iter().map(|e| e.0).collect::<Vec<_>>(),
        vec![
            PasswordChangeFailed,
            PasswordChangeFailed,
            SignInFailed,
            SignInFailed,
            PasswordChangeFailed,
            Lockout,
            PasswordChangeFailed,
            SignInFailed,
            PasswordChange,
            SignIn,
        ]
    );
    assert_eq!(mine[4].3["attempt"], 5);
    assert_eq!(mine[6].3["reason"], "locked");
    assert!(mine.iter().all(|e| e.1 == Some(o.clerk.user_id)));
    assert!(problems(&env.store).is_empty());
}

/// `stmt` (an UPDATE or DELETE of `table`) run around the table's append-only trigger: SQLite's
/// holder of the file drops it; PostgreSQL's owner of the table disables it and enables it again.
fn around_trigger(table: &str, stmt: &str) -> String {
    if minyi_core::testing::on_postgres() {
        format!(
            "ALTER TABLE {table} DISABLE TRIGGER {table}_append_only; {stmt} \
             ALTER TABLE {table} ENABLE TRIGGER {table}_append_only;"
        )
    } else {
        let kind = if stmt.starts_with("UPDATE") {
            "update"
        } else {
            "delete"
        };
        format!("DROP TRIGGER {table}_no_{kind}; {stmt}")
    }
}

#[test]
fn rows_cannot_be_updated_or_deleted_and_tampering_around_the_triggers_is_found() {
    let mut env = env();
    let o = env.office.clone();
    let ctx = Ctx::new(&o.admin, at("2026-11-20T09:00:00+08:00"));
    set_setting(&mut env.store, &ctx, "lockout.max_failures", "4").unwrap();
    set_setting(&mut env.store, &ctx, "lockout.max_failures", "6").unwrap();
    let id = registered(&mut env, "complaint", false);
    for _ in 0..2 {
        minyi_core::queries::detail::detail(
            &env.store,
            &Ctx::new(&o.office, at("2026-11-20T11:00:00+08:00")),
            id,
            minyi_core::queries::detail::PersonalData::Full,
        )
        .unwrap();
    }
    assert!(problems(&env.store).is_empty());
    let sql = env.store.sql_layer_for_tests();
    for stmt in [
        "UPDATE security_log SET actor_label = 'x'",
        "DELETE FROM security_log",
        "UPDATE access_log SET purpose = 'x'",
        "DELETE FROM access_log",
    ] {
        let e = sql.execute(stmt, []).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{stmt}: {e}");
    }
    // Someone holding the file (or owning the tables) gets round the triggers and edits a row:
    // `check` names it.
    sql.execute_batch(&around_trigger(
        "security_log",
        "UPDATE security_log SET detail = '{}' WHERE action = 'setting_change' AND id = (SELECT min(id) FROM security_log WHERE action = 'setting_change');",
    ))
    .unwrap();
    let p = problems(&env.store);
    assert!(
        p.iter()
            .any(|p| p.contains("安全日志") && p.contains("校验失败")),
        "{p:?}"
    );
    sql.execute_batch(&around_trigger(
        "access_log",
        "DELETE FROM access_log WHERE id = (SELECT min(id) FROM access_log);",
    ))
    .unwrap();
    let p = problems(&env.store);
    assert!(
        p.iter()
            .any(|p| p.contains("个人信息访问记录") && p.contains("校验失败")),
        "{p:?}"
    );
}

#[test]
fn the_logs_filter_by_who_what_and_when_for_administrators_only() {
    let mut env = env();
    let o = env.office.clone();
    let t0 = at("2026-11-20T09:00:00+08:00");
    sign_in(&mut env.store, "jiedai", DEMO_PASSWORD, t0).unwrap();
    sign_in(&mut env.store, "jiedai", "wrong", t0 + Duration::days(1)).unwrap_err();
    sign_in(
        &mut env.store,
        "bangongshi",
        DEMO_PASSWORD,
        t0 + Duration::days(1),
    )
    .unwrap();
    let id = registered(&mut env, "complaint", false);
    minyi_core::queries::detail::detail(
        &env.store,
        &Ctx::new(&o.office, at("2026-11-21T11:00:00+08:00")),
        id,
        minyi_core::queries::detail::PersonalData::Full,
    )
    .unwrap();
    let ctx = Ctx::new(&o.admin, at("2026-11-30T09:00:00+08:00"));
    let page = security_log(
        &env.store,
        &ctx,
        &SecurityLogFilter {
            actor_id: Some(o.clerk.user_id),
            ..Default::default()
        },
        0,
        50,
    )
    .unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(page.rows[0].action, SecurityAction::SignInFailed);
    assert_eq!(page.rows[0].action_label, "登录失败");
    let page = security_log(
        &env.store,
        &ctx,
        &SecurityLogFilter {
            action: Some(SecurityAction::SignIn),
            from: Some(day(2026, 11, 21)),
            to: Some(day(2026, 11, 21)),
            ..Default::default()
        },
        0,
        50,
    )
    .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.rows[0].actor_id, Some(o.office.user_id));
    // Paging: one row at a time, newest first.
    let all = security_log(&env.store, &ctx, &SecurityLogFilter::default(), 0, 1).unwrap();
    assert_eq!(all.rows.len(), 1);
    assert!(all.total >= 3);
    let access = access_log(
        &env.store,
        &ctx,
        &AccessLogFilter {
            user_id: Some(o.office.user_id),
            what: Some(AccessKind::Appellant),
            ..Default::default()
        },
        0,
        50,
    )
    .unwrap();
    assert_eq!(access.total, 1);
    assert_eq!(access.rows[0].appeal_id, Some(id));
    assert!(access.rows[0].reg_number.is_some());
    // Not for anyone else.
    let clerk = Ctx::new(&o.clerk, t0);
    let e = security_log(&env.store, &clerk, &SecurityLogFilter::default(), 0, 50).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let e = access_log(&env.store, &clerk, &AccessLogFilter::default(), 0, 50).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
}

#[test]
fn access_rows_written_before_version_9_are_chained_by_the_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v8.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("fixtures/schema_v8.sql"))
            .unwrap();
        conn.execute_batch(
            "INSERT INTO access_log(at, user_id, appeal_id, what, purpose) VALUES
               ('2026-11-21T09:00:00+08:00', 2, 1, 'appellant', '查看诉求详情'),
               ('2026-11-21T09:05:00+08:00', 3, NULL, 'appeal_ledger_export', '导出诉求台账');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(
        query_i64(&store, "SELECT count(*) FROM access_log WHERE hash IS NULL"),
        0
    );
    assert!(problems(&store).is_empty(), "{:?}", problems(&store));
    let e = store
        .sql_for_tests()
        .execute("UPDATE access_log SET purpose = 'x' WHERE id = 1", [])
        .unwrap_err();
    assert!(e.to_string().contains("append-only"));
}

#[test]
fn the_last_active_administrator_can_be_neither_demoted_nor_deactivated() {
    let mut env = env();
    let o = env.office.clone();
    let ctx = Ctx::new(&o.admin, at("2026-11-20T09:00:00+08:00"));
    let me = o.admin.user_id;
    let dept = o.admin.department_id;
    let n = actions(&env.store, &o.admin).len();
    for (roles, active) in [
        (vec![Role::AppealsOffice], true),
        (o.admin.roles.clone(), false),
    ] {
        let e = update_user(
            &mut env.store,
            &ctx,
            me,
            &o.admin.display_name,
            dept,
            &roles,
            active,
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidState);
        assert!(e.message.contains("最后一位"), "{}", e.message);
    }
    assert_eq!(actions(&env.store, &o.admin).len(), n);
    // With a second administrator, the first may step down.
    let second = create_user(
        &mut env.store,
        &ctx,
        &NewUser {
            username: "guanli2".into(),
            display_name: "第二管理员".into(),
            department_id: dept,
            roles: vec![Role::Administrator],
            password: "Guanli-2026!".into(),
            agreement_signed_on: None,
        },
    )
    .unwrap();
    update_user(
        &mut env.store,
        &ctx,
        me,
        &o.admin.display_name,
        dept,
        &[Role::AppealsOffice],
        true,
    )
    .unwrap();
    // Now the second is the last one.
    let second_actor = sign_in(
        &mut env.store,
        "guanli2",
        "Guanli-2026!",
        at("2026-11-20T10:00:00+08:00"),
    )
    .unwrap();
    assert_eq!(second_actor.user_id, second);
    let ctx2 = Ctx::new(&second_actor, at("2026-11-20T10:00:00+08:00"));
    let e = update_user(
        &mut env.store,
        &ctx2,
        second,
        "第二管理员",
        dept,
        &[Role::Administrator],
        false,
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidState);
}

#[test]
fn a_truncated_log_or_an_older_file_put_back_is_found_through_the_anchored_heads() {
    let mut env = env();
    let o = env.office.clone();
    let ctx = Ctx::new(&o.admin, at("2026-11-20T09:00:00+08:00"));
    set_setting(&mut env.store, &ctx, "lockout.max_failures", "4").unwrap();
    assert!(problems(&env.store).is_empty());
    let anchor = if minyi_core::testing::on_postgres() {
        env.dir.path().join(minyi_core::check::PG_ANCHOR)
    } else {
        env.dir.path().join("minyi.db.heads.json")
    };
    assert!(anchor.is_file());
    assert!(
        minyi_core::check::quick_check(&env.store)
            .unwrap()
            .is_empty()
    );
    set_setting(&mut env.store, &ctx, "lockout.max_failures", "6").unwrap();
    assert!(problems(&env.store).is_empty());
    // Removing the newest entries keeps the chain consistent; the anchored head is gone.
    env.store
        .sql_layer_for_tests()
        .execute_batch(&around_trigger(
            "security_log",
            "DELETE FROM security_log WHERE id = (SELECT max(id) FROM security_log);",
        ))
        .unwrap();
    let p = problems(&env.store);
    assert!(
        p.len() == 1 && p[0].contains("安全日志") && p[0].contains("校验点"),
        "{p:?}"
    );
    let quick = minyi_core::check::quick_check(&env.store).unwrap();
    assert!(quick.iter().any(|q| q.contains("校验点")), "{quick:?}");
}

#[test]
fn the_quick_check_finds_a_broken_link_near_the_head() {
    let mut env = env();
    let o = env.office.clone();
    let ctx = Ctx::new(&o.admin, at("2026-11-20T09:00:00+08:00"));
    set_setting(&mut env.store, &ctx, "lockout.max_failures", "4").unwrap();
    set_setting(&mut env.store, &ctx, "lockout.max_failures", "6").unwrap();
    env.store
        .sql_layer_for_tests()
        .execute_batch(&around_trigger(
            "security_log",
            "DELETE FROM security_log WHERE id = (SELECT max(id) - 1 FROM security_log);",
        ))
        .unwrap();
    let quick = minyi_core::check::quick_check(&env.store).unwrap();
    let ids: Vec<i64> = env
        .store
        .sql_layer_for_tests()
        .prepare("SELECT id FROM security_log")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(
        quick.iter().any(|q| q.contains("安全日志")),
        "{quick:?} {ids:?}"
    );
}
