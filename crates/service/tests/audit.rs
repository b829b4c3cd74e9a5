//! The security log and the access log on the command surface: the administrator reads the
//! first-run set-up, the sign-ins and the accounts created through commands, filtered; anyone
//! else is refused.

mod common;

use common::{Desk, PASSWORD};
use minyi_core::ErrorCode;
use minyi_core::model::{Role, SecurityAction};
use minyi_core::store::security_log::{AccessLogFilter, SecurityLogFilter};
use minyi_service::commands::audit::{GetAccessLog, GetSecurityLog};
use minyi_service::session;

#[test]
fn administrators_read_the_security_log_through_the_surface_and_others_are_refused() {
    let mut desk = Desk::new(true);
    let admin_id = desk.user_id;
    let clerk = desk.add_user("lisi", "李四", &[Role::IntakeClerk], false);
    session::sign_in(&desk.office, "lisi", "wrong-password").unwrap_err();
    let page = desk
        .run(GetSecurityLog {
            filter: SecurityLogFilter::default(),
            offset: 0,
            limit: 50,
        })
        .unwrap();
    let got: Vec<SecurityAction> = page.rows.iter().rev().map(|e| e.action).collect();
    assert_eq!(
        got,
        vec![
            SecurityAction::Bootstrap,
            SecurityAction::SignIn,
            SecurityAction::UserCreate,
            SecurityAction::SignInFailed,
        ]
    );
    assert_eq!(page.rows[1].actor_id, Some(admin_id));
    assert_eq!(
        page.rows[1].target.as_deref(),
        Some(&*format!("user:{clerk}"))
    );
    let only_clerk = desk
        .run(GetSecurityLog {
            filter: SecurityLogFilter {
                actor_id: Some(clerk),
                ..Default::default()
            },
            offset: 0,
            limit: 50,
        })
        .unwrap();
    assert_eq!(only_clerk.total, 1);
    let access = desk
        .run(GetAccessLog {
            filter: AccessLogFilter::default(),
            offset: 0,
            limit: 50,
        })
        .unwrap();
    assert_eq!(access.total, 0);

    desk.sign_in("lisi", PASSWORD).unwrap();
    let e = desk
        .run(GetSecurityLog {
            filter: SecurityLogFilter::default(),
            offset: 0,
            limit: 50,
        })
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let e = desk
        .run(GetAccessLog {
            filter: AccessLogFilter::default(),
            offset: 0,
            limit: 50,
        })
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
}

#[test]
fn a_broken_log_is_noticed_for_administrators_only() {
    use minyi_service::commands::audit::GetIntegrityNotice;
    // The log is broken by SQL on the file (PostgreSQL's triggers are the stats suite's).
    let mut desk = Desk::new_on_sqlite(true);
    desk.add_user("lisi", "李四", &[Role::IntakeClerk], false);
    assert!(desk.run(GetIntegrityNotice {}).unwrap().is_empty());
    {
        let store = desk.store();
        store
            .sql_for_tests()
            .execute_batch(
                "DROP TRIGGER security_log_no_update; UPDATE security_log SET prev_hash = 'x' WHERE id = (SELECT max(id) FROM security_log);",
            )
            .unwrap();
    }
    let notice = desk.run(GetIntegrityNotice {}).unwrap();
    assert!(notice.iter().any(|n| n.contains("安全日志")), "{notice:?}");
    desk.sign_in("lisi", PASSWORD).unwrap();
    // Signing in appends to the log; the clerk is told nothing.
    assert!(desk.run(GetIntegrityNotice {}).unwrap().is_empty());
}

#[test]
fn administrators_export_the_filtered_logs_to_excel_and_others_are_refused() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    use minyi_service::commands::audit::{ExportAccessLog, ExportSecurityLog};
    let mut desk = Desk::new(true);
    let clerk = desk.add_user("lisi", "李四", &[Role::IntakeClerk], false);
    session::sign_in(&desk.office, "lisi", "wrong-password").unwrap_err();
    session::sign_in(&desk.office, "lisi", "wrong-again").unwrap_err();
    let out = desk
        .run(ExportSecurityLog {
            filter: SecurityLogFilter {
                actor_id: Some(clerk),
                action: Some(SecurityAction::SignInFailed),
                ..Default::default()
            },
        })
        .unwrap();
    assert_eq!(out.rows, 2);
    assert!(!out.personal_data);
    let made = desk.host.last_made();
    assert!(made.name.starts_with("安全日志-"), "{}", made.name);
    let mut book: Xlsx<_> = open_workbook(desk.host.file(&out.path)).unwrap();
    let sheet = book.worksheet_range("安全日志").unwrap();
    let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(0, 3), Data::String("操作".into()));
    assert_eq!(cell(1, 3), Data::String("登录失败".into()));
    assert_eq!(cell(1, 4), Data::String("账号 李四（lisi）".into()));
    let Data::String(selection) = cell(4, 0) else {
        panic!("the selection is written under the rows");
    };
    assert!(
        selection.contains("操作人 李四（lisi）") && selection.contains("共 2 条"),
        "{selection}"
    );

    let out = desk
        .run(ExportAccessLog {
            filter: AccessLogFilter::default(),
        })
        .unwrap();
    assert_eq!(out.rows, 0);
    let book: Xlsx<_> = open_workbook(desk.host.file(&out.path)).unwrap();
    assert_eq!(book.sheet_names(), ["个人信息访问记录"]);

    desk.sign_in("lisi", PASSWORD).unwrap();
    let e = desk
        .run(ExportSecurityLog {
            filter: SecurityLogFilter::default(),
        })
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
}
