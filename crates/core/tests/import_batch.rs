//! A batch import flags the same likely duplicates however it is cut into chunks and whatever its
//! memo of bigrams holds: the memo only saves re-reading candidates, it never changes a hint.

mod common;

use common::*;
use minyi_core::model::{Channel, Ctx};
use minyi_core::queries::bigram_memo::BigramMemo;
use minyi_core::usecases::import::{ImportRow, RowOutcome, import_rows};

/// Rows with near-identical texts among unrelated ones, a repeated phone, and one exact repeat.
fn rows() -> Vec<ImportRow> {
    let texts = [
        "小区旁工地每天夜里十一点以后还在施工，噪音很大，影响休息。",
        "学院路公交站台的雨棚被风刮坏了，下雨天等车的人都淋湿了。",
        "小区旁工地每天夜里十一点以后还在施工，噪音很大，影响休息，请尽快处理。",
        "菜市场门口的下水道堵塞，污水漫到路面，气味很难闻。",
        "学院路公交站台的雨棚被风刮坏了，下雨天等车的人都淋湿了！",
        "菜市场门口的下水道堵塞，污水漫到路面，气味很难闻，已经三天了。",
        "小区旁工地每天夜里十一点以后还在施工，噪音很大，影响休息。",
        "建议在文三街道口增设一处非机动车停放点，现在电动车乱停。",
    ];
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            // Rows 0, 3 and 6 share a phone.
            let phone = if i % 3 == 0 {
                "13800000001".to_string()
            } else {
                format!("1380000001{i}")
            };
            let mut form = input("wechat", "complaint", &phone, text);
            form.subject = format!("留言{i}");
            form.received_at = format!("2026-11-1{}T0{}:00:00+08:00", i % 5, i);
            ImportRow {
                line: i as u64 + 2,
                input: form,
            }
        })
        .collect()
}

/// A hint as compared: number, same phone, similarity in thousandths.
type Hint = (String, bool, i64);

/// What each row became: registration number and its hints.
fn import(chunk: usize, shared_memo: bool) -> Vec<(String, Vec<Hint>)> {
    let mut env = env();
    let ctx = Ctx::new(&env.office.clerk, at("2026-11-20T10:00:00+08:00"));
    let rows = rows();
    let mut memo = BigramMemo::new();
    let mut out = Vec::new();
    for part in rows.chunks(chunk) {
        if !shared_memo {
            memo = BigramMemo::new();
        }
        for o in import_rows(&mut env.store, &ctx, Channel::Wechat, part, &mut memo).unwrap() {
            let RowOutcome::Registered {
                reg_number,
                likely_duplicates,
                ..
            } = o
            else {
                panic!("every row registers: {o:?}");
            };
            let hints = likely_duplicates
                .iter()
                .map(|h| {
                    (
                        h.reg_number.clone(),
                        h.same_phone,
                        (h.similarity.unwrap_or(-1.0) * 1000.0).round() as i64,
                    )
                })
                .collect();
            out.push((reg_number, hints));
        }
    }
    out
}

#[test]
fn hints_do_not_depend_on_chunks_or_the_memo() {
    let one_by_one = import(1, false);
    assert!(
        one_by_one.iter().filter(|(_, h)| !h.is_empty()).count() >= 4,
        "the rows are built to be flagged: {one_by_one:#?}"
    );
    assert!(
        one_by_one
            .iter()
            .flat_map(|(_, h)| h)
            .any(|(_, same_phone, sim)| !same_phone && *sim >= 600),
        "some hints are by content"
    );
    assert_eq!(import(3, true), one_by_one);
    assert_eq!(import(8, true), one_by_one);
    assert_eq!(import(3, false), one_by_one);
}
