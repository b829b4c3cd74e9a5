//! An import's error report holds the refused rows with names and phones as typed: opening or
//! saving it needs the right to import, and each time is in the personal-data access log.

mod common;

use common::*;
use minyi_core::ErrorCode;
use minyi_core::model::Ctx;
use minyi_core::usecases::open_import_report::{ReportUse, open_import_report};

#[test]
fn only_importers_open_reports_and_each_opening_is_logged() {
    let env = common::env();
    let o = env.office.clone();
    let now = at("2026-11-20T11:00:00+08:00");
    let logged = |env: &Env| {
        minyi_core::testing::access_log(&env.store, None, 100)
            .unwrap()
            .into_iter()
            .filter(|l| l.what == "import_report")
            .map(|l| (l.user_id, l.purpose))
            .collect::<Vec<_>>()
    };

    let handler = Ctx::new(&o.handlers[0], now);
    let e = open_import_report(&env.store, &handler, ReportUse::Open).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    assert!(logged(&env).is_empty());

    let clerk = Ctx::new(&o.clerk, now);
    open_import_report(&env.store, &clerk, ReportUse::Open).unwrap();
    open_import_report(&env.store, &clerk, ReportUse::SaveCopy).unwrap();
    let mut lines = logged(&env);
    lines.sort();
    assert_eq!(
        lines,
        vec![
            (o.clerk.user_id, "另存导入错误报告".to_string()),
            (o.clerk.user_id, "打开导入错误报告".to_string()),
        ]
    );
}
