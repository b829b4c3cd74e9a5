//! Backups and restore through the command surface, as the desktop, the server and the command
//! line run them: the administrator backs up, lists and restores (back up → change → restore →
//! the office as it was, with a reader working meanwhile), others are refused, and a backup that
//! cannot be written stays in the status until one succeeds.

mod common;

use common::{Desk, PASSWORD, complaint_form, refused};
use minyi_core::ErrorCode;
use minyi_core::model::{Role, SecurityAction};
use minyi_core::queries::list::ListFilter;
use minyi_core::store::security_log::SecurityLogFilter;
use minyi_service::commands::admin::SetSetting;
use minyi_service::commands::appeals::ListAppeals;
use minyi_service::commands::audit::GetSecurityLog;
use minyi_service::commands::backup::{BackupAlert, BackupNow, ListBackups, RestoreBackup};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

fn appeals(desk: &Desk) -> i64 {
    desk.count("SELECT count(*) FROM appeals")
}

/// The newest security-log entries of `action`: (who, target, detail in words).
fn logged(desk: &Desk, action: SecurityAction) -> Vec<(String, String, String)> {
    desk.run(GetSecurityLog {
        filter: SecurityLogFilter {
            action: Some(action),
            ..Default::default()
        },
        offset: 0,
        limit: 50,
    })
    .unwrap()
    .rows
    .into_iter()
    .map(|e| (e.actor_label, e.target_label, e.detail_text))
    .collect()
}

#[test]
fn the_administrator_backs_up_changes_and_restores_the_office_as_it_was() {
    let desk = Desk::new_on_sqlite(true);
    desk.register(complaint_form());
    let info = desk.run(BackupNow {}).unwrap();
    assert_eq!(info.appeals, 1);
    let listed = desk.run(ListBackups {}).unwrap();
    assert_eq!(listed.backups, vec![info.clone()]);
    assert_eq!(listed.keep, 7);
    assert!(listed.folder.ends_with("backups"), "{}", listed.folder);
    assert!(listed.status.last_failure.is_none());
    assert_eq!(listed.status.last_success.as_ref(), Some(&info.created_at));

    desk.register(complaint_form());
    desk.register(complaint_form());
    assert_eq!(appeals(&desk), 3);

    // A reader keeps reading while the restore closes and reopens the connections.
    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let office = desk.office.clone();
        let caller = desk.caller;
        let stop = stop.clone();
        std::thread::spawn(move || {
            let host = common::TestHost::new(&std::env::temp_dir());
            let mut reads = 0;
            while !stop.load(Ordering::SeqCst) {
                let call = minyi_service::Call::new(&office, &host, caller);
                let page = minyi_service::Command::run(
                    ListAppeals {
                        filter: ListFilter::default(),
                    },
                    &call,
                )
                .expect("reads keep working during a restore");
                assert!(matches!(page.total, None | Some(1) | Some(3)));
                reads += 1;
            }
            reads
        })
    };
    let reply = desk.reply(RestoreBackup {
        name: info.name.clone(),
    });
    stop.store(true, Ordering::SeqCst);
    assert!(reader.join().unwrap() > 0);
    let outcome: minyi_core::backup::RestoreOutcome =
        serde_json::from_value(reply.result.unwrap()).unwrap();
    assert!(reply.changed, "a restore is announced to every screen");
    assert_eq!(outcome.restored.name, info.name);
    assert_eq!(appeals(&desk), 1);
    assert!(
        desk.office
            .data_dir()
            .join(&outcome.previous_database)
            .is_file()
    );
    // The restored office's log goes on from the backup with the restore, by the administrator
    // (the backup's own entry was written after its copy, into the database set aside).
    let backups = logged(&desk, SecurityAction::Backup);
    assert!(backups.is_empty());
    let restores = logged(&desk, SecurityAction::Restore);
    assert_eq!(restores.len(), 1);
    assert_eq!(restores[0].0, "张三");
    assert_eq!(restores[0].1, format!("备份 {}", info.name));
    assert!(
        restores[0].2.contains("原数据库另存为"),
        "{}",
        restores[0].2
    );
    // The office goes on working, and its chains hold.
    desk.register(complaint_form());
    assert_eq!(appeals(&desk), 2);
    assert!(
        desk.run(minyi_service::commands::audit::GetIntegrityNotice {})
            .unwrap()
            .is_empty()
    );

    // A name that is not one of the backups is refused.
    let e = refused(
        desk.run(RestoreBackup {
            name: "../data".into(),
        }),
        ErrorCode::NotFound,
    );
    assert!(e.message.contains("没有这个备份"), "{}", e.message);
}

#[test]
fn only_the_administrator_may_back_up_or_restore() {
    let mut desk = Desk::new_on_sqlite(true);
    desk.register(complaint_form());
    let info = desk.run(BackupNow {}).unwrap();
    desk.add_user("wangwu", "王五", &[Role::IntakeClerk], true);
    desk.sign_in("wangwu", PASSWORD).unwrap();
    refused(desk.run(BackupNow {}), ErrorCode::Forbidden);
    refused(desk.run(ListBackups {}), ErrorCode::Forbidden);
    refused(
        desk.run(RestoreBackup { name: info.name }),
        ErrorCode::Forbidden,
    );
}

#[test]
fn a_backup_that_cannot_be_written_is_reported_until_one_succeeds() {
    let mut desk = Desk::new_on_sqlite(true);
    let blocked = desk.dir().join("a-file");
    std::fs::write(&blocked, b"x").unwrap();
    desk.run(SetSetting {
        key: "backup.dir".into(),
        value: blocked.display().to_string(),
    })
    .unwrap();
    let e = refused(desk.run(BackupNow {}), ErrorCode::Storage);
    assert!(e.message.contains("无法创建备份文件夹"), "{}", e.message);
    let status = desk.run(ListBackups {}).unwrap().status;
    assert_eq!(status.last_failure.unwrap().message, e.message);
    // On the administrator's workbench, not on a clerk's.
    assert_eq!(
        desk.run(BackupAlert {}).unwrap().unwrap().message,
        e.message
    );
    desk.add_user("wangwu", "王五", &[Role::IntakeClerk], true);
    desk.sign_in("wangwu", PASSWORD).unwrap();
    assert_eq!(desk.run(BackupAlert {}).unwrap(), None);
    desk.sign_in("zhangsan", PASSWORD).unwrap();
    // The daily round tries again while the failure stands.
    assert!(desk.office.back_up_if_due().unwrap().is_err());

    desk.run(SetSetting {
        key: "backup.dir".into(),
        value: String::new(),
    })
    .unwrap();
    assert!(desk.office.back_up_if_due().unwrap().is_ok());
    let listed = desk.run(ListBackups {}).unwrap();
    assert!(listed.status.last_failure.is_none());
    assert_eq!(listed.backups.len(), 1);
    assert_eq!(desk.run(BackupAlert {}).unwrap(), None);
    // Not due again the same day.
    assert!(desk.office.back_up_if_due().is_none());
    // The security log has the failures (the administrator's, then the program's daily round)
    // and the daily backup, by the program.
    let failed = logged(&desk, SecurityAction::BackupFailed);
    assert_eq!(failed.len(), 2);
    assert_eq!(failed[0].0, "系统");
    assert!(failed[0].2.contains("每日自动备份"), "{}", failed[0].2);
    assert_eq!(failed[1].0, "张三");
    let made = logged(&desk, SecurityAction::Backup);
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].0, "系统");
}
