//! Excel export from the list through the command surface: the workbook (in the host's exports
//! folder, or where the user chose) holds one row per appeal of the filter, masked unless full
//! personal data is asked for (then the export is logged once), progress reaches the host up to
//! the total, one export runs at a time per host, and a user who may not see personal data is
//! refused with nothing written. The tracking ledger's export goes through the same path (its
//! rows are checked in minyi-sheets' own tests).

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{Desk, files_in, refused};
use minyi_core::ErrorCode;
use minyi_core::queries::ledger::LedgerFilter;
use minyi_core::queries::list::ListFilter;
use minyi_service::commands::exports::{ExportLedger, ExportTracking};
use minyi_service::{JobKind, OutputKind};
use serde_json::json;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

/// An office with three walk-in complaints (王堃甲, 乙, 丙) received on 10, 11 and 12 November.
fn office(agreement: bool) -> Desk {
    let desk = Desk::new(agreement);
    for (i, name) in ["王堃甲", "王堃乙", "王堃丙"].iter().enumerate() {
        desk.register(json!({
            "appellant": {"name": name, "phone": "13812345678"},
            "channel": "walk_in", "category": "complaint",
            "subject": format!("小区夜间施工噪音第{i}号"),
            "content": "某小区工地夜间十一点后仍在施工，影响休息。",
            "receivedAt": format!("2026-11-{:02}T09:30:00+08:00", 10 + i)
        }));
    }
    desk
}

fn exports_logged(desk: &Desk) -> i64 {
    desk.count("SELECT count(*) FROM access_log WHERE purpose LIKE '导出诉求台账%'")
}

/// Every cell of the sheet as text.
fn cells(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// Runs `f` while another caller holds the office's one shared connection (the desktop profile
/// has one); answers what `f` answered and whether it finished before that caller let go, which
/// it does after 30 seconds at the latest (so a regression fails instead of hanging).
fn while_the_shared_connection_is_busy<T>(desk: &Desk, f: impl FnOnce() -> T) -> (T, bool) {
    let office = desk.office.clone();
    let released = Arc::new(AtomicBool::new(false));
    let (held_tx, held_rx) = mpsc::channel();
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let holder = {
        let released = released.clone();
        std::thread::spawn(move || {
            let lent = office.store().unwrap();
            held_tx.send(()).unwrap();
            let _ = done_rx.recv_timeout(Duration::from_secs(30));
            released.store(true, Ordering::SeqCst);
            drop(lent);
        })
    };
    held_rx.recv().unwrap();
    let out = f();
    let before_release = !released.load(Ordering::SeqCst);
    let _ = done_tx.send(());
    holder.join().unwrap();
    (out, before_release)
}

#[test]
fn exports_the_filter_masked_by_default_and_in_full_when_asked_with_one_log_line() {
    let desk = office(true);
    let filter = ListFilter {
        from: chrono::NaiveDate::from_ymd_opt(2026, 11, 11),
        // The list's page does not limit the export.
        page: 1,
        page_size: 1,
        ..Default::default()
    };

    let (out, before_release) = while_the_shared_connection_is_busy(&desk, || {
        desk.run(ExportLedger {
            filter: filter.clone(),
            personal_data: false,
        })
        .unwrap()
    });
    assert!(
        before_release,
        "the export reads through its own connection"
    );
    assert_eq!(out.rows, 2);
    assert!(!out.personal_data);
    let made = desk.host.last_made();
    assert_eq!(made.kind, OutputKind::Export);
    assert!(
        made.name.starts_with("诉求台账-") && made.name.ends_with(".xlsx"),
        "{}",
        made.name
    );
    assert_eq!(out.path, made.target.shown);
    let target = desk.host.file(&out.path);
    assert!(target.starts_with(desk.host.folder(OutputKind::Export)));
    assert_eq!(desk.host.progress_of(JobKind::Export).last(), Some(&(2, 2)));
    let rows = cells(&target, "诉求台账");
    assert_eq!(
        rows.len(),
        3,
        "header and the two appeals received from the 11th"
    );
    assert_eq!(rows[0][0], "登记号");
    let text = rows.concat().join("|");
    assert!(text.contains("小区夜间施工噪音第1号") && text.contains("小区夜间施工噪音第2号"));
    assert!(!text.contains("第0号"), "an appeal outside the filter");
    assert!(
        !text.contains("王堃乙") && !text.contains("13812345678"),
        "masked: {text}"
    );
    assert_eq!(exports_logged(&desk), 0, "a masked export is not an access");

    // In full, saved where the user chose.
    let full = desk.dir().join("台账.xlsx");
    desk.host.save_to(Some(&full));
    let out = desk
        .run(ExportLedger {
            filter,
            personal_data: true,
        })
        .unwrap();
    assert!(out.personal_data);
    assert_eq!(out.path, full.to_string_lossy());
    let text = cells(&full, "诉求台账").concat().join("|");
    assert!(text.contains("王堃乙") && text.contains("13812345678"));
    assert_eq!(exports_logged(&desk), 1);
    assert!(!full.with_extension("xlsx.part").exists());
}

#[test]
fn full_personal_data_without_a_signed_agreement_is_refused_and_nothing_is_written() {
    let desk = office(false);
    let e = refused(
        desk.run(ExportLedger {
            filter: ListFilter::default(),
            personal_data: true,
        }),
        ErrorCode::Forbidden,
    );
    assert!(!e.message.contains("王堃"), "{}", e.message);
    assert!(files_in(&desk.host.folder(OutputKind::Export)).is_empty());
    assert_eq!(exports_logged(&desk), 0);
    // Refused, the export's job is over: a masked one may start at once.
    let out = desk
        .run(ExportLedger {
            filter: ListFilter::default(),
            personal_data: false,
        })
        .unwrap();
    assert_eq!(out.rows, 3);
}

#[test]
fn one_export_runs_at_a_time_per_host() {
    let desk = office(true);
    let running = desk.host.jobs().start(JobKind::Export).unwrap();
    let e = refused(
        desk.run(ExportLedger {
            filter: ListFilter::default(),
            personal_data: false,
        }),
        ErrorCode::Conflict,
    );
    assert!(e.message.contains("正在导出"), "{}", e.message);
    refused(
        desk.run(ExportTracking {
            filter: LedgerFilter::default(),
        }),
        ErrorCode::Conflict,
    );
    assert!(files_in(&desk.host.folder(OutputKind::Export)).is_empty());
    drop(running);
    desk.run(ExportTracking {
        filter: LedgerFilter::default(),
    })
    .unwrap();
}

#[test]
fn the_tracking_ledger_exports_through_its_own_connection_with_a_header_row() {
    let desk = office(false);
    let (out, before_release) = while_the_shared_connection_is_busy(&desk, || {
        desk.run(ExportTracking {
            filter: LedgerFilter::default(),
        })
        .unwrap()
    });
    assert!(
        before_release,
        "the export did not wait for the shared connection"
    );
    assert_eq!((out.rows, out.personal_data), (0, false));
    assert_eq!(desk.host.progress_of(JobKind::Export).last(), Some(&(0, 0)));
    let made = desk.host.last_made();
    assert_eq!(made.kind, OutputKind::Export);
    assert!(made.name.starts_with("跟踪台账-"), "{}", made.name);
    let mut book: Xlsx<_> = open_workbook(desk.host.file(&out.path)).unwrap();
    let range = book.worksheet_range("跟踪台账").unwrap();
    assert_eq!(
        range.height(),
        1,
        "the header row alone: nothing is being tracked yet"
    );
}

/// The user presses 取消导出 while the export runs: it stops, answers `cancelled`, and leaves no
/// workbook in the host's exports folder.
#[test]
fn a_cancelled_export_answers_cancelled_and_leaves_no_file() {
    use minyi_service::commands::exports::CancelExport;
    use minyi_service::{Call, Command};
    let desk = office(true);
    let (office_ref, caller) = (desk.office.clone(), desk.caller);
    desk.host.on_progress(move |host, p| {
        assert_eq!(p.job, JobKind::Export);
        let cancel = CancelExport {}.run(&Call::new(&office_ref, host, caller));
        assert!(cancel.unwrap(), "the export is running");
    });
    let out = desk
        .run(ExportLedger {
            filter: ListFilter::default(),
            personal_data: false,
        })
        .unwrap();
    assert!(out.cancelled);
    assert_eq!(out.rows, 0);
    assert!(files_in(&desk.host.folder(OutputKind::Export)).is_empty());
    // Nothing runs any more: a second cancel finds nothing.
    let c = desk.run(CancelExport {}).unwrap();
    assert!(!c);
}
