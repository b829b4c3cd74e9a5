//! Long content flows onto further pages with nothing lost and the page numbers right, and every
//! continuation page of an archive sheet says what it continues (running head, repeated labels and
//! table header); a batch prints many sheets into one PDF, each numbered from page 1 with its own
//! QR code.

mod common;

use common::*;
use minyi_core::model::PlanContent;
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
    // So do the continuation pages' running head and the content label repeated beside it.
    body = body
        .replace(&number, "")
        .replace("民意诉求登记表（续）", "")
        .replace("诉求内容（续）", "");
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
fn every_page_of_a_long_archive_sheet_repeats_its_headers() {
    let env = env();
    let number = env.number_where("a.status = 'closed' AND a.archive_number IS NOT NULL");
    let mut d = env.detail(&number, true);
    // A 10,000-character appeal whose plan is long too, so that both the content and the handling
    // record run over page ends.
    d.appeal.content = long_text();
    assert!(!d.plans.is_empty());
    d.plans[0].content = PlanContent::Complaint {
        facts_found: long_text().chars().take(3_000).collect(),
        responsible_party: "施工单位".into(),
        measures: "限定夜间停工，城管队员每晚巡查。".into(),
    };
    let path = save(env.dir.path(), "long.pdf", &archive_sheet(ORG, &d).unwrap());
    let n = pages(&path);
    assert!(n >= 5, "{n} pages");
    let page: Vec<String> = (1..=n).map(|p| page_text(&path, p)).collect();

    assert!(page[0].contains("民意诉求登记表") && !page[0].contains("（续）"));
    for (i, t) in page.iter().enumerate().skip(1) {
        let p = i + 1;
        assert!(
            t.contains("民意诉求登记表（续）"),
            "page {p} has no running head: {t}"
        );
        assert!(t.contains(&number), "page {p} lacks the number");
        assert!(t.contains(&format!("第{p}页共{n}页")));
    }
    // The handling record starts on some page and runs to the end; its header is on every one of
    // those pages, and the split plan row names itself again.
    let start = page.iter().position(|t| t.contains("办理记录")).unwrap();
    assert!(
        start < n - 1,
        "the record should span pages ({start} of {n})"
    );
    for (i, t) in page.iter().enumerate().skip(start) {
        assert!(
            t.contains("环节办理情况经办人签名日期"),
            "page {} of the record lacks the header",
            i + 1
        );
    }
    // Before the record, the content runs on from page 1; each continuation names it again.
    let mut continued = 0;
    for (i, t) in page.iter().enumerate().take(start + 1).skip(1) {
        let part = t.split("办理记录").next().unwrap();
        if part.contains("段：") {
            continued += 1;
            assert!(
                part.contains("诉求内容（续）"),
                "page {} continues the content without its label",
                i + 1
            );
        }
    }
    assert!(continued >= 3, "{continued} continuation pages");
    assert!(
        page[start + 1..]
            .iter()
            .any(|t| t.contains("处理方案（续）"))
    );
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
            .sql_for_tests()
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
    // Five titles; continuation pages carry the running head "民意诉求登记表（续）" instead.
    let heads = t.matches("民意诉求登记表（续）").count();
    assert_eq!(t.matches("民意诉求登记表").count() - heads, 5);
    assert!(t.matches("第1页共").count() == 5);
    assert_fonts_embedded_subset(&path);
    let first = env.number_where("1 = 1");
    assert_eq!(qr_codes(&path, 1), [first]);
    assert!(archive_sheets(ORG, std::iter::empty()).is_err());
}

/// The first `n` appeals' details with full personal data.
fn details(env: &Env, n: usize) -> Vec<minyi_core::queries::detail::AppealDetail> {
    let ids: Vec<i64> = {
        let mut st = env
            .store
            .sql_for_tests()
            .prepare("SELECT id FROM appeals ORDER BY id LIMIT ?1")
            .unwrap();
        st.query_map([n as i64], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let ctx = env.ctx();
    let purpose = "批量打印测试";
    ids.iter()
        .map(|&id| {
            appeal_for_print_by_id(&env.store, &ctx, id, PrintData::Full { purpose }).unwrap()
        })
        .collect()
}

#[test]
fn a_batch_written_in_parts_is_one_valid_pdf_with_every_sheet_in_order() {
    let env = env();
    let all = details(&env, 5);
    // One part of five, and parts of 2 + 2 + 1: the same sheets, pages and text.
    let mut whole = Vec::new();
    let one = archive_sheets_in_parts(
        ORG,
        all.iter().cloned().map(Ok),
        &mut whole,
        &mut |_, _| std::ops::ControlFlow::Continue(()),
        100,
    )
    .unwrap();
    let mut joined = Vec::new();
    let mut seen = Vec::new();
    let parts = archive_sheets_in_parts(
        ORG,
        all.iter().cloned().map(Ok),
        &mut joined,
        &mut |done, total| {
            seen.push((done, total));
            std::ops::ControlFlow::Continue(())
        },
        2,
    )
    .unwrap();
    assert_eq!(parts, one);
    assert_eq!(parts.sheets, 5);
    assert_eq!(seen, [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]);
    let whole = save(env.dir.path(), "whole.pdf", &whole);
    let joined = save(env.dir.path(), "joined.pdf", &joined);
    // poppler reads the joined file without complaint (xref, page tree, objects).
    let info = std::process::Command::new("pdfinfo")
        .arg(&joined)
        .output()
        .unwrap();
    assert!(info.status.success());
    assert!(
        String::from_utf8_lossy(&info.stderr).trim().is_empty(),
        "{}",
        String::from_utf8_lossy(&info.stderr)
    );
    assert_eq!(pages(&joined), parts.pages);
    assert_eq!(text(&joined), text(&whole));
    assert_fonts_embedded_subset(&joined);
    // The third sheet (first of the second part) starts after the first two sheets' pages and
    // carries its own QR code.
    let before: usize = all[..2]
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let one = save(
                env.dir.path(),
                &format!("s{i}.pdf"),
                &archive_sheet(ORG, d).unwrap(),
            );
            pages(&one)
        })
        .sum();
    assert_eq!(
        qr_codes(&joined, before + 1),
        [all[2].appeal.reg_number.clone()]
    );
}

#[test]
fn a_cancelled_batch_file_leaves_nothing_behind() {
    let env = env();
    let all = details(&env, 3);
    let target = env.dir.path().join("out").join("批量.pdf");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::write(&target, b"an earlier file").unwrap();
    let r = archive_sheets_to_file(ORG, all.iter().cloned().map(Ok), &target, &mut |done, _| {
        if done == 2 {
            std::ops::ControlFlow::Break(())
        } else {
            std::ops::ControlFlow::Continue(())
        }
    });
    assert_eq!(r, Err(PaperError::Cancelled));
    let left: Vec<_> = std::fs::read_dir(target.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        left,
        [std::ffi::OsString::from("批量.pdf")],
        "no partial file"
    );
    assert_eq!(std::fs::read(&target).unwrap(), b"an earlier file");
    let done = archive_sheets_to_file(ORG, all.iter().cloned().map(Ok), &target, &mut |_, _| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(done.sheets, 3);
    assert!(std::fs::read(&target).unwrap().starts_with(b"%PDF"));
}
