//! The disclosure report as PDF and as a web page: no appellant's name, phone, address or ID
//! number in either (checked against every appellant of the test database and a planted one),
//! suppressed numbers shown as "—" and never their value, the headings and footnotes present,
//! the page self-contained.

mod common;

use chrono::NaiveDate;
use common::{ORG, RARE_NAME, env, pages, save, text};
use minyi_analysis::disclosure::{Disclosure, disclosure};
use minyi_analysis::period::Period;
use minyi_core::Store;
use minyi_core::store::settings::SettingKey;
use minyi_paper::{disclosure_html, disclosure_report};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Every appellant's name, phone, address and ID number of at least two characters.
fn personal_data(store: &Store) -> Vec<String> {
    let mut stmt = store
        .sql_for_tests()
        .prepare("SELECT name, phone, address, id_number FROM appellants")
        .unwrap();
    let rows: Vec<[Option<String>; 4]> = stmt
        .query_map([], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows.into_iter()
        .flatten()
        .flatten()
        .filter(|v| v.chars().count() >= 2)
        .collect()
}

fn assert_no_personal_data(what: &str, text: &str, people: &[String]) {
    for v in people {
        let squeezed: String = v.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(
            !text.contains(&squeezed),
            "personal data {v:?} in the {what}"
        );
    }
}

/// A year of demo data plus one walk-in appellant easy to spot, at a threshold that hides cells.
fn setup() -> (common::Env, Disclosure) {
    let mut env = env();
    env.register_rare("本人住文三路88号，电话13912345678，夜间施工噪音扰民。");
    minyi_core::testing::set_setting(&env.store, SettingKey::DisclosureThreshold, "12").unwrap();
    let period = Period::new(d("2026-01-01"), d("2026-11-30")).unwrap();
    let out = disclosure(&env.store, period, d("2026-11-28")).unwrap();
    (env, out)
}

#[test]
fn the_pdf_report_has_the_headings_and_suppressed_cells_and_no_personal_data() {
    let (env, dis) = setup();
    let people = personal_data(&env.store);
    assert!(people.iter().any(|p| p == RARE_NAME));
    let pdf = disclosure_report(&dis, ORG, d("2026-11-28")).unwrap();
    let path = save(env.dir.path(), "信息公开.pdf", &pdf);
    let t = text(&path);

    for heading in [
        ORG,
        "民意诉求办理情况公开",
        "统计时段：2026年1月1日至2026年11月30日",
        "一、按诉求类型",
        "二、按受理渠道",
        "三、办理结果",
        "四、回访满意度",
        "为保护诉求人隐私，1至11件的数字不予公开",
        "2026年11月28日",
    ] {
        let h: String = heading.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(t.contains(&h), "{heading} missing from the PDF");
    }
    let n = pages(&path);
    assert!(t.contains(&format!("第1页共{n}页")), "page numbers");
    assert_no_personal_data("PDF", &t, &people);

    // A suppressed channel is printed as its label followed by the dash, not by its count.
    let hidden: Vec<_> = dis
        .by_channel
        .iter()
        .filter(|c| c.count.is_none())
        .collect();
    assert!(hidden.len() >= 2, "the threshold hides channels");
    for c in hidden {
        assert!(
            t.contains(&format!("{}—", c.label)),
            "{} not shown as —",
            c.label
        );
    }
    for c in dis
        .by_channel
        .iter()
        .filter(|c| c.count.is_some_and(|n| n > 0))
    {
        assert!(t.contains(&format!("{}{}", c.label, c.count.unwrap())));
    }
}

#[test]
fn the_web_page_is_self_contained_escaped_and_carries_no_personal_data() {
    let (env, dis) = setup();
    let people = personal_data(&env.store);
    let org = "云江市<民意>办公室 & \"接待中心\"";
    let html = disclosure_html(&dis, org, d("2026-11-28"));

    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("云江市&lt;民意&gt;办公室 &amp; &quot;接待中心&quot;"));
    assert!(!html.contains("<民意>"), "the organisation name is escaped");
    for banned in [
        "<script", "<link", "<img", "src=", "href=", "url(", "@import", "http",
    ] {
        assert!(
            !html.contains(banned),
            "{banned} makes the page depend on something"
        );
    }
    for heading in [
        "一、按诉求类型",
        "二、按受理渠道",
        "三、办理结果",
        "四、回访满意度",
    ] {
        assert!(html.contains(&format!("<h2>{heading}</h2>")));
    }
    assert!(html.contains("统计时段：2026年1月1日至2026年11月30日"));
    assert!(html.contains("注2：为保护诉求人隐私，1 至 11 件的数字不予公开"));
    assert_no_personal_data("web page", &html, &people);

    for c in &dis.by_channel {
        let cell = match c.count {
            None => "<td class=\"n hidden\">—</td>".to_string(),
            Some(n) => format!("<td class=\"n\">{n}</td>"),
        };
        let row = format!("<tr><td>{}</td>{cell}</tr>", c.label);
        assert!(html.contains(&row), "{row} missing");
    }
    std::fs::write(env.dir.path().join("信息公开.html"), &html).unwrap();
}
