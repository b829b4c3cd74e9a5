//! Long content flows onto further pages with nothing lost and the page numbers right; a batch
//! prints many sheets into one PDF, each numbered from page 1 with its own QR code.

mod common;

use common::*;
use minyi_core::queries::print::{PrintData, appeal_for_print_by_id};
use minyi_paper::*;

/// 10,000 characters of varied text with punctuation, numbers and Latin words.
fn long_text() -> String {
    let mut s = String::new();
    let mut i = 0;
    while s.chars().count() < 10_000 {
        i += 1;
        s.push_str(&format!(
            "第{i}段：市民反映（翠苑小区）夜间施工噪音扰民，施工单位ABC建设公司称已于2026年11月{}日整改，但问题仍未解决；请尽快核实！",
            i % 28 + 1
        ));
    }
    s.chars().take(10_000).collect()
}

#[test]
fn ten_thousand_characters_flow_over_pages_with_nothing_lost() {
    let mut env = env();
    let content = long_text();
    let number = env.register_rare(&content);
    let d = env.detail(&number, true);
    let path = save(env.dir.path(), "long.pdf", &archive_sheet(ORG, &d).unwrap());
    let n = pages(&path);
    assert!(n >= 4, "{n} pages");
    let t = text(&path);
    // The footers and QR labels interrupt the content at page breaks; remove them and the content
    // must be there in one piece.
    let mut body = t.clone();
    for p in 1..=n {
        body = body.replace(&format!("第{p}页共{n}页"), "");
    }
    body = body.replace(&number, "");
    let want: String = content
        .replace(&number, "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(body.contains(&want), "content lost or reordered");
    for p in 1..=n {
        assert!(t.contains(&format!("第{p}页共{n}页")));
    }
    // The handling-record header appears once per page the table spans (at least once).
    assert!(t.matches("环节办理情况经办人签名日期").count() >= 1);
    assert_eq!(qr_codes(&path, n), [number]);
}

#[test]
fn a_table_row_split_over_pages_repeats_the_header() {
    use minyi_paper::layout::{Doc, Margins};
    use minyi_paper::table::{Row, Table};
    let dir = tempfile::tempdir().unwrap();
    let mut doc = Doc::new("测试", Margins::form()).unwrap();
    doc.begin_section(Some("20261127-0001"));
    let t = Table {
        cols: vec![0.2, 0.8],
        header: Some(vec!["项目".into(), "内容".into()]),
        size: 10.5,
    };
    t.draw(&mut doc, &[Row::plain(vec!["内容".into(), long_text()])])
        .unwrap();
    let path = save(dir.path(), "table.pdf", &doc.finish().unwrap());
    let n = pages(&path);
    assert!(n >= 3);
    assert_eq!(text(&path).matches("项目内容").count(), n);
}

#[test]
fn batch_prints_many_sheets_each_numbered_from_one() {
    let env = env();
    let ids: Vec<i64> = {
        let mut st = env
            .store
            .conn()
            .prepare("SELECT id FROM appeals ORDER BY id LIMIT 5")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let ctx = env.ctx();
    let details = ids.iter().map(|&id| {
        appeal_for_print_by_id(
            &env.store,
            &ctx,
            id,
            PrintData::Full {
                purpose: "批量打印测试",
            },
        )
    });
    let path = save(
        env.dir.path(),
        "batch.pdf",
        &archive_sheets(ORG, details).unwrap(),
    );
    let t = text(&path);
    assert_eq!(t.matches("民意诉求登记表").count(), 5);
    assert!(t.matches("第1页共").count() == 5);
    assert_fonts_embedded_subset(&path);
    let first = env.number_where("1 = 1");
    assert_eq!(qr_codes(&path, 1), [first]);
    assert!(archive_sheets(ORG, std::iter::empty()).is_err());
}
