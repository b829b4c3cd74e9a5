//! Bad input, big input: a batch comes from outside the office, so the reader refuses files past
//! its limits (size, rows, columns, a workbook's cells far out) in Chinese, reads Excel's
//! 「Unicode 文本」 (UTF-16, tab-separated), names the row of a quote never closed, and reads a
//! large CSV in time linear in its size.

use minyi_sheets::read::{
    MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, TextEncoding, read_csv, read_table,
};
use rust_xlsxwriter::Workbook;
use std::time::{Duration, Instant};

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

#[test]
fn excel_unicode_text_utf16_tab_separated_reads_like_a_csv() {
    let text = "姓名\t电话\t内容\r\n张三\t138 1234 5678\t路灯不亮，晚上不安全。\r\n李四\t13912345678\t噪音\r\n";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("网上留言.txt");
    std::fs::write(&file, utf16le_with_bom(text)).unwrap();
    let t = read_table(&file).unwrap();
    assert_eq!(t.encoding, Some(TextEncoding::Utf16Le));
    assert_eq!(t.headers, ["姓名", "电话", "内容"]);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[0].line, 2);
    assert_eq!(t.rows[0].cell(2).text(), "路灯不亮，晚上不安全。");
    assert_eq!(t.rows[1].cell(0).text(), "李四");

    // Big-endian with its mark reads the same.
    let mut be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        be.extend_from_slice(&u.to_be_bytes());
    }
    let t = read_csv(&be).unwrap();
    assert_eq!(t.encoding, Some(TextEncoding::Utf16Be));
    assert_eq!(t.rows.len(), 2);

    // A UTF-16 mark on bytes that are not UTF-16 is refused, not read as garbage.
    let e = read_csv(&[0xFF, 0xFE, 0x41]).unwrap_err();
    assert!(e.message.contains("UTF-16"), "{}", e.message);
}

#[test]
fn an_unclosed_quote_is_refused_naming_its_row() {
    let text = "姓名,电话,内容\r\n张三,13812345678,\"噪音\r\n很大\"\r\n李四,13912345678,\"路灯，不亮\r\n王五,13712345678,其他\r\n";
    let e = read_csv(text.as_bytes()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("file"));
    // Row 4 (a quoted cell on rows 2–3 spans two lines and is closed).
    assert!(e.message.contains("第 4 行"), "{}", e.message);
    assert!(e.message.contains("引号"), "{}", e.message);
    assert!(!e.message.contains("李四"), "never echo the content");

    // Closed quotes, doubled quotes and a quote inside an unquoted cell are fine.
    let ok = "姓名,内容\n张三,\"他说\"\"你好\"\"\"\n李四,5\"屏幕\n";
    let t = read_csv(ok.as_bytes()).unwrap();
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[0].cell(1).text(), "他说\"你好\"");
    assert_eq!(t.rows[1].line, 3);
}

#[test]
fn a_file_past_the_size_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["大.csv", "大.xlsx"] {
        let file = dir.path().join(name);
        // Sparse: no disk is spent, but the size is what the reader sees.
        std::fs::File::create(&file)
            .unwrap()
            .set_len(MAX_FILE_BYTES + 1)
            .unwrap();
        let e = read_table(&file).unwrap_err();
        assert!(e.message.contains("文件太大"), "{}", e.message);
        assert!(e.message.contains("257 MB"), "{}", e.message);
    }
}

#[test]
fn too_many_columns_or_rows_are_refused_in_chinese() {
    let mut text = (0..=MAX_COLUMNS)
        .map(|i| format!("列{i}"))
        .collect::<Vec<_>>()
        .join(",");
    text.push('\n');
    let e = read_csv(text.as_bytes()).unwrap_err();
    assert!(
        e.message.contains(&format!("第 1 行超过 {MAX_COLUMNS} 列")),
        "{}",
        e.message
    );

    let rows = "a\n".repeat(MAX_ROWS + 1);
    let e = read_csv(rows.as_bytes()).unwrap_err();
    assert!(
        e.message.contains(&format!("超过 {MAX_ROWS} 行")),
        "{}",
        e.message
    );
    // Exactly the limit is still read.
    let t = read_csv(&rows.as_bytes()[2..]).unwrap();
    assert_eq!(t.rows.len(), MAX_ROWS - 1);
}

#[test]
fn a_workbook_cell_far_out_is_refused_before_the_sheet_is_laid_out() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("远.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "姓名").unwrap();
    ws.write_string(1, 0, "张三").unwrap();
    // One cell in the last row and column Excel has: as a rectangle, 17 billion cells.
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    wb.save(&file).unwrap();
    let t = Instant::now();
    let e = read_table(&file).unwrap_err();
    assert!(t.elapsed() < Duration::from_secs(10));
    assert!(e.message.contains("超出了范围"), "{}", e.message);
    assert!(
        e.message.contains("第 1048576 行第 16384 列"),
        "{}",
        e.message
    );

    // Within the limits, the same kind of sheet reads (blank rows in between counted).
    let file = dir.path().join("近.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "姓名").unwrap();
    ws.write_string(1, 0, "张三").unwrap();
    ws.write_string(5, (MAX_COLUMNS - 1) as u16, "x").unwrap();
    wb.save(&file).unwrap();
    let t = read_table(&file).unwrap();
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[1].line, 6);
    assert_eq!(t.blank_rows, 3);
}

/// Reading used to find each row's line number by counting from the start of the file: 40,000 rows
/// took a minute, 200,000 would have taken hours. Now the file is crossed once.
#[test]
fn a_large_csv_is_read_in_time_linear_in_its_size() {
    let n = 200_000;
    let mut text = String::from("姓名,电话,内容\r\n");
    for i in 0..n {
        text.push_str(&format!("张{i},138{:08},\"第 {i} 行\"\r\n", i));
    }
    let t = Instant::now();
    let table = read_csv(text.as_bytes()).unwrap();
    let took = t.elapsed();
    assert_eq!(table.rows.len(), n);
    assert_eq!(table.rows[n - 1].line, n as u64 + 1);
    assert_eq!(table.rows[n - 1].cell(0).text(), format!("张{}", n - 1));
    // Generous for a debug build on a busy machine; the quadratic reader needed hours.
    assert!(took < Duration::from_secs(60), "took {took:?}");
}

/// Found by the fuzz target (its input is in the seed corpus as `cr-line-ends.txt`): lines ended
/// by a lone carriage return (old Mac files) are records to the CSV reader, and were all "row 1"
/// to the row counter.
#[test]
fn lines_ended_by_a_lone_carriage_return_keep_their_row_numbers() {
    let t = read_csv("姓名,电话\r张三,1\r李四,2\r".as_bytes()).unwrap();
    assert_eq!(t.header_line, 1);
    assert_eq!(t.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3]);
    let e = read_csv("姓名,电话\r张三,1\r李四,\"2\r".as_bytes()).unwrap_err();
    assert!(e.message.contains("第 3 行"), "{}", e.message);
}

/// Found by the fuzzer (`crates/sheets/fuzz`): a worksheet whose `<dimension ref="A8:C3"/>` has
/// its corners reversed made calamine subtract past zero (a panic where overflow checks are on,
/// as in the tests and the fuzzer). It is a damaged file, refused in Chinese.
#[test]
fn a_worksheet_with_reversed_dimension_corners_is_refused_as_damaged() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/reversed-dimension.xlsx"
    ))
    .unwrap();
    let e = minyi_sheets::read::read_xlsx_bytes(&bytes).unwrap_err();
    assert!(e.message.contains("损坏"), "{}", e.message);
}
