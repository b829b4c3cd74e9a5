//! Batch printing from the list through the command surface: the count the dialog shows, the PDF
//! with one archive sheet per matching appeal (written where the host says), one access-log line
//! per appeal written before printing, progress to the host after every sheet, cancel (the
//! `cancel_batch_print` command) leaving no file, one batch at a time per host, the cap, and the
//! refusal of a user who may not see personal data.

mod common;

use common::{Desk, files_in, pdf_text, refused};
use minyi_core::ErrorCode;
use minyi_core::model::Status;
use minyi_core::queries::list::ListFilter;
use minyi_service::commands::paper::{BatchPrint, BatchPrintCount, CancelBatchPrint};
use minyi_service::{Call, Command, JobKind, OutputKind};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// An office with `appeals` walk-in complaints, received from 2026-11-10 on, one a day, by
/// 王堃甲, 王堃乙, …
fn office(agreement: bool, appeals: usize) -> Desk {
    let desk = Desk::new(agreement);
    for i in 0..appeals {
        desk.register(json!({
            "appellant": {"name": format!("王堃{}", ["甲", "乙", "丙", "丁"][i % 4]), "phone": "13812345678"},
            "channel": "walk_in", "category": "complaint",
            "subject": format!("小区夜间施工噪音第{i}号"),
            "content": "某小区工地夜间十一点后仍在施工，影响休息。",
            "receivedAt": format!("2026-11-{:02}T09:30:00+08:00", 10 + i)
        }));
    }
    desk
}

fn logged(desk: &Desk) -> i64 {
    desk.count("SELECT count(*) FROM access_log WHERE purpose = '打印诉求登记表'")
}

/// Received from 2026-11-11 on: the second and third of three appeals.
fn from_11th() -> ListFilter {
    ListFilter {
        from: chrono::NaiveDate::from_ymd_opt(2026, 11, 11),
        statuses: vec![Status::Registered],
        ..Default::default()
    }
}

fn batch(filter: ListFilter) -> BatchPrint {
    BatchPrint { filter, max: None }
}

fn count(desk: &Desk, filter: ListFilter) -> u32 {
    desk.run(BatchPrintCount { filter }).unwrap().matched
}

#[test]
fn the_filters_appeals_print_into_one_pdf_with_progress_and_a_logged_access_each() {
    let desk = office(true, 3);
    assert_eq!(count(&desk, from_11th()), 2);
    assert_eq!(count(&desk, ListFilter::default()), 3);
    assert_eq!(
        desk.run(BatchPrintCount {
            filter: ListFilter::default()
        })
        .unwrap()
        .max,
        5000
    );

    let out = desk.run(batch(from_11th())).unwrap();
    assert!(!out.cancelled);
    assert_eq!(out.sheets, 2);
    assert!(out.pages >= 2);
    let made = desk.host.last_made();
    assert_eq!(made.kind, OutputKind::Print);
    assert!(made.name.starts_with("批量登记表-") && made.name.ends_with(".pdf"));
    assert_eq!(out.path.as_deref(), Some(made.target.shown.as_str()));
    assert_eq!(desk.host.progress_of(JobKind::BatchPrint), [(1, 2), (2, 2)]);
    let target = desk.host.file(out.path.as_deref().unwrap());
    assert!(std::fs::read(&target).unwrap().starts_with(b"%PDF"));
    let t = pdf_text(&target, true, false);
    // Each sheet's title once; continuation pages carry the running head 民意诉求登记表（续）.
    assert_eq!(
        t.matches("民意诉求登记表").count() - t.matches("民意诉求登记表（续）").count(),
        2
    );
    // Full personal data on the archive copy, of the matching appeals only.
    assert!(t.contains("王堃乙") && t.contains("王堃丙") && !t.contains("王堃甲"));
    assert_eq!(logged(&desk), 2);
    // The batch's job ended with it: the next may start.
    assert!(desk.host.jobs().start(JobKind::BatchPrint).is_ok());
}

#[test]
fn a_cancelled_batch_leaves_no_file_and_one_batch_runs_at_a_time() {
    let desk = office(true, 3);
    assert!(!desk.run(CancelBatchPrint {}).unwrap(), "nothing runs yet");

    // While a batch runs at this desk, a second is refused.
    let running = desk.host.jobs().start(JobKind::BatchPrint).unwrap();
    let e = refused(desk.run(batch(ListFilter::default())), ErrorCode::Conflict);
    assert!(
        e.message.contains("已有一批登记表正在打印"),
        "{}",
        e.message
    );
    assert!(desk.run(CancelBatchPrint {}).unwrap());
    assert!(
        running.cancelled(),
        "the cancel command reaches the running batch"
    );
    drop(running);

    let out_dir = desk.dir().join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    desk.host.save_to(Some(&out_dir.join("批量.pdf")));
    // The user presses 取消 after the first sheet: the window sends cancel_batch_print.
    let calls = Arc::new(AtomicUsize::new(0));
    let (office, caller, seen) = (desk.office.clone(), desk.caller, calls.clone());
    desk.host.on_progress(move |host, p| {
        assert_eq!(p.job, JobKind::BatchPrint);
        seen.fetch_add(1, Ordering::SeqCst);
        let cancel = CancelBatchPrint {}.run(&Call::new(&office, host, caller));
        assert!(cancel.unwrap(), "the batch is running");
    });
    let out = desk.run(batch(ListFilter::default())).unwrap();
    assert!(out.cancelled && out.path.is_none());
    assert_eq!((out.sheets, out.pages), (0, 0));
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "stopped after the sheet during which cancel came"
    );
    assert_eq!(desk.host.progress_of(JobKind::BatchPrint), [(1, 3)]);
    assert_eq!(
        files_in(&out_dir),
        Vec::<std::path::PathBuf>::new(),
        "neither the PDF nor a partial file is left"
    );
    assert!(
        desk.host.jobs().start(JobKind::BatchPrint).is_ok(),
        "the next batch may start"
    );
}

#[test]
fn a_user_without_a_signed_agreement_is_refused_and_nothing_is_logged() {
    let desk = office(false, 2);
    let e = refused(desk.run(batch(ListFilter::default())), ErrorCode::Forbidden);
    assert!(!e.message.contains("王堃"));
    assert!(files_in(&desk.host.folder(OutputKind::Print)).is_empty());
    assert!(!desk.host.last_made().target.path.exists());
    assert!(desk.host.progress_of(JobKind::BatchPrint).is_empty());
    assert_eq!(logged(&desk), 0);
}

#[test]
fn an_empty_filter_result_is_explained() {
    let desk = office(true, 1);
    let none = ListFilter {
        statuses: vec![Status::Closed],
        ..Default::default()
    };
    assert_eq!(count(&desk, none.clone()), 0);
    let e = desk.run(batch(none)).unwrap_err();
    assert!(e.message.contains("没有符合条件的诉求"), "{}", e.message);
    assert!(files_in(&desk.host.folder(OutputKind::Print)).is_empty());
}

#[test]
fn a_batch_larger_than_asked_for_is_refused_before_anything_is_logged() {
    let desk = office(true, 3);
    let e = refused(
        desk.run(BatchPrint {
            filter: ListFilter::default(),
            max: Some(2),
        }),
        ErrorCode::Validation,
    );
    assert!(e.message.contains("超过 2 件"), "{}", e.message);
    assert_eq!(logged(&desk), 0);
    let out = desk
        .run(BatchPrint {
            filter: ListFilter::default(),
            max: Some(3),
        })
        .unwrap();
    assert_eq!(out.sheets, 3);
    assert_eq!(logged(&desk), 3);
}
