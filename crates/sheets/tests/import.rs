//! Imports of online-channel batches, good and malformed: the summary counts every row, rejected
//! rows land in the report with their row number and reason, no good row is lost, the receipt time
//! is the row's (the initial-review deadline runs from it), likely duplicates are flagged and still
//! registered, and importing the same file again registers nothing twice.

mod common;

use common::*;
use minyi_core::ErrorCode;
use minyi_core::model::{Channel, Ctx};

use minyi_sheets::import::{ImportOptions, ImportSummary, import_file};
use minyi_sheets::mapping::{ColumnMapping, Field};
use rust_xlsxwriter::{Format, Workbook};
use std::path::{Path, PathBuf};

const HEADER: &str = "留言人,联系电话,留言标题,留言内容,提交时间";

/// Five data rows and one empty row: rows 3 (bad phone) and 6 (no time) are bad.
const ROWS: &[&str] = &[
    "张三,13812345678,夜间施工噪音,小区旁工地每天夜里十一点以后还在施工，噪音很大，影响休息。,2026-11-20 09:30",
    "李四,12345,路灯不亮,学院路中段路灯已经坏了两个星期，晚上行人很不安全。,2026/11/21 10:00",
    ",,,,",
    "王五,13912345678,,物业费今年涨了三成，没有任何公示和说明。请相关部门核查。,2026年11月22日 08:15",
    "赵六,13712345678,公交线路,希望增开夜班公交线路，方便夜间下班的职工。,",
    "钱七,13612345678,菜市场,菜市场门口占道经营严重，早高峰车辆无法通行。,2026-11-23",
];

fn csv_text() -> String {
    let mut lines = vec![HEADER.to_string()];
    lines.extend(ROWS.iter().map(|s| s.to_string()));
    lines.join("\r\n") + "\r\n"
}

fn write(env: &Env, name: &str, bytes: &[u8]) -> PathBuf {
    let p = env.dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn import(
    env: &mut Env,
    file: &Path,
    opts: Option<ImportOptions>,
) -> Result<ImportSummary, minyi_core::CoreError> {
    let clerk = env.office.clerk.clone();
    let ctx = Ctx::new(&clerk, at("2026-11-25T09:00:00+08:00"));
    let opts = opts.unwrap_or_else(|| ImportOptions::new(Channel::Wechat, file));
    import_file(&mut env.store, &ctx, file, &opts, &mut |_, _| {})
}

fn assert_first_batch(s: &ImportSummary) {
    assert_eq!(s.rows, 5);
    assert_eq!(s.registered, 3);
    assert_eq!(s.rejected, 2);
    assert_eq!(s.already_imported, 0);
    assert_eq!(s.blank_rows, 1);
}

#[test]
fn a_gbk_csv_registers_the_good_rows_and_reports_the_bad_ones() {
    let mut env = env();
    let text = csv_text();
    let (gbk, _, lossy) = encoding_rs::GBK.encode(&text);
    assert!(!lossy);
    let file = write(&env, "微信.csv", &gbk);
    let s = import(&mut env, &file, None).unwrap();
    assert_first_batch(&s);
    assert_eq!(count(&env.store, "appeals"), 3);

    // The good rows: channel of the batch, the row's receipt time, a subject made from the content
    // when the row had none, and the initial-review deadline counted from receipt.
    let phones = ["13812345678", "13912345678", "13612345678"];
    let mut ids: Vec<i64> = env
        .store
        .sql_for_tests()
        .prepare("SELECT id FROM appeals ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    ids.sort();
    let first = minyi_core::testing::appeal(&env.store, ids[0]).unwrap();
    assert_eq!(first.channel, Channel::Wechat);
    assert_eq!(first.received_at.to_rfc3339(), "2026-11-20T09:30:00+08:00");
    // Friday 2026-11-20 + 2 working days = Tuesday 2026-11-24 (not from the import on the 25th).
    assert_eq!(first.due_date.unwrap().to_string(), "2026-11-24");
    let second = minyi_core::testing::appeal(&env.store, ids[1]).unwrap();
    assert_eq!(second.subject, "物业费今年涨了三成，没有任何公示和说明");
    assert_eq!(second.received_at.to_rfc3339(), "2026-11-22T08:15:00+08:00");
    // Imported appeals are in the full-text index (written once per chunk).
    let clerk = env.office.clerk.clone();
    let found = minyi_core::queries::list::search(
        &env.store,
        &Ctx::new(&clerk, at("2026-11-25T09:00:00+08:00")),
        "占道经营",
        0,
        50,
    )
    .unwrap();
    assert_eq!(found.rows.len(), 1);
    assert_eq!(found.rows[0].id, ids[2]);
    for (id, phone) in ids.iter().zip(phones) {
        let a = minyi_core::testing::appeal(&env.store, *id).unwrap();
        let p = minyi_core::testing::appellant(&env.store, a.appellant_id).unwrap();
        assert_eq!(p.phone.as_deref(), Some(phone));
    }

    // The report: the two bad rows, with their row numbers in the file and the reason.
    let report = s.report.clone().expect("a report for the rejected rows");
    assert_eq!(report, env.dir.path().join("微信-导入报告.xlsx"));
    assert_print_ready(&report);
    let rows = read_sheet(&report, Some("未导入"));
    assert_eq!(
        rows[0].iter().map(s_).collect::<Vec<_>>(),
        [
            "行号",
            "未导入的原因",
            "留言人",
            "联系电话",
            "留言标题",
            "留言内容",
            "提交时间"
        ]
    );
    assert_eq!(rows.len(), 3);
    assert_eq!(s_(&rows[1][0]), "3");
    assert!(
        s_(&rows[1][1]).contains("电话号码格式不正确"),
        "{}",
        s_(&rows[1][1])
    );
    assert_eq!(s_(&rows[1][2]), "李四");
    assert_eq!(s_(&rows[2][0]), "6");
    assert!(
        s_(&rows[2][1]).contains("收到诉求的时间"),
        "{}",
        s_(&rows[2][1])
    );
}

fn s_(d: &calamine::Data) -> String {
    s(d)
}

#[test]
fn importing_the_same_file_twice_registers_nothing_twice() {
    let mut env = env();
    let mut utf8_bom = b"\xEF\xBB\xBF".to_vec();
    utf8_bom.extend_from_slice(csv_text().as_bytes());
    let file = write(&env, "batch.csv", &utf8_bom);
    assert_first_batch(&import(&mut env, &file, None).unwrap());
    let again = import(&mut env, &file, None).unwrap();
    assert_eq!(again.registered, 0);
    assert_eq!(again.already_imported, 3);
    assert_eq!(again.rejected, 2);
    assert_eq!(count(&env.store, "appeals"), 3);
    let report = again.report.unwrap();
    let already = read_sheet(&report, Some("已导入过"));
    assert_eq!(already.len(), 4);
    assert_eq!(s(&already[1][0]), "2");

    // The same rows in another file (plain UTF-8, another order) are recognised too.
    let mut lines: Vec<&str> = vec![HEADER];
    lines.extend(ROWS.iter().rev());
    let other = write(&env, "other.csv", lines.join("\n").as_bytes());
    let s = import(&mut env, &other, None).unwrap();
    assert_eq!((s.registered, s.already_imported), (0, 3));
}

#[test]
fn an_xlsx_with_date_cells_and_number_phones_imports_and_flags_duplicates() {
    let mut env = env();
    // An appeal already on file with the same phone as the batch's first row.
    register_one(
        &mut env,
        "孙八",
        "13812345678",
        "噪音",
        "工地夜间施工噪音扰民，已经持续一个月。",
        "2026-11-18T10:00:00+08:00",
    );
    let file = env.dir.path().join("portal.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (c, h) in ["姓名", "手机", "主题", "诉求内容", "时间", "地址"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let t = chrono::NaiveDate::from_ymd_opt(2026, 11, 21)
        .unwrap()
        .and_hms_opt(14, 5, 0)
        .unwrap();
    ws.write_string(1, 0, "周九").unwrap();
    ws.write_number(1, 1, 13812345678.0).unwrap();
    ws.write_string(1, 2, "施工噪音").unwrap();
    ws.write_string(1, 3, "小区旁工地夜里还在施工，噪音很大。")
        .unwrap();
    ws.write_datetime_with_format(1, 4, t, &date).unwrap();
    ws.write_string(1, 5, "云江市西湖区学院路1号").unwrap();
    wb.save(&file).unwrap();
    let s = import(
        &mut env,
        &file,
        Some(ImportOptions::new(Channel::Portal, &file)),
    )
    .unwrap();
    assert_eq!((s.rows, s.registered, s.flagged, s.rejected), (1, 1, 1, 0));
    assert_eq!(count(&env.store, "appeals"), 2, "flagged, not merged");
    let flagged = read_sheet(&s.report.unwrap(), Some("疑似重复"));
    assert_eq!(s_(&flagged[1][0]), "2");
    assert!(
        s_(&flagged[1][2]).contains("同一电话"),
        "{}",
        s_(&flagged[1][2])
    );
    let id = minyi_core::testing::appeal_id(&env.store, &s_(&flagged[1][1]))
        .unwrap()
        .unwrap();
    let a = minyi_core::testing::appeal(&env.store, id).unwrap();
    assert_eq!(a.received_at.to_rfc3339(), "2026-11-21T14:05:00+08:00");
    assert_eq!(a.channel, Channel::Portal);
}

#[test]
fn wrong_columns_are_refused_before_anything_is_registered() {
    let mut env = env();
    let file = write(
        &env,
        "wrong.csv",
        "昵称,用户手机,内容,时间\n张三,13812345678,噪音扰民很严重,2026-11-20 09:30\n".as_bytes(),
    );
    let e = import(&mut env, &file, None).unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(
        e.message.contains("姓名") && e.message.contains("电话"),
        "{}",
        e.message
    );
    assert_eq!(count(&env.store, "appeals"), 0);

    // With the mapping adjusted, the same file imports.
    let mut m = ColumnMapping::default();
    m.set(Field::Name, "昵称");
    m.set(Field::Phone, "用户手机");
    m.set(Field::Content, "内容");
    m.set(Field::ReceivedAt, "时间");
    let mut opts = ImportOptions::new(Channel::Weibo, &file);
    opts.mapping = Some(m);
    let s = import(&mut env, &file, Some(opts)).unwrap();
    assert_eq!(s.registered, 1);
}

#[test]
fn a_truncated_xlsx_and_an_offline_channel_are_refused_in_chinese() {
    let mut env = env();
    let good = env.dir.path().join("good.xlsx");
    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "姓名").unwrap();
    wb.save(&good).unwrap();
    let bytes = std::fs::read(&good).unwrap();
    let cut = write(&env, "cut.xlsx", &bytes[..bytes.len() / 2]);
    let e = import(&mut env, &cut, None).unwrap_err();
    assert!(e.message.contains("不完整或已损坏"), "{}", e.message);
    assert_eq!(count(&env.store, "appeals"), 0);

    let file = write(&env, "batch.csv", csv_text().as_bytes());
    let e = import(
        &mut env,
        &file,
        Some(ImportOptions::new(Channel::WalkIn, &file)),
    )
    .unwrap_err();
    assert!(e.message.contains("不是线上渠道"), "{}", e.message);
    assert_eq!(count(&env.store, "appeals"), 0);
}

#[test]
fn a_batch_of_several_chunks_loses_no_row_and_keeps_row_numbers() {
    let mut env = env();
    // 1,201 rows over three chunks: every 97th has a bad phone; file line 1,100 repeats line 3.
    let mut lines = vec![HEADER.to_string()];
    for i in 0..1201u32 {
        let phone = if i % 97 == 0 {
            "123".to_string()
        } else {
            format!("139{:08}", i)
        };
        let content = format!("第{i}号楼电梯故障已经三天没有修好，老人上下楼很困难，请尽快处理。");
        lines.push(format!(
            "住户{i},{phone},电梯故障{i},{content},2026-11-2{} 08:00",
            i % 5
        ));
    }
    lines[1099] = lines[2].clone();
    let file = write(&env, "big.csv", lines.join("\n").as_bytes());
    let mut opts = ImportOptions::new(Channel::Wechat, &file);
    opts.chunk_rows = 500;
    let s = import(&mut env, &file, Some(opts)).unwrap();
    let bad = (0..1201u32).filter(|i| i % 97 == 0).count() as u64;
    assert_eq!(s.rows, 1201);
    assert_eq!(s.rejected, bad);
    assert_eq!(s.already_imported, 1, "line 1,100 repeats line 3");
    assert_eq!(s.registered, 1201 - bad - 1);
    assert_eq!(count(&env.store, "appeals") as u64, s.registered);
    let rejected = read_sheet(&s.report.unwrap(), Some("未导入"));
    let lines_reported: Vec<String> = rejected[1..].iter().map(|r| s_(&r[0])).collect();
    let want: Vec<String> = (0..1201u32)
        .filter(|i| i % 97 == 0)
        .map(|i| (i + 2).to_string())
        .collect();
    assert_eq!(lines_reported, want);
    // The import raised the log's checkpoint interval for itself only.
    let interval: i64 = env
        .store
        .sql_for_tests()
        .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))
        .unwrap();
    assert_eq!(interval, 1000);
}

#[test]
fn a_cancelled_import_keeps_its_finished_chunks_and_the_same_file_completes_it() {
    let mut env = env();
    let mut lines = vec![HEADER.to_string()];
    for i in 0..1100u32 {
        lines.push(format!(
            "住户{i},139{i:08},电梯故障{i},第{i}号楼电梯故障已经三天没有修好，请尽快处理。,2026-11-{:02} 08:00",
            10 + i % 10
        ));
    }
    let file = write(&env, "cancel.csv", lines.join("\n").as_bytes());
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut opts = ImportOptions::new(Channel::Website, &file);
    opts.cancel = Some(cancel.clone());
    opts.chunk_rows = 500;
    let clerk = env.office.clerk.clone();
    let ctx = Ctx::new(&clerk, at("2026-11-25T09:00:00+08:00"));
    // The user presses 取消 while the first chunk is being registered.
    let s = import_file(&mut env.store, &ctx, &file, &opts, &mut |done, _| {
        if done > 0 {
            cancel.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    })
    .unwrap();
    assert!(s.cancelled);
    assert_eq!((s.rows, s.handled), (1100, 500));
    assert_eq!(s.registered, 500);
    assert_eq!(
        count(&env.store, "appeals"),
        500,
        "the finished chunk stays"
    );

    let s = import(
        &mut env,
        &file,
        Some(ImportOptions::new(Channel::Website, &file)),
    )
    .unwrap();
    assert!(!s.cancelled);
    assert_eq!(
        (s.handled, s.registered, s.already_imported),
        (1100, 600, 500)
    );
    assert_eq!(count(&env.store, "appeals"), 1100);
    let d = |day| chrono::NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
    assert_eq!(s.received_span, Some((d(10), d(19))));
}

/// Issue 17: an Excel 「Unicode 文本」 batch (UTF-16, tab-separated .txt) whose phones are written as
/// people write them imports every row, each phone stored in the one normalised form.
#[test]
fn a_unicode_text_batch_with_phones_as_people_write_them_imports_normalised() {
    let mut env = env();
    let text = "留言人\t联系电话\t留言内容\t提交时间\r\n\
        张三\t+86 138 1234 5678\t小区旁工地每天夜里还在施工，噪音很大。\t2026-11-20 09:30\r\n\
        李四\t139-1234-5678\t学院路中段路灯已经坏了两个星期。\t2026-11-21 10:00\r\n\
        王五\t１３７１２３４５６７８\t物业费今年涨了三成，没有任何公示。\t2026-11-22 08:15\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let file = write(&env, "网上留言.txt", &bytes);
    let s = import(&mut env, &file, None).unwrap();
    assert_eq!((s.rows, s.registered, s.rejected), (3, 3, 0));
    let ids: Vec<i64> = env
        .store
        .sql_for_tests()
        .prepare("SELECT id FROM appeals ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (id, phone) in ids
        .iter()
        .zip(["13812345678", "13912345678", "13712345678"])
    {
        let a = minyi_core::testing::appeal(&env.store, *id).unwrap();
        let p = minyi_core::testing::appellant(&env.store, a.appellant_id).unwrap();
        assert_eq!(p.phone.as_deref(), Some(phone));
    }
}
