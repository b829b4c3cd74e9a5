//! Batch actions through the command surface (issue 20 §7): the ticked rows or the whole filter,
//! each appeal through its own use case and write turn, progress to the host after every appeal,
//! a report naming the refused ones, and the change announced. 纸质归档 (§13): filing a closed
//! appeal and reading its record back.

mod common;

use common::{Desk, refused};
use minyi_core::ErrorCode;
use minyi_core::model::{Category, Retention, Status};
use minyi_core::queries::archive::ArchiveState;
use minyi_core::queries::list::ListFilter;
use minyi_core::usecases::batch::BatchAction;
use minyi_core::usecases::initial_review::InitialReviewInput;
use minyi_core::usecases::record_archive::ArchiveInput;
use minyi_service::JobKind;
use minyi_service::commands::actions::InitialReview;
use minyi_service::commands::admin::AddDepartment;
use minyi_service::commands::appeals::ListAppeals;
use minyi_service::commands::batch::{BatchAct, GetArchiveRecord, RecordArchive};
use serde_json::json;

fn register(desk: &Desk, i: usize) -> i64 {
    desk.register(json!({
        "appellant": {"name": "王堃", "phone": "13812345678"},
        "channel": "walk_in", "category": "complaint",
        "subject": format!("小区夜间施工噪音第{i}号"),
        "content": "某小区工地夜间十一点后仍在施工，影响休息。",
        "receivedAt": "2026-11-20T09:30:00+08:00"
    }))
    .appeal_id
}

fn review(desk: &Desk, id: i64, input: InitialReviewInput) {
    desk.run(InitialReview {
        appeal_id: id,
        seen: None,
        input,
    })
    .unwrap();
}

fn accept(desk: &Desk, id: i64) {
    review(
        desk,
        id,
        InitialReviewInput::Accept {
            category: Category::Complaint,
            major: None,
            urgency: None,
            note: None,
        },
    );
}

#[test]
fn the_ticked_rows_are_routed_one_by_one_and_the_refused_one_is_named() {
    let desk = Desk::new(true);
    let ids: Vec<i64> = (0..3).map(|i| register(&desk, i)).collect();
    accept(&desk, ids[0]);
    accept(&desk, ids[2]);
    let dept = desk
        .run(AddDepartment {
            name: "城管科".into(),
        })
        .unwrap();
    let reply = desk.reply(BatchAct {
        ids: Some(ids.clone()),
        filter: None,
        action: BatchAction::Route {
            department_id: dept,
            note: None,
        },
    });
    assert!(reply.changed, "announced to other desks");
    let report: minyi_core::usecases::batch::BatchReport =
        serde_json::from_value(reply.result.unwrap()).unwrap();
    assert_eq!((report.succeeded, report.failed), (2, 1));
    let failed = report.failures().next().unwrap();
    assert_eq!(failed.appeal_id, ids[1]);
    assert!(failed.reg_number.is_some());
    assert!(failed.message.contains("尚未初审"), "{}", failed.message);
    assert_eq!(
        desk.host.progress_of(JobKind::BatchAction),
        vec![(1, 3), (2, 3), (3, 3)]
    );
    let routed = desk
        .run(ListAppeals {
            filter: ListFilter {
                statuses: vec![Status::Routed],
                ..Default::default()
            },
        })
        .unwrap();
    assert_eq!(routed.rows.len(), 2);
    // The job is over: another batch may start.
    assert!(desk.host.jobs().start(JobKind::BatchAction).is_ok());
}

#[test]
fn the_whole_filter_is_taken_and_an_empty_one_is_refused() {
    let desk = Desk::new(true);
    let ids: Vec<i64> = (0..2).map(|i| register(&desk, i)).collect();
    for &id in &ids {
        review(
            &desk,
            id,
            InitialReviewInput::Reject {
                reason: "不属于本单位受理范围".into(),
            },
        );
    }
    let rejected = ListFilter {
        statuses: vec![Status::Rejected],
        ..Default::default()
    };
    // Rejected appeals are not closed by 办结 (the appellant must be told first): refused each.
    let report = desk
        .run(BatchAct {
            ids: None,
            filter: Some(rejected),
            action: BatchAction::Close {
                summary: "已处理".into(),
            },
        })
        .unwrap();
    assert_eq!((report.succeeded, report.failed), (0, 2));
    let e = refused(
        desk.run(BatchAct {
            ids: None,
            filter: Some(ListFilter {
                statuses: vec![Status::Closed],
                ..Default::default()
            }),
            action: BatchAction::Close {
                summary: "已处理".into(),
            },
        }),
        ErrorCode::Validation,
    );
    assert!(e.message.contains("没有选中"), "{}", e.message);
}

#[test]
fn a_filed_appeal_leaves_the_pending_list_and_its_record_reads_back() {
    let desk = Desk::new(true);
    let id = register(&desk, 0);
    let e = refused(
        desk.run(RecordArchive {
            appeal_id: id,
            seen: None,
            input: ArchiveInput {
                volume: "2026-TS-001".into(),
                r#box: None,
                retention: Retention::Permanent,
                archived_on: None,
            },
        }),
        ErrorCode::InvalidState,
    );
    assert!(e.message.contains("已办结"), "{}", e.message);
    assert_eq!(desk.run(GetArchiveRecord { appeal_id: id }).unwrap(), None);
    let pending = desk
        .run(ListAppeals {
            filter: ListFilter {
                archive: Some(ArchiveState::Pending),
                ..Default::default()
            },
        })
        .unwrap();
    assert!(
        pending.rows.is_empty(),
        "a registered appeal is not pending"
    );
}
