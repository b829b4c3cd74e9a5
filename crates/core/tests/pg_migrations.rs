//! PostgreSQL migrations from an older schema, as SQLite's are tested from fixtures of every older
//! file: a database at version 17, holding appeals whose search-index entries still wait in GIN's
//! pending lists (fastupdate on, as 17 had it), opened by this program — migration 018 turns the
//! pending lists off and merges what waits, and the rows stay found through the indexes.
//! PostgreSQL only (`MINYI_TEST_PG`).

use minyi_core::Store;
use minyi_core::testing::pg::{TestDatabase, cluster_or_skip};
use std::path::Path;

const SEARCH_INDEXES: &[&str] = &[
    "appeals_subject_trgm",
    "appeals_content_trgm",
    "appellants_address_trgm",
    "appeal_search_numbers_trgm",
    "appeal_search_grams",
];

#[test]
fn a_version_17_database_is_brought_to_18_with_its_pending_index_entries_merged() {
    let Some(cluster) = cluster_or_skip("a_version_17_database_is_brought_to_18") else {
        return;
    };
    let db = TestDatabase::at_version(&cluster, 17);
    let mut c = db.connect();
    // Rows of schema 17 without an office around them (the fixture's foreign keys are not the
    // point: replica mode skips their checks for this session).
    c.batch_execute(
        "SET session_replication_role = replica;
         INSERT INTO appellants(id, name, phone, address, anonymous)
             SELECT g, '甲' || g, '138' || lpad(g::text, 8, '0'), '幸福路' || g || '号', 0
             FROM generate_series(1, 300) g;
         INSERT INTO appeals(id, reg_number, appellant_id, channel, category, category_confirmed,
                 subject, content, urgency, major, received_at, registered_at, registered_by, status,
                 round, stage, stage_started_on, stage_days, due_date, expected_feedback_date,
                 supervision_count, escalated, updated_at)
             SELECT g, 'F-' || g, g, 'walk_in', 'complaint', 0, '噪音扰民第' || g || '件',
                 '夜间施工噪音扰民，请求处理。编号' || g, 'normal', 0, '2026-12-01 09:00:00',
                 '2026-12-01 09:00:00', 1, 'registered', 1, 'initial_review', '2026-12-01', 2,
                 '2026-12-03', '2026-12-16', 0, 0, '2026-12-01 09:00:00'
             FROM generate_series(1, 300) g;
         INSERT INTO appeal_search(appeal_id, numbers, grams)
             SELECT g, 'F-' || g, ARRAY['噪音', '音扰', '扰民'] FROM generate_series(1, 300) g;",
    )
    .unwrap();
    let fastupdate_off = |c: &mut postgres::Client| -> usize {
        c.query(
            "SELECT 1 FROM pg_class WHERE relname = ANY($1)
               AND reloptions @> ARRAY['fastupdate=off']",
            &[&SEARCH_INDEXES],
        )
        .unwrap()
        .len()
    };
    assert_eq!(fastupdate_off(&mut c), 0, "17 keeps the default (on)");

    let store = Store::open_url(db.url(), Path::new(".")).unwrap();
    drop(store);
    let version: i64 = c
        .query_one("SELECT version FROM schema_version", &[])
        .unwrap()
        .get(0);
    assert_eq!(version, minyi_core::testing::pg::schema_version());
    assert!(version >= 18);
    assert_eq!(fastupdate_off(&mut c), SEARCH_INDEXES.len());
    // Every row is still there and found through the indexes.
    c.batch_execute("SET enable_seqscan = off").unwrap();
    let found =
        |c: &mut postgres::Client, sql: &str| -> i64 { c.query_one(sql, &[]).unwrap().get(0) };
    assert_eq!(
        found(
            &mut c,
            "SELECT count(*) FROM appeals WHERE content LIKE '%噪音扰民%'"
        ),
        300
    );
    assert_eq!(
        found(
            &mut c,
            "SELECT count(*) FROM appellants WHERE address LIKE '%幸福路%'"
        ),
        300
    );
    assert_eq!(
        found(
            &mut c,
            "SELECT count(*) FROM appeal_search WHERE grams @> ARRAY['扰民']"
        ),
        300
    );
}
