//! 考核 → 导出 Excel through the command surface: the ranking workbook is written through its own
//! connection (where the host keeps exports) with its four sheets, progress reaches the end, and a
//! period that ends before it starts is refused in Chinese with nothing written.

mod common;

use calamine::{Reader, Xlsx, open_workbook};
use common::{Desk, admin, day, files_in, refused};
use minyi_analysis::period::Period;
use minyi_core::ErrorCode;
use minyi_core::model::Role;
use minyi_service::commands::exports::ExportAssessment;
use minyi_service::{JobKind, OutputKind, Request};
use serde_json::json;

/// An administrator who carries out assessment and has not signed the agreement (the workbook
/// holds no personal data).
fn office() -> Desk {
    let mut a = admin(false);
    a.roles = vec![Role::Administrator, Role::AppealsOffice];
    Desk::with_admin(a)
}

#[test]
fn the_assessment_workbook_is_written_with_its_sheets() {
    let desk = office();
    let period = Period {
        from: day("2026-01-01"),
        to: day("2026-12-31"),
    };
    let out = desk.run(ExportAssessment { period }).unwrap();
    assert_eq!(out.rows, 0, "a new office has nothing to rank yet");
    assert!(!out.personal_data);
    assert_eq!(desk.host.progress_of(JobKind::Export), [(0, 1), (1, 1)]);
    let made = desk.host.last_made();
    assert_eq!(made.kind, OutputKind::Export);
    assert!(
        made.name.starts_with("考核排名-") && made.name.ends_with(".xlsx"),
        "{}",
        made.name
    );
    assert_eq!(out.path, made.target.shown);
    let book: Xlsx<_> = open_workbook(desk.host.file(&out.path)).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["部门考核", "人员考核", "权重与说明", "奖惩记录"]
    );
    // The job is over: the next export may start.
    assert!(desk.host.jobs().start(JobKind::Export).is_ok());

    let backwards = Period {
        from: day("2026-12-31"),
        to: day("2026-01-01"),
    };
    let other = desk.dir().join("倒序.xlsx");
    desk.host.save_to(Some(&other));
    let e = refused(
        desk.run(ExportAssessment { period: backwards }),
        ErrorCode::Validation,
    );
    assert!(e.message.contains("结束日期早于开始日期"), "{}", e.message);
    assert!(!other.exists());
    assert_eq!(files_in(&desk.host.folder(OutputKind::Export)).len(), 1);

    // The same period as a client sends it.
    let request = Request::parse(
        "export_assessment",
        json!({"period": {"from": "2026-12-31", "to": "2026-01-01"}}),
    )
    .unwrap();
    let reply = request.run(&desk.call());
    assert_eq!(reply.result.unwrap_err().code, ErrorCode::Validation);
    assert!(!other.exists());
}
