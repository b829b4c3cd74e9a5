//! The idle lock of a desk over a real office: every call after the idle time is refused with
//! `window_locked` (whatever the window shows), input moves the deadline and calls do not, the
//! same user unlocks with their password, wrong passwords at the lock screen count towards the
//! account's lockout and end the session when it locks, and the lock and unlock are logged.

mod common;

use common::{Desk, PASSWORD, refused};
use minyi_core::ErrorCode;
use minyi_core::model::{Role, SecurityAction};
use minyi_core::queries::list::ListFilter;
use minyi_core::store::security_log::SecurityLogFilter;
use minyi_service::commands::admin::SetSetting;
use minyi_service::commands::appeals::ListAppeals;
use minyi_service::commands::audit::GetSecurityLog;
use minyi_service::idle_lock::{DeskSession, Moment};
use minyi_service::{Call, Caller, Reply};
use std::time::Duration;

const MINUTE: Duration = Duration::from_secs(60);

/// Lists appeals as the window would at `at`: through the gate, then the command surface.
fn list_at(desk: &Desk, session: &DeskSession, at: Moment) -> minyi_core::Result<Reply> {
    let caller = session.admit(&desk.office, at)?;
    Ok(
        Call::new(&desk.office, &desk.host, caller).run(ListAppeals {
            filter: ListFilter::default(),
        }),
    )
}

fn log(desk: &Desk) -> Vec<(SecurityAction, Option<i64>, serde_json::Value)> {
    let mut rows = desk
        .run(GetSecurityLog {
            filter: SecurityLogFilter::default(),
            offset: 0,
            limit: 100,
        })
        .unwrap()
        .rows;
    rows.reverse();
    rows.into_iter()
        .map(|e| (e.action, e.actor_id, e.detail))
        .collect()
}

#[test]
fn a_call_after_the_idle_time_is_refused_until_the_same_user_unlocks() {
    let desk = Desk::new(true);
    let session = DeskSession::new();
    let t0 = Moment::now();
    session.begin(&desk.office, desk.user_id, t0).unwrap();
    assert_eq!(session.caller(), Caller::Session(desk.user_id));

    // Just before the default 15 minutes: the call runs as the signed-in user.
    let reply = list_at(
        &desk,
        &session,
        t0.after(15 * MINUTE - Duration::from_secs(1)),
    )
    .unwrap();
    reply.result.unwrap();
    let state = session.state(&desk.office, t0.after(14 * MINUTE)).unwrap();
    assert!(!state.locked);
    assert_eq!((state.idle_minutes, state.remaining_seconds), (15, 60));

    // Just after: refused, in Chinese, and so is every later call and input.
    let e = refused(
        list_at(&desk, &session, t0.after(15 * MINUTE)),
        ErrorCode::WindowLocked,
    );
    assert_eq!(
        e.message,
        "长时间无操作，窗口已锁定。请输入密码解锁后继续，或切换用户。"
    );
    refused(
        list_at(&desk, &session, t0.after(16 * MINUTE)),
        ErrorCode::WindowLocked,
    );
    refused(
        session.input(&desk.office, t0.after(16 * MINUTE)),
        ErrorCode::WindowLocked,
    );
    assert!(
        session
            .state(&desk.office, t0.after(16 * MINUTE))
            .unwrap()
            .locked
    );
    // The session stays (the lock screen shows who it is).
    assert_eq!(session.caller(), Caller::Session(desk.user_id));

    // A wrong password: still locked.
    let e = refused(
        session.unlock(&desk.office, "wrong-password", t0.after(17 * MINUTE)),
        ErrorCode::Auth,
    );
    assert!(e.message.contains("连续输错5次"), "{}", e.message);
    refused(
        list_at(&desk, &session, t0.after(17 * MINUTE)),
        ErrorCode::WindowLocked,
    );

    // The right one: the window opens and the clock starts again from the unlock.
    let t1 = t0.after(18 * MINUTE);
    let info = session.unlock(&desk.office, PASSWORD, t1).unwrap();
    assert_eq!(info.user_id, desk.user_id);
    list_at(&desk, &session, t1.after(14 * MINUTE))
        .unwrap()
        .result
        .unwrap();
    refused(
        list_at(&desk, &session, t1.after(15 * MINUTE)),
        ErrorCode::WindowLocked,
    );

    let got = log(&desk);
    let tail: Vec<SecurityAction> = got.iter().rev().take(4).rev().map(|e| e.0).collect();
    assert_eq!(
        tail,
        vec![
            SecurityAction::WindowLock,
            SecurityAction::WindowUnlockFailed,
            SecurityAction::WindowUnlock,
            SecurityAction::WindowLock,
        ]
    );
    let first_lock = &got[got.len() - 4];
    assert_eq!(first_lock.1, Some(desk.user_id));
    assert_eq!(first_lock.2["idleMinutes"], 15);
    // The lock is logged once, not at every refused call.
    assert_eq!(
        got.iter()
            .filter(|e| e.0 == SecurityAction::WindowLock)
            .count(),
        2
    );
}

#[test]
fn input_moves_the_deadline_and_background_calls_do_not() {
    let desk = Desk::new(true);
    let session = DeskSession::new();
    let t0 = Moment::now();
    session.begin(&desk.office, desk.user_id, t0).unwrap();
    // Screens reloading on their own (data-changed, timers) every few minutes.
    for m in [3, 6, 9, 12] {
        list_at(&desk, &session, t0.after(m * MINUTE))
            .unwrap()
            .result
            .unwrap();
    }
    let state = session.input(&desk.office, t0.after(10 * MINUTE)).unwrap();
    assert_eq!(state.remaining_seconds, 15 * 60);
    list_at(&desk, &session, t0.after(24 * MINUTE))
        .unwrap()
        .result
        .unwrap();
    refused(
        list_at(&desk, &session, t0.after(25 * MINUTE)),
        ErrorCode::WindowLocked,
    );
}

#[test]
fn the_idle_time_comes_from_the_settings_and_a_change_applies_with_the_next_input() {
    let desk = Desk::new(true);
    let set = |value: &str| {
        desk.run(SetSetting {
            key: "lockout.idle_lock_minutes".into(),
            value: value.into(),
        })
    };
    let e = refused(set("0"), ErrorCode::Validation);
    assert_eq!(
        e.message,
        "无操作自动锁定窗口（分钟）应为1到240之间的整数。"
    );
    refused(set("241"), ErrorCode::Validation);
    set("1").unwrap();

    let session = DeskSession::new();
    let t0 = Moment::now();
    session.begin(&desk.office, desk.user_id, t0).unwrap();
    list_at(&desk, &session, t0.after(Duration::from_secs(59)))
        .unwrap()
        .result
        .unwrap();
    let state = session
        .input(&desk.office, t0.after(Duration::from_secs(59)))
        .unwrap();
    assert_eq!((state.idle_minutes, state.remaining_seconds), (1, 60));

    // Longer again: the next input reads it.
    set("30").unwrap();
    let state = session
        .input(&desk.office, t0.after(MINUTE + Duration::from_secs(30)))
        .unwrap();
    assert_eq!(state.idle_minutes, 30);
    list_at(&desk, &session, t0.after(20 * MINUTE))
        .unwrap()
        .result
        .unwrap();
}

#[test]
fn wrong_passwords_at_the_lock_screen_lock_the_account_and_end_the_session() {
    let mut desk = Desk::new(true);
    desk.run(SetSetting {
        key: "lockout.max_failures".into(),
        value: "3".into(),
    })
    .unwrap();
    let clerk = desk.add_user("lisi", "李四", &[Role::IntakeClerk], true);
    desk.sign_in("lisi", PASSWORD).unwrap();
    let session = DeskSession::new();
    let t0 = Moment::now();
    session.begin(&desk.office, clerk, t0).unwrap();
    session.lock_now(&desk.office).unwrap();
    refused(list_at(&desk, &session, t0), ErrorCode::WindowLocked);

    for _ in 0..2 {
        refused(
            session.unlock(&desk.office, "guess-guess", t0),
            ErrorCode::Auth,
        );
        assert_eq!(session.caller(), Caller::Session(clerk));
    }
    let e = refused(
        session.unlock(&desk.office, "guess-guess", t0),
        ErrorCode::Locked,
    );
    assert_eq!(e.message, "密码连续输错3次，账号已锁定15分钟。");
    // The session ended: the window goes to sign-in, where the account is locked too.
    assert_eq!(session.caller(), Caller::Nobody);
    refused(
        session.unlock(&desk.office, PASSWORD, t0),
        ErrorCode::NotSignedIn,
    );
    refused(
        minyi_service::session::sign_in(&desk.office, "lisi", PASSWORD),
        ErrorCode::Locked,
    );
    // Switching user from the lock screen is signing out and in as someone else.
    let admin = desk.sign_in("zhangsan", PASSWORD).unwrap().user_id;
    session.begin(&desk.office, admin, t0).unwrap();
    list_at(&desk, &session, t0.after(MINUTE))
        .unwrap()
        .result
        .unwrap();

    let got = log(&desk);
    let mine: Vec<SecurityAction> = got
        .iter()
        .filter(|e| e.1 == Some(clerk))
        .map(|e| e.0)
        .collect();
    use SecurityAction::*;
    assert_eq!(
        mine,
        vec![
            SignIn,
            WindowLock,
            WindowUnlockFailed,
            WindowUnlockFailed,
            WindowUnlockFailed,
            Lockout,
            SignInFailed,
        ]
    );
}

#[test]
fn nobody_signed_in_passes_the_gate_as_nobody_and_cannot_unlock() {
    let desk = Desk::new(true);
    let session = DeskSession::new();
    let t0 = Moment::now();
    assert_eq!(session.admit(&desk.office, t0).unwrap(), Caller::Nobody);
    let e = list_at(&desk, &session, t0).unwrap().result.unwrap_err();
    assert_eq!(e.code, ErrorCode::NotSignedIn);
    refused(
        session.unlock(&desk.office, PASSWORD, t0),
        ErrorCode::NotSignedIn,
    );
    refused(session.input(&desk.office, t0), ErrorCode::NotSignedIn);
    session.begin(&desk.office, desk.user_id, t0).unwrap();
    session.end();
    assert_eq!(
        session.admit(&desk.office, t0.after(60 * MINUTE)).unwrap(),
        Caller::Nobody
    );
}
