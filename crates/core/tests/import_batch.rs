//! A batch import flags the same likely duplicates however it is cut into chunks, whatever its
//! memo of bigrams holds, and however far ahead of the writer its lookups were read against a
//! snapshot of the file: the memo only saves re-reading candidates and the lookahead only moves
//! work to another thread; neither ever changes a hint.

mod common;

use common::*;
use minyi_core::model::{Channel, Ctx};
use minyi_core::queries::duplicates::BatchMemory;
use minyi_core::usecases::import::{
    AheadReader, ImportRow, RowOutcome, import_prepared, import_rows, look_ahead, prepare_rows,
};
use minyi_core::usecases::register::register;
use std::collections::VecDeque;

const TEXTS: [&str; 8] = [
    "小区旁工地每天夜里十一点以后还在施工，噪音很大，影响休息。",
    "学院路公交站台的雨棚被风刮坏了，下雨天等车的人都淋湿了。",
    "小区旁工地每天夜里十一点以后还在施工，噪音很大，影响休息，请尽快处理。",
    "菜市场门口的下水道堵塞，污水漫到路面，气味很难闻。",
    "学院路公交站台的雨棚被风刮坏了，下雨天等车的人都淋湿了！",
    "菜市场门口的下水道堵塞，污水漫到路面，气味很难闻，已经三天了。",
    "小区旁工地每天夜里十一点以后还在施工，噪音很大，影响休息。",
    "建议在文三街道口增设一处非机动车停放点，现在电动车乱停。",
];

/// A row: its text, phone and receipt time.
fn row(i: usize, text: String, phone: String, received_at: String) -> ImportRow {
    let mut form = input("wechat", "complaint", &phone, &text);
    form.subject = format!("留言{i}");
    form.received_at = received_at;
    ImportRow {
        line: i as u64 + 2,
        input: form,
    }
}

/// Rows with near-identical texts among unrelated ones, a repeated phone, and one exact repeat.
fn rows() -> Vec<ImportRow> {
    TEXTS
        .iter()
        .enumerate()
        .map(|(i, text)| {
            // Rows 0, 3 and 6 share a phone.
            let phone = if i % 3 == 0 {
                "13800000001".to_string()
            } else {
                format!("1380000001{i}")
            };
            let at = format!("2026-11-1{}T0{}:00:00+08:00", i % 5, i);
            row(i, text.to_string(), phone, at)
        })
        .collect()
}

/// Many rows for the lookahead: more than ten of one phone (the same-phone lookup keeps ten) and
/// more than a hundred variants of each of a few texts (each fingerprint hash lists a hundred),
/// so that the appeals registered after a snapshot push the snapshot's own out of both lists.
fn many_rows() -> Vec<ImportRow> {
    (0..260)
        .map(|i| {
            let mut text = TEXTS[i % 4].to_string();
            // Variants: the same text with a different ending, some too different to count.
            text.push_str(&format!("第{}次反映。", i / 4));
            if i % 7 == 0 {
                text.push_str("另外楼下的路灯也坏了很久，晚上出门很不方便，希望一并处理。");
            }
            let phone = if i % 5 == 0 {
                "13900000005".to_string()
            } else {
                format!("139{:08}", i)
            };
            // Some received weeks before the others: outside their window.
            let at = if i % 11 == 0 {
                format!("2026-09-2{}T08:00:00+08:00", i % 10)
            } else {
                format!("2026-11-1{}T{:02}:{:02}:00+08:00", i % 6, i % 24, i % 60)
            };
            row(i, text, phone, at)
        })
        .collect()
}

/// Appeals registered before the import, a day earlier: candidates the import's memo never saw,
/// some received outside the window.
fn earlier(env: &mut Env) {
    let ctx = Ctx::new(&env.office.clerk, at("2026-11-18T10:00:00+08:00"));
    let rows: Vec<ImportRow> = (0..30)
        .map(|i| {
            let received = if i % 3 == 0 {
                "2026-09-01T09:00:00+08:00".to_string()
            } else {
                format!("2026-11-0{}T09:00:00+08:00", 1 + i % 9)
            };
            let text = format!("{}早先第{i}件。", TEXTS[i % 4]);
            row(1000 + i, text, "13900000005".to_string(), received)
        })
        .collect();
    import_rows(
        &mut env.store,
        &ctx,
        Channel::Wechat,
        &rows,
        &BatchMemory::new(),
    )
    .unwrap();
}

/// A hint as compared: number, same phone, similarity in thousandths.
type Hint = (String, bool, i64);

/// What each row became: registration number and its hints.
fn outcomes(outcomes: Vec<RowOutcome>) -> Vec<(String, Vec<Hint>)> {
    outcomes
        .into_iter()
        .map(|o| {
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
            (reg_number, hints)
        })
        .collect()
}

fn import(rows: &[ImportRow], chunk: usize, shared_memo: bool) -> Vec<(String, Vec<Hint>)> {
    import_beside(rows, chunk, shared_memo, false)
}

/// Another workstation registers an appeal like the import's rows, with the import's repeated
/// phone, between two chunks.
fn other_workstation(env: &mut Env, k: usize) {
    let clerk = env.office.clerk.clone();
    let mut form = input("walk_in", "complaint", "13900000005", TEXTS[k % 4]);
    form.received_at = "2026-11-13T09:00:00+08:00".into();
    let ctx = Ctx::new(&clerk, at("2026-11-20T10:05:00+08:00"));
    register(&mut env.store, &ctx, &form).unwrap();
}

/// [`import`], with `others`: another workstation registers between chunks.
fn import_beside(
    rows: &[ImportRow],
    chunk: usize,
    shared_memo: bool,
    others: bool,
) -> Vec<(String, Vec<Hint>)> {
    let mut env = env();
    earlier(&mut env);
    let clerk = env.office.clerk.clone();
    let ctx = Ctx::new(&clerk, at("2026-11-20T10:00:00+08:00"));
    let mut memo = BatchMemory::new();
    let mut out = Vec::new();
    for (k, part) in rows.chunks(chunk).enumerate() {
        if !shared_memo {
            memo = BatchMemory::new();
        }
        out.extend(outcomes(
            import_rows(&mut env.store, &ctx, Channel::Wechat, part, &memo).unwrap(),
        ));
        if others {
            other_workstation(&mut env, k);
        }
    }
    out
}

/// How an import looked ahead: `lag` chunks early; with the writer's memory of its own rows kept
/// from chunk to chunk (`recent`) or not (the lookups are then completed with SQL); with
/// another workstation registering between chunks (`others`).
#[derive(Debug, Clone, Copy)]
struct Ahead {
    lag: usize,
    recent: bool,
    others: bool,
}

/// The import as the sheets crate runs it, made deterministic: each chunk's lookups are read
/// ahead against the file as it is `lag` chunks before that chunk is written.
fn import_ahead(rows: &[ImportRow], chunk: usize, how: Ahead) -> Vec<(String, Vec<Hint>)> {
    let mut env = env();
    earlier(&mut env);
    let clerk = env.office.clerk.clone();
    let ctx = Ctx::new(&clerk, at("2026-11-20T10:00:00+08:00"));
    let mut reader = AheadReader::open(&env.store)
        .unwrap()
        .expect("a file to read beside");
    let memory = BatchMemory::new();
    let chunks: Vec<&[ImportRow]> = rows.chunks(chunk).collect();
    let mut ready = VecDeque::new();
    let mut out = Vec::new();
    for k in 0..chunks.len() {
        while ready.len() + k <= (k + how.lag).min(chunks.len() - 1) {
            let mut prepared = prepare_rows(ctx.now, Channel::Wechat, chunks[ready.len() + k]);
            look_ahead(&mut reader, &mut prepared, &memory).unwrap();
            assert!(prepared.iter().all(|p| p.looked_ahead()));
            ready.push_back(prepared);
        }
        let prepared = ready.pop_front().unwrap();
        if !how.recent {
            memory.forget_own_rows();
        }
        out.extend(outcomes(
            import_prepared(&mut env.store, &ctx, Channel::Wechat, prepared, &memory).unwrap(),
        ));
        if how.others {
            other_workstation(&mut env, k);
        }
    }
    out
}

#[test]
fn hints_do_not_depend_on_chunks_or_the_memo() {
    let rows = rows();
    let one_by_one = import(&rows, 1, false);
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
    assert_eq!(import(&rows, 3, true), one_by_one);
    assert_eq!(import(&rows, 8, true), one_by_one);
    assert_eq!(import(&rows, 3, false), one_by_one);
}

#[test]
fn hints_read_ahead_against_a_snapshot_are_the_hints_of_the_whole_lookup() {
    let rows = many_rows();
    let one_by_one = import(&rows, 1, false);
    let flagged = |o: &[(String, Vec<Hint>)], by_phone: bool| {
        o.iter()
            .filter(|(_, h)| h.iter().any(|(_, p, _)| *p == by_phone))
            .count()
    };
    assert!(flagged(&one_by_one, true) > 40, "rows flagged by phone");
    assert!(flagged(&one_by_one, false) > 100, "rows flagged by content");
    assert!(
        one_by_one.iter().any(|(_, h)| h.len() >= 15),
        "full lists: ten by phone and more by content"
    );
    for (chunk, lag) in [(1, 0), (1, 3), (7, 0), (7, 1), (25, 1), (25, 2), (260, 0)] {
        for recent in [true, false] {
            let how = Ahead {
                lag,
                recent,
                others: false,
            };
            assert_eq!(
                import_ahead(&rows, chunk, how),
                one_by_one,
                "chunks of {chunk}, {how:?}"
            );
        }
    }
    // Appeals registered elsewhere between chunks are among those after a snapshot too.
    for chunk in [7, 25] {
        let beside = import_beside(&rows, chunk, true, true);
        assert_ne!(
            beside, one_by_one,
            "the other workstation's appeals are hints"
        );
        for lag in [0, 1, 2] {
            let how = Ahead {
                lag,
                recent: true,
                others: true,
            };
            assert_eq!(
                import_ahead(&rows, chunk, how),
                beside,
                "chunks of {chunk}, {how:?}"
            );
        }
    }
}
