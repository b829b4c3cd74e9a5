//! PostgreSQL migrations from an older schema, as SQLite's are tested from fixtures of every older
//! file: a database at version 17, holding appeals whose search-index entries still wait in GIN's
//! pending lists (fastupdate on, as 17 had it), opened by this program — migration 018 turns the
//! pending lists off and merges what waits, 019 turns them on again, and from then on the
//! process's merging thread (`store::pg::pending`) merges new entries within seconds, until the
//! last store closes; the rows stay found through the indexes.
//! PostgreSQL only (`MINYI_TEST_PG`).

use minyi_core::Store;
use minyi_core::testing::pg::{TestDatabase, cluster_or_skip};
use std::path::Path;
use std::time::{Duration, Instant};

const SEARCH_INDEXES: &[&str] = &[
    "appeals_subject_trgm",
    "appeals_content_trgm",
    "appellants_address_trgm",
    "appeal_search_numbers_trgm",
    "appeal_search_grams",
];

/// Inserts appeals `from..=to` (with appellants and search rows) as rows of schema 17 without an
/// office around them (the foreign keys are not the point: replica mode skips their checks).
fn insert_rows(c: &mut postgres::Client, from: i32, to: i32) {
    c.batch_execute(&format!(
        "SET session_replication_role = replica;
         INSERT INTO appellants(id, name, phone, address, anonymous)
             SELECT g, '甲' || g, '138' || lpad(g::text, 8, '0'), '幸福路' || g || '号', 0
             FROM generate_series({from}, {to}) g;
         INSERT INTO appeals(id, reg_number, appellant_id, channel, category, category_confirmed,
                 subject, content, urgency, major, received_at, registered_at, registered_by, status,
                 round, stage, stage_started_on, stage_days, due_date, expected_feedback_date,
                 supervision_count, escalated, updated_at)
             SELECT g, 'F-' || g, g, 'walk_in', 'complaint', 0, '噪音扰民第' || g || '件',
                 '夜间施工噪音扰民，请求处理。编号' || g, 'normal', 0, '2026-12-01 09:00:00',
                 '2026-12-01 09:00:00', 1, 'registered', 1, 'initial_review', '2026-12-01', 2,
                 '2026-12-03', '2026-12-16', 0, 0, '2026-12-01 09:00:00'
             FROM generate_series({from}, {to}) g;
         INSERT INTO appeal_search(appeal_id, numbers, grams)
             SELECT g, 'F-' || g, ARRAY['噪音', '音扰', '扰民'] FROM generate_series({from}, {to}) g;
         SET session_replication_role = origin;"
    ))
    .unwrap();
}

/// The entries waiting in the search indexes' pending lists (read from each index's metapage).
fn pending(c: &mut postgres::Client) -> i64 {
    SEARCH_INDEXES
        .iter()
        .map(|index| -> i64 {
            c.query_one(
                "SELECT n_pending_tuples FROM gin_metapage_info(get_raw_page($1, 0))",
                &[index],
            )
            .unwrap()
            .get(0)
        })
        .sum()
}

/// The search indexes with `fastupdate` set to `value`.
fn fastupdate(c: &mut postgres::Client, value: &str) -> usize {
    c.query(
        "SELECT 1 FROM pg_class WHERE relname = ANY($1) AND reloptions @> ARRAY['fastupdate=' || $2]",
        &[&SEARCH_INDEXES, &value],
    )
    .unwrap()
    .len()
}

/// Waits up to `limit` for `done`, answering whether it came.
fn within(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    done()
}

#[test]
fn a_version_17_database_is_brought_up_to_date_and_its_pending_entries_merged() {
    let Some(cluster) = cluster_or_skip("a_version_17_database_is_brought_up_to_date") else {
        return;
    };
    let db = TestDatabase::at_version(&cluster, 17);
    let mut c = db.connect();
    // Autovacuum merges pending lists too: off for these tables, so that only the store's thread
    // can empty them here.
    c.batch_execute(
        "CREATE EXTENSION pageinspect;
         ALTER TABLE appeals SET (autovacuum_enabled = false);
         ALTER TABLE appellants SET (autovacuum_enabled = false);
         ALTER TABLE appeal_search SET (autovacuum_enabled = false);",
    )
    .unwrap();
    insert_rows(&mut c, 1, 300);
    assert_eq!(fastupdate(&mut c, "off"), 0, "17 keeps the default (on)");
    assert!(pending(&mut c) > 0, "17's new entries wait in the lists");

    let store = Store::open_url(db.url(), Path::new(".")).unwrap();
    let version: i64 = c
        .query_one("SELECT version FROM schema_version", &[])
        .unwrap()
        .get(0);
    assert_eq!(version, minyi_core::testing::pg::schema_version());
    assert!(version >= 19);
    assert_eq!(fastupdate(&mut c, "on"), SEARCH_INDEXES.len());
    assert_eq!(pending(&mut c), 0, "018 merged what waited");

    // New entries go to the lists again (too few to fill one: only a merge empties them), and
    // the open store's merging thread merges them.
    insert_rows(&mut c, 301, 600);
    assert!(
        within(Duration::from_secs(15), || pending(&mut c) == 0),
        "the pending entries were not merged while the store was open"
    );

    // The thread ends with the last store of the process, and its connection with it.
    drop(store);
    let connections = |c: &mut postgres::Client| -> i64 {
        c.query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
               AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0)
    };
    assert!(
        within(Duration::from_secs(10), || connections(&mut c) == 0),
        "a connection to the database stayed open after the store closed"
    );

    // Every row is still there and found through the indexes.
    c.batch_execute("SET enable_seqscan = off").unwrap();
    let found =
        |c: &mut postgres::Client, sql: &str| -> i64 { c.query_one(sql, &[]).unwrap().get(0) };
    assert_eq!(
        found(
            &mut c,
            "SELECT count(*) FROM appeals WHERE content LIKE '%噪音扰民%'"
        ),
        600
    );
    assert_eq!(
        found(
            &mut c,
            "SELECT count(*) FROM appellants WHERE address LIKE '%幸福路%'"
        ),
        600
    );
    assert_eq!(
        found(
            &mut c,
            "SELECT count(*) FROM appeal_search WHERE grams @> ARRAY['扰民']"
        ),
        600
    );
}

#[test]
fn a_version_19_database_gets_byte_compared_pairs_and_keeps_their_statistics() {
    let Some(cluster) = cluster_or_skip("a_version_19_database_gets_byte_compared_pairs") else {
        return;
    };
    let db = TestDatabase::at_version(&cluster, 19);
    let mut c = db.connect();
    insert_rows(&mut c, 1, 300);
    c.batch_execute("ANALYZE appeal_search").unwrap();
    let pairs_statistics = |c: &mut postgres::Client| -> i64 {
        c.query_one(
            "SELECT count(*) FROM pg_stats WHERE tablename = 'appeal_search'
               AND attname = 'grams' AND most_common_elems IS NOT NULL",
            &[],
        )
        .unwrap()
        .get(0)
    };
    assert_eq!(pairs_statistics(&mut c), 1, "19 has the pairs' statistics");

    let store = Store::open_url(db.url(), Path::new(".")).unwrap();
    let collation: String = c
        .query_one(
            "SELECT co.collname::text FROM pg_attribute a JOIN pg_collation co
               ON co.oid = a.attcollation
             WHERE a.attrelid = 'appeal_search'::regclass AND a.attname = 'grams'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(collation, "C");
    // Changing the collation drops the column's statistics; the two-character search chooses its
    // plan from them, so the migration gathers them again.
    assert_eq!(
        pairs_statistics(&mut c),
        1,
        "020 lost the pairs' statistics"
    );
    // Every row holds the pair: with the statistics it is common (without them every pair looks
    // rare and a common term is driven from the index).
    assert!(minyi_core::testing::search_pair_is_common(&store, "扰民").unwrap());
    drop(store);
}
