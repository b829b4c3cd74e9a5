//! The assessment workbook on demo data, read back with calamine: the ranking sheets hold the
//! analysis' rows cell by cell, the weights and the rewards of the period are there, and the
//! column chart of the departments' scores exists in the file.

mod common;

use calamine::Data;
use common::*;
use minyi_core::model::{Ctx, RewardKind};
use minyi_core::usecases::record_reward_penalty::{NewRewardPenalty, record_reward_penalty};
use minyi_demo::generate::{DemoOptions, generate};
use minyi_sheets::assessment_book::export_assessment;
use std::io::Read;

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn assessment_workbook_holds_the_ranking_weights_rewards_and_a_chart() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = minyi_core::Store::open(&dir.path().join("demo.db")).unwrap();
    let now = at("2026-11-27T17:00:00+08:00");
    generate(
        &mut store,
        &DemoOptions {
            appeals: 800,
            seed: 3,
            now,
        },
        &mut |_, _| {},
    )
    .unwrap();
    let office = minyi_demo::seed_office(&mut store, now).unwrap();
    let ctx = Ctx::new(&office.office, now);
    let day = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    record_reward_penalty(
        &mut store,
        &ctx,
        &NewRewardPenalty {
            period_from: day("2026-01-01"),
            period_to: day("2026-11-27"),
            department_id: Some(office.departments[1].0),
            user_id: None,
            kind: RewardKind::Reward,
            reason: "按期办结率全系统第一。".into(),
        },
    )
    .unwrap();
    let out = dir.path().join("考核排名.xlsx");
    let a = export_assessment(&store, &ctx, day("2026-01-01"), day("2026-11-27"), &out).unwrap();
    assert!(a.departments.len() >= 5);

    let depts = read_sheet(&out, Some("部门考核"));
    assert_eq!(s(&depts[0][0]), "排名");
    assert_eq!(s(&depts[0][1]), "部门");
    assert_eq!(s(&depts[0][2]), "综合得分");
    // Appellants reached at feedback (联系上), not the return visits (回访) of their own feature.
    assert_eq!(s(&depts[0][16]), "满意数");
    assert_eq!(s(&depts[0][17]), "联系上数");
    assert!(
        depts[0].iter().all(|h| !s(h).contains("回访")),
        "no column names the return visits"
    );
    assert_eq!(
        depts.len(),
        a.departments.len() + 1,
        "header + one row each"
    );
    for (row, want) in depts[1..].iter().zip(&a.departments) {
        assert_eq!(num(&row[0]) as i64, want.rank);
        assert_eq!(s(&row[1]), want.name);
        assert!((num(&row[2]) - want.scores.weighted).abs() < 1e-9);
        match want.scores.efficiency {
            Some(v) => assert!((num(&row[5]) - v).abs() < 1e-9),
            None => assert_eq!(row[5], Data::Empty, "no figure: an empty cell"),
        }
        assert_eq!(num(&row[10]) as i64, want.figures.intake_measured);
        assert_eq!(num(&row[12]) as i64, want.figures.returned);
        assert_eq!(num(&row[16]) as i64, want.figures.satisfied);
        assert_eq!(num(&row[17]) as i64, want.figures.reached);
        assert_eq!(num(&row[21]) as i64, want.figures.supervised);
        assert_eq!(num(&row[22]) as i64, want.figures.recommendations_adopted);
    }
    let people = read_sheet(&out, Some("人员考核"));
    assert_eq!(
        people[0][..4].iter().map(s).collect::<Vec<_>>(),
        ["排名", "姓名", "所属部门", "综合得分"]
    );
    assert_eq!(people.len(), a.people.len() + 1);
    assert_eq!(s(&people[1][1]), a.people[0].name);
    assert_eq!(s(&people[1][2]), a.people[0].department);

    let weights = read_sheet(&out, Some("权重与说明"));
    let listed: Vec<(String, i64)> = weights[1..7]
        .iter()
        .map(|r| (s(&r[0]), num(&r[1]) as i64))
        .collect();
    assert_eq!(listed.iter().map(|x| x.1).sum::<i64>(), 100);
    assert_eq!(listed[0].0, "受理及时");

    let rewards = read_sheet(&out, Some("奖惩记录"));
    assert_eq!(rewards.len(), 2);
    assert_eq!(s(&rewards[1][0]), "奖励");
    assert_eq!(s(&rewards[1][1]), office.departments[1].1);
    assert!(
        matches!(rewards[1][3], Data::DateTime(_)),
        "a real date cell"
    );

    let print = assert_print_ready(&out);
    assert_eq!(print.len(), 4);
    assert!(
        print[0].landscape && print[1].landscape,
        "the rankings are wide"
    );
    assert!(!print[2].landscape, "the weights fit a portrait page");

    // The chart is a native Excel chart over the department sheet's score column.
    let mut zip = zip_entry(&out, "xl/charts/chart1.xml");
    let mut xml = String::new();
    zip.read_to_string(&mut xml).unwrap();
    assert!(xml.contains("<c:barChart>"), "a column chart");
    assert!(xml.contains("各部门综合得分"));
    assert!(
        xml.contains("部门考核!$C$2:$C$"),
        "values from the score column"
    );
}

/// One file of the xlsx package, through the system `unzip` (the test needs no zip crate).
fn zip_entry(path: &std::path::Path, name: &str) -> std::io::Cursor<Vec<u8>> {
    let out = std::process::Command::new("unzip")
        .arg("-p")
        .arg(path)
        .arg(name)
        .output()
        .expect("unzip is installed");
    assert!(
        out.status.success() && !out.stdout.is_empty(),
        "{name} missing"
    );
    std::io::Cursor::new(out.stdout)
}
