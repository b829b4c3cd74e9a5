//! The import wizard without a window: the look at a picked file (format, encoding, the proposed
//! mapping, the first rows, what is missing), the import with the user's mapping and channel
//! (counts, progress, the report in imports/, nothing registered twice), the refusals in the
//! wizard's words, one import at a time, and a user without the right to import.

use minyi_app::api;
use minyi_app::batch_import::{
    BatchImports, ColumnChoice, ImportProgress, ImportRequest, channels, inspect, own_report, run,
    save_report,
};
use minyi_app::state::AppState;
use minyi_app::views::SetupInput;
use minyi_core::ErrorCode;
use minyi_core::model::{Channel, Role};
use minyi_core::usecases::accounts::{NewUser, create_user};
use std::path::{Path, PathBuf};

const PASSWORD: &str = "Secret-2026";

fn office(dir: &Path) -> AppState {
    let state = AppState::open(&dir.join("data")).unwrap();
    let input = SetupInput {
        org_name: "某市民意诉求管理办公室".into(),
        admin: NewUser {
            username: "zhangsan".into(),
            display_name: "张三".into(),
            department_id: 0,
            roles: vec![Role::Administrator, Role::AppealsOffice, Role::IntakeClerk],
            password: PASSWORD.into(),
            agreement_signed_on: Some(chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()),
        },
        load_demo: false,
    };
    api::setup(&state, &input).unwrap();
    state
}

/// A website export as Chinese Excel saves it (GBK, CRLF): rows 3 (bad phone) and 5 (no
/// content) are bad, row 4 is empty.
fn gbk_batch(dir: &Path) -> PathBuf {
    let text = [
        "留言人,联系电话,留言标题,留言内容,提交时间,备注",
        "张三,13812345678,夜间施工噪音,小区旁工地每天夜里十一点以后还在施工，噪音很大。,2026-11-20 09:30,",
        "李四,12345,路灯不亮,学院路中段路灯已经坏了两个星期。,2026/11/21 10:00,",
        ",,,,,",
        "王五,13912345678,物业收费,,2026-11-22 08:15,",
        "赵六,13712345678,公交线路,希望增开夜班公交线路，方便夜间下班的职工。,2026-11-23 19:00,加急",
    ]
    .join("\r\n");
    let (gbk, _, lossy) = encoding_rs::GBK.encode(&text);
    assert!(!lossy);
    let file = dir.join("官网留言.csv");
    std::fs::write(&file, gbk).unwrap();
    file
}

fn choices(pairs: &[(&str, &str)]) -> Vec<ColumnChoice> {
    pairs
        .iter()
        .map(|(f, c)| ColumnChoice {
            field: f.to_string(),
            column: c.to_string(),
        })
        .collect()
}

fn appeals(state: &AppState) -> i64 {
    state
        .read(|s, _| {
            Ok(s.conn()
                .query_row("SELECT count(*) FROM appeals", [], |r| r.get(0))?)
        })
        .unwrap()
}

#[test]
fn only_online_channels_are_offered() {
    let codes: Vec<&str> = channels().iter().map(|c| c.code).collect();
    assert_eq!(codes, ["website", "wechat", "weibo", "portal"]);
}

#[test]
fn a_gbk_csv_is_recognised_and_previewed() {
    let dir = tempfile::tempdir().unwrap();
    let state = office(dir.path());
    let file = gbk_batch(dir.path());
    let p = inspect(&state, &file).unwrap();
    assert_eq!(p.file_name, "官网留言.csv");
    assert_eq!(p.format, "CSV 文本表格");
    assert_eq!(
        p.encoding.as_deref(),
        Some("GBK/GB18030（中文 Excel 默认）")
    );
    assert_eq!(p.sheet, None);
    assert_eq!(p.header_line, 1);
    assert_eq!(p.columns[0], "留言人");
    assert_eq!((p.total_rows, p.blank_rows), (4, 1));
    assert!(p.missing.is_empty(), "{:?}", p.missing);
    assert!(!p.no_header_recognised);
    let column = |code: &str| {
        p.fields
            .iter()
            .find(|f| f.field == code)
            .unwrap()
            .column
            .clone()
    };
    assert_eq!(column("name").as_deref(), Some("留言人"));
    assert_eq!(column("phone").as_deref(), Some("联系电话"));
    assert_eq!(column("received_at").as_deref(), Some("提交时间"));
    assert_eq!(column("address"), None);
    let name = p.fields.iter().find(|f| f.field == "name").unwrap();
    assert!(name.required && name.synonyms.iter().any(|s| s == "留言人"));
    // The preview keeps the sheet's row numbers (the empty row 4 is skipped) and every column.
    assert_eq!(p.rows.len(), 4);
    assert_eq!(
        p.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        [2, 3, 5, 6]
    );
    assert_eq!(p.rows[0].cells.len(), 6);
    assert_eq!(p.rows[3].cells[5], "加急");
}

#[test]
fn unknown_headers_are_shown_with_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let state = office(dir.path());
    let file = dir.path().join("微博.csv");
    std::fs::write(&file, "昵称,用户手机,正文内容\n小张,13812345678,路灯不亮\n").unwrap();
    let p = inspect(&state, &file).unwrap();
    assert!(p.no_header_recognised);
    assert_eq!(p.missing, ["姓名", "电话", "时间", "内容"]);
    assert_eq!(p.encoding.as_deref(), Some("UTF-8"));
}

#[test]
fn imports_with_the_users_mapping_and_registers_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let state = office(dir.path());
    let file = gbk_batch(dir.path());
    let jobs = BatchImports::default();
    let request = ImportRequest {
        path: file.to_string_lossy().into_owned(),
        channel: Channel::Website,
        mapping: choices(&[
            ("name", "留言人"),
            ("phone", "联系电话"),
            ("subject", "留言标题"),
            ("content", "留言内容"),
            ("received_at", "提交时间"),
        ]),
    };
    let mut seen: Vec<ImportProgress> = Vec::new();
    let out = {
        let running = jobs.start().unwrap();
        run(&state, &running, &request, &mut |p| seen.push(p)).unwrap()
    };
    assert_eq!(
        (
            out.rows,
            out.handled,
            out.registered,
            out.rejected,
            out.blank_rows
        ),
        (4, 4, 2, 2, 1)
    );
    assert!(!out.cancelled);
    assert_eq!(seen.last(), Some(&ImportProgress { done: 4, total: 4 }));
    assert_eq!(appeals(&state), 2);
    let d = |day| chrono::NaiveDate::from_ymd_opt(2026, 11, day);
    assert_eq!((out.received_from, out.received_to), (d(20), d(23)));

    // The report is in imports/ of the data directory; the window may open and copy it.
    let report = out.report.unwrap();
    assert!(Path::new(&report).starts_with(state.data_dir().join("imports")));
    own_report(state.data_dir(), &report).unwrap();
    let copy = dir.path().join("错误报告.xlsx");
    save_report(state.data_dir(), &report, &copy).unwrap();
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(&report).unwrap()
    );
    // …but not any other file.
    let e = own_report(state.data_dir(), &file.to_string_lossy()).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);

    let again = run(&state, &jobs.start().unwrap(), &request, &mut |_| {}).unwrap();
    assert_eq!(
        (again.registered, again.already_imported, again.rejected),
        (0, 2, 2)
    );
    assert_eq!(appeals(&state), 2);
}

#[test]
fn a_required_field_without_a_column_is_refused_before_anything_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let state = office(dir.path());
    let file = gbk_batch(dir.path());
    let jobs = BatchImports::default();
    let request = ImportRequest {
        path: file.to_string_lossy().into_owned(),
        channel: Channel::Wechat,
        mapping: choices(&[("name", "留言人"), ("content", "留言内容")]),
    };
    let e = run(&state, &jobs.start().unwrap(), &request, &mut |_| {}).unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(
        e.message.contains("电话、时间") && e.message.contains("第 2 步"),
        "{}",
        e.message
    );
    assert_eq!(appeals(&state), 0);
}

#[test]
fn wrong_files_are_refused_in_plain_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let state = office(dir.path());
    let doc = dir.path().join("留言.docx");
    std::fs::write(&doc, b"PK\x03\x04").unwrap();
    let e = inspect(&state, &doc).unwrap_err();
    assert!(e.message.contains("只能导入 .xlsx"), "{}", e.message);

    let cut = dir.path().join("cut.xlsx");
    std::fs::write(&cut, b"PK\x03\x04\x14\x00\x06\x00").unwrap();
    let e = inspect(&state, &cut).unwrap_err();
    assert!(e.message.contains("不完整或已损坏"), "{}", e.message);

    let header_only = dir.path().join("空.csv");
    std::fs::write(&header_only, "姓名,电话,内容,时间\n").unwrap();
    let e = inspect(&state, &header_only).unwrap_err();
    assert!(e.message.contains("没有数据行"), "{}", e.message);

    let e = inspect(&state, &dir.path().join("不存在.csv")).unwrap_err();
    assert!(e.message.contains("找不到文件"), "{}", e.message);
}

#[test]
fn one_import_at_a_time_and_only_for_those_who_may_import() {
    let dir = tempfile::tempdir().unwrap();
    let state = office(dir.path());
    let jobs = BatchImports::default();
    assert!(!jobs.cancel(), "nothing to cancel");
    let first = jobs.start().unwrap();
    assert_eq!(jobs.start().unwrap_err().code, ErrorCode::Conflict);
    assert!(jobs.cancel());
    drop(first);
    jobs.start().unwrap();

    state
        .write(|s, c| {
            create_user(
                s,
                c,
                &NewUser {
                    username: "lingdao".into(),
                    display_name: "李领导".into(),
                    department_id: c.actor.department_id,
                    roles: vec![Role::Management],
                    password: PASSWORD.into(),
                    agreement_signed_on: None,
                },
            )
        })
        .unwrap();
    api::sign_in(&state, "lingdao", PASSWORD).unwrap();
    let e = inspect(&state, &gbk_batch(dir.path())).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden, "{}", e.message);
}
