//! The import wizard through the command surface: the look at a picked file (format, encoding,
//! the proposed mapping, the first rows, what is missing), the import with the user's mapping and
//! channel (counts, progress to the host, the report where the host keeps import reports, nothing
//! registered twice), cancel (the `cancel_import` command), the refusals in the wizard's words,
//! one import at a time per host, and a user without the right to import.

mod common;

use common::{Desk, PASSWORD, refused};
use minyi_core::ErrorCode;
use minyi_core::model::{Category, Channel, Role};
use minyi_service::batch_import::{ColumnChoice, ImportRequest};
use minyi_service::commands::import::{CancelImport, ImportBatch, ImportChannels, InspectImport};
use minyi_service::{Call, Command, JobKind, OutputKind};
use serde_json::json;
use std::path::{Path, PathBuf};

fn office() -> Desk {
    Desk::new(true)
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

fn file_ref(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn inspect(
    desk: &Desk,
    path: &Path,
) -> minyi_core::Result<minyi_service::batch_import::ImportPreview> {
    desk.run(InspectImport {
        file: file_ref(path),
    })
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

/// The whole website mapping of [`gbk_batch`].
fn website_request(file: &Path) -> ImportRequest {
    ImportRequest {
        file: file_ref(file),
        channel: Channel::Website,
        mapping: choices(&[
            ("name", "留言人"),
            ("phone", "联系电话"),
            ("subject", "留言标题"),
            ("content", "留言内容"),
            ("received_at", "提交时间"),
        ]),
        default_category: None,
    }
}

fn appeals(desk: &Desk) -> i64 {
    desk.count("SELECT count(*) FROM appeals")
}

fn in_category(desk: &Desk, category: Category) -> i64 {
    desk.count(&format!(
        "SELECT count(*) FROM appeals WHERE category = '{}'",
        category.code()
    ))
}

#[test]
fn only_online_channels_are_offered_without_a_session() {
    let desk = office();
    let reply = desk.as_nobody(ImportChannels {});
    let codes: Vec<String> = reply
        .result
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes, ["website", "wechat", "weibo", "portal"]);
}

#[test]
fn a_gbk_csv_is_recognised_and_previewed() {
    let desk = office();
    let file = gbk_batch(desk.dir());
    let p = inspect(&desk, &file).unwrap();
    assert_eq!(
        p.file,
        file_ref(&file),
        "the import names the file as the preview did"
    );
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
    // A look writes nothing.
    assert_eq!(appeals(&desk), 0);
    assert!(desk.host.made().is_empty());
}

#[test]
fn unknown_headers_are_shown_with_what_is_missing() {
    let desk = office();
    let file = desk.dir().join("微博.csv");
    std::fs::write(&file, "昵称,用户手机,正文内容\n小张,13812345678,路灯不亮\n").unwrap();
    let p = inspect(&desk, &file).unwrap();
    assert!(p.no_header_recognised);
    assert_eq!(p.missing, ["姓名", "电话", "时间", "内容"]);
    assert_eq!(p.encoding.as_deref(), Some("UTF-8"));
}

#[test]
fn imports_with_the_users_mapping_and_registers_nothing_twice() {
    let desk = office();
    let file = gbk_batch(desk.dir());
    let request = website_request(&file);
    let reply = desk.reply(ImportBatch {
        request: request.clone(),
    });
    assert!(reply.changed, "open screens reload after an import");
    let out = reply.result.unwrap();
    assert_eq!(
        json!([
            out["rows"],
            out["handled"],
            out["registered"],
            out["rejected"],
            out["blankRows"]
        ]),
        json!([4, 4, 2, 2, 1])
    );
    assert_eq!(out["cancelled"], false);
    assert_eq!(out["channel"], "website");
    assert_eq!(desk.host.progress_of(JobKind::Import).last(), Some(&(4, 4)));
    assert_eq!(appeals(&desk), 2);
    assert_eq!(
        in_category(&desk, Category::Other),
        2,
        "without a category: 其他"
    );
    assert_eq!(
        (out["receivedFrom"].as_str(), out["receivedTo"].as_str()),
        (Some("2026-11-20"), Some("2026-11-23"))
    );

    // The report is where the host keeps import reports, named after the batch; the command
    // answers what the host said to show.
    let report = out["report"].as_str().unwrap();
    let made = desk.host.last_made();
    assert_eq!(made.kind, OutputKind::ImportReport);
    assert_eq!(made.target.shown, report);
    assert!(
        made.name.starts_with("官网留言-导入报告-") && made.name.ends_with(".xlsx"),
        "{}",
        made.name
    );
    let path = desk.host.file(report);
    assert!(path.starts_with(desk.host.folder(OutputKind::ImportReport)));
    assert!(std::fs::read(&path).unwrap().starts_with(b"PK"));
    // Not beside the batch file (which may be on a read-only share).
    assert_eq!(
        common::files_in(desk.dir())
            .iter()
            .filter(|p| p.is_file())
            .count(),
        1
    );

    let again = desk.run(ImportBatch { request }).unwrap();
    assert_eq!(
        (again.registered, again.already_imported, again.rejected),
        (0, 2, 2)
    );
    assert_eq!(appeals(&desk), 2);
}

#[test]
fn a_cancelled_import_stops_before_its_next_chunk_and_may_be_run_again() {
    let desk = office();
    let file = gbk_batch(desk.dir());
    // The user presses 取消 as soon as the import reports it has started.
    let (office, caller) = (desk.office.clone(), desk.caller);
    desk.host.on_progress(move |host, p| {
        if p.job == JobKind::Import && p.done == 0 {
            let cancel = CancelImport {}.run(&Call::new(&office, host, caller));
            assert!(cancel.unwrap(), "the import is running");
        }
    });
    let reply = desk.reply(ImportBatch {
        request: website_request(&file),
    });
    assert!(reply.changed);
    let out = reply.result.unwrap();
    assert_eq!(out["cancelled"], true);
    assert_eq!(
        json!([out["rows"], out["handled"], out["registered"]]),
        json!([4, 0, 0])
    );
    assert_eq!(appeals(&desk), 0);
    assert_eq!(desk.host.progress_of(JobKind::Import), [(0, 4)]);

    // The job is over: importing the same file again registers its rows.
    desk.host.on_progress(|_, _| {});
    let out = desk
        .run(ImportBatch {
            request: ImportRequest {
                default_category: Some(Category::Suggestion),
                ..website_request(&file)
            },
        })
        .unwrap();
    assert!(!out.cancelled);
    assert_eq!((out.registered, out.already_imported), (2, 0));
    assert_eq!(appeals(&desk), 2);
    assert_eq!(
        in_category(&desk, Category::Suggestion),
        2,
        "the category the user chose for rows without one"
    );
}

#[test]
fn a_required_field_without_a_column_is_refused_before_anything_is_read() {
    let desk = office();
    let file = gbk_batch(desk.dir());
    let request = ImportRequest {
        file: file_ref(&file),
        channel: Channel::Wechat,
        mapping: choices(&[("name", "留言人"), ("content", "留言内容")]),
        default_category: None,
    };
    let reply = desk.reply(ImportBatch { request });
    let e = reply.result.unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert_eq!(e.field.as_deref(), Some("mapping"));
    assert!(
        e.message.contains("电话、时间") && e.message.contains("第 2 步"),
        "{}",
        e.message
    );
    assert!(
        reply.changed,
        "an import's failure is announced: its first chunks may be in"
    );
    assert_eq!(appeals(&desk), 0);
    assert!(desk.host.made().is_empty(), "no report is made");
    assert!(desk.host.progress_of(JobKind::Import).is_empty());

    let unknown = ImportRequest {
        file: file_ref(&file),
        channel: Channel::Wechat,
        mapping: choices(&[("no_such_field", "留言人")]),
        default_category: None,
    };
    let e = refused(
        desk.run(ImportBatch { request: unknown }),
        ErrorCode::Validation,
    );
    assert!(e.message.contains("第 2 步"), "{}", e.message);
}

#[test]
fn wrong_files_are_refused_in_plain_chinese() {
    let desk = office();
    let doc = desk.dir().join("留言.docx");
    std::fs::write(&doc, b"PK\x03\x04").unwrap();
    let e = inspect(&desk, &doc).unwrap_err();
    assert!(e.message.contains("只能导入 .xlsx"), "{}", e.message);

    let cut = desk.dir().join("cut.xlsx");
    std::fs::write(&cut, b"PK\x03\x04\x14\x00\x06\x00").unwrap();
    let e = inspect(&desk, &cut).unwrap_err();
    assert!(e.message.contains("不完整或已损坏"), "{}", e.message);

    let header_only = desk.dir().join("空.csv");
    std::fs::write(&header_only, "姓名,电话,内容,时间\n").unwrap();
    let e = inspect(&desk, &header_only).unwrap_err();
    assert!(e.message.contains("没有数据行"), "{}", e.message);
    assert_eq!(e.field.as_deref(), Some("file"));

    let e = inspect(&desk, &desk.dir().join("不存在.csv")).unwrap_err();
    assert!(e.message.contains("找不到文件"), "{}", e.message);

    // The import itself refuses a missing file the same way, and registers nothing.
    let gone = website_request(&desk.dir().join("不存在.csv"));
    let e = desk.run(ImportBatch { request: gone }).unwrap_err();
    assert!(e.message.contains("找不到文件"), "{}", e.message);
    assert_eq!(appeals(&desk), 0);
}

#[test]
fn one_import_at_a_time_and_only_for_those_who_may_import() {
    let mut desk = office();
    let file = gbk_batch(desk.dir());
    assert!(!desk.run(CancelImport {}).unwrap(), "nothing to cancel");
    let first = desk.host.jobs().start(JobKind::Import).unwrap();
    let e = refused(
        desk.run(ImportBatch {
            request: website_request(&file),
        }),
        ErrorCode::Conflict,
    );
    assert!(e.message.contains("正在导入另一个文件"), "{}", e.message);
    assert_eq!(appeals(&desk), 0);
    assert!(desk.run(CancelImport {}).unwrap());
    assert!(first.cancelled());
    drop(first);
    desk.host.jobs().start(JobKind::Import).unwrap();

    desk.add_user("lingdao", "李领导", &[Role::Management], false);
    desk.sign_in("lingdao", PASSWORD).unwrap();
    let e = refused(inspect(&desk, &file), ErrorCode::Forbidden);
    assert!(!e.message.is_empty());
    refused(
        desk.run(ImportBatch {
            request: website_request(&file),
        }),
        ErrorCode::Forbidden,
    );
    assert_eq!(appeals(&desk), 0);
}
