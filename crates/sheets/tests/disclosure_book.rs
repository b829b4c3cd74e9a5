//! The disclosure workbook read back: the published numbers, suppressed cells as "—" with the
//! footnote, and no appellant's name, phone, address or ID number anywhere in the file's cells
//! (checked against every appellant of the test database and a planted one).

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::{DateTime, FixedOffset, NaiveDate};
use common::{read_sheet, s};
use minyi_analysis::disclosure::disclosure;
use minyi_analysis::period::Period;
use minyi_core::Store;
use minyi_core::model::{Appellant, Ctx};
use minyi_core::store::settings::SettingKey;
use minyi_core::usecases::register::{RegisterInput, register};
use minyi_demo::{DemoOptions, generate, seed_office};
use minyi_sheets::disclosure_book::{SUMMARY, TABLE_SHEETS, export_disclosure_book};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn the_disclosure_workbook_suppresses_small_cells_and_carries_no_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    let now = DateTime::<FixedOffset>::parse_from_rfc3339("2026-11-27T17:00:00+08:00").unwrap();
    let opts = DemoOptions {
        appeals: 600,
        seed: 3,
        now,
    };
    generate(&mut store, &opts, &mut |_, _| {}).unwrap();
    let office = seed_office(&mut store, now).unwrap();
    let input = RegisterInput {
        appellant: Appellant {
            name: "欧阳明远".into(),
            phone: Some("13987654321".into()),
            address: Some("云江市青石巷17号".into()),
            id_number: Some("11010519491231002X".into()),
            ..Default::default()
        },
        channel: "letter".into(),
        category: "help".into(),
        subject: "欧阳明远申请困难补助".into(),
        content: "本人欧阳明远，住青石巷17号，电话13987654321。".into(),
        received_at: "2026-11-20T10:00:00+08:00".into(),
        postmark_date: Some("2026-11-18".into()),
        ..Default::default()
    };
    register(&mut store, &Ctx::new(&office.clerk, now), &input).unwrap();
    minyi_core::testing::set_setting(&store, SettingKey::DisclosureThreshold, "8").unwrap();
    let period = Period::new(d("2026-11-01"), d("2026-11-30")).unwrap();
    let dis = disclosure(&store, period, d("2026-11-27")).unwrap();
    let out = dir.path().join("信息公开.xlsx");
    export_disclosure_book(&dis, "云江市民意诉求管理办公室", &out).unwrap();

    let book: Xlsx<_> = open_workbook(&out).unwrap();
    let mut names = vec![SUMMARY];
    names.extend(TABLE_SHEETS);
    assert_eq!(book.sheet_names(), names);

    let mut all_text = String::new();
    for name in &names {
        for row in read_sheet(&out, Some(name)) {
            for c in row {
                all_text.push_str(&s(&c));
                all_text.push('\t');
            }
        }
    }
    let mut stmt = store
        .sql_for_tests()
        .prepare("SELECT name, phone, address, id_number FROM appellants")
        .unwrap();
    let people: Vec<[Option<String>; 4]> = stmt
        .query_map([], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(people.len() > 500);
    for v in people.iter().flatten().flatten() {
        if v.chars().count() >= 2 {
            assert!(
                !all_text.contains(v.as_str()),
                "personal data {v:?} in the workbook"
            );
        }
    }
    for planted in ["欧阳明远", "青石巷", "13987654321", "困难补助"] {
        assert!(!all_text.contains(planted), "{planted} leaked");
    }

    let summary = read_sheet(&out, Some(SUMMARY));
    assert_eq!(
        s(&summary[0][0]),
        "云江市民意诉求管理办公室民意诉求办理情况公开"
    );
    assert_eq!(
        s(&summary[1][0]),
        "统计时段：2026年11月1日至2026年11月30日（按收到日期）"
    );
    assert_eq!(s(&summary[4][0]), "受理诉求总数");
    assert_eq!(summary[4][1], Data::Float(dis.total.unwrap() as f64));
    assert_eq!(s(&summary[7][0]), "公开阈值");
    assert_eq!(summary[7][1], Data::Float(8.0));
    assert!(all_text.contains("1 至 7 件的数字不予公开"), "the footnote");

    let channels = read_sheet(&out, Some("受理渠道"));
    assert_eq!(s(&channels[0][0]), "受理渠道");
    let letters = channels.iter().find(|r| s(&r[0]) == "书信").unwrap();
    assert_eq!(s(&letters[1]), "—", "a handful of letters is suppressed");
    let mut hidden = 0;
    for (row, cell) in channels[1..].iter().zip(&dis.by_channel) {
        assert_eq!(s(&row[0]), cell.label);
        match cell.count {
            Some(n) => assert_eq!(row[1], Data::Float(n as f64)),
            None => {
                hidden += 1;
                assert_eq!(s(&row[1]), "—");
            }
        }
    }
    assert!(
        hidden >= 2,
        "a lone hidden cell would be subtracted out of the total"
    );
    let print = common::assert_print_ready(&out);
    assert_eq!(print.len(), 5);
    assert!(
        print.iter().all(|p| !p.landscape),
        "narrow tables print portrait"
    );
    assert_eq!(print[0].title_rows, "$1:$4", "title, period and header row");
    assert_eq!(print[1].title_rows, "$1:$1");
}
