//! The statements every registration and every imported row runs are planned once, not again at
//! each execution. SQLite re-prepares a statement whose plan looked at a bound value whenever a
//! new value is bound (and with `sqlite_stat4` statistics, as in any file the demo generator or
//! `PRAGMA optimize` has analysed, it looks at many). The duplicate lookup and the import
//! fingerprint did that at every row, and parsing was a sixth of a batch import's time.

mod common;

use common::*;
use minyi_core::model::{Channel, Ctx};
use minyi_core::queries::duplicates;
use minyi_core::queries::duplicates::BatchMemory;
use minyi_core::usecases::import::{ImportRow, import_rows};
use minyi_core::usecases::register::register;
use rusqlite::StatementStatus;

const CONTENTS: [&str; 4] = [
    "小区旁工地每天夜里十一点以后还在施工，噪音很大，影响休息。",
    "学院路公交站台的雨棚被风刮坏了，下雨天等车的人都淋湿了。",
    "菜市场门口的下水道堵塞，污水漫到路面，气味很难闻。",
    "建议在文三街道口增设一处非机动车停放点，现在电动车乱停。",
];

/// How often SQLite re-prepared the cached statement of `sql`, and how many VM steps it ran (a
/// statement that never ran was not the one registration used).
fn reprepared(env: &Env, sql: &str) -> (i32, i32) {
    let st = env.store.sql_for_tests().prepare_cached(sql).unwrap();
    (
        st.get_status(StatementStatus::RePrepare),
        st.get_status(StatementStatus::VmStep),
    )
}

fn register_batch(env: &mut Env, phone_prefix: &str) {
    let ctx = Ctx::new(&env.office.clerk, at("2026-11-20T10:00:00+08:00"));
    for (i, content) in CONTENTS.iter().enumerate() {
        let mut form = input(
            "walk_in",
            "complaint",
            &format!("{phone_prefix}{i}"),
            content,
        );
        form.subject = format!("第{i}件");
        register(&mut env.store, &ctx, &form).unwrap();
    }
    // Each text twice: the second finds the first among its candidates with its bigrams already
    // in the batch's memo.
    let rows: Vec<ImportRow> = CONTENTS
        .iter()
        .chain(CONTENTS.iter())
        .enumerate()
        .map(|(i, content)| {
            let mut form = input(
                "wechat",
                "complaint",
                &format!("{phone_prefix}{}", i % 4),
                content,
            );
            form.subject = format!("导入第{i}件");
            form.received_at = format!("2026-11-1{}T09:00:00+08:00", i % 4);
            ImportRow {
                line: i as u64 + 2,
                input: form,
            }
        })
        .collect();
    let memo = BatchMemory::new();
    for row in &rows {
        import_rows(
            &mut env.store,
            &ctx,
            Channel::Wechat,
            std::slice::from_ref(row),
            &memo,
        )
        .unwrap();
    }
}

#[test]
fn registration_and_import_statements_are_planned_once_even_with_statistics() {
    let mut env = sqlite_env();
    register_batch(&mut env, "1381234567");
    // Statistics as the million-appeal file has them: with stat4 samples the planner looks at
    // bound values of more statements.
    env.store.sql_for_tests().execute_batch("ANALYZE").unwrap();
    register_batch(&mut env, "1391234567");
    let lookup = duplicates::LOOKUP_STATEMENTS;
    for (what, sql) in lookup
        .into_iter()
        .chain([("import fingerprint", minyi_core::testing::IMPORT_FIND_SQL)])
    {
        let (reprepares, steps) = reprepared(&env, sql);
        assert!(steps > 0, "{what}: not the statement registration ran");
        // ANALYZE changes the schema, which re-prepares every statement once.
        assert!(reprepares <= 1, "{what}: re-prepared {reprepares} times");
    }
}
