-- Minyi schema version 20 on PostgreSQL: the search rows' character pairs (`appeal_search.grams`)
-- compared byte by byte (`COLLATE "C"`; decision 0014 §3.2, "What the indexes cost a load").
--
-- The database is created with the `C.UTF-8` locale (pg_trgm needs its character classes), and
-- PostgreSQL 15 compares text under any collation but "C" through the C library's `strcoll`, even
-- where, as under `C.UTF-8`, the order is the bytes' order anyway. The pairs index compares
-- millions of pairs: at a million appeals `perf` showed those comparisons as the larger part of
-- building it, which a load does at its end (197 s → 125 s under "C") and a registration's merge
-- does a little of every second. Which pairs an appeal has, and so every search, is unchanged:
-- equal pairs are equal bytes under both collations.
--
-- Changing a column's collation rewrites no row, but builds the pairs index again (about two
-- minutes at a million appeals, once) and drops the column's statistics, from which the
-- two-character search chooses between the pairs index and the newest-first scan
-- (`search::pg::pair_is_common`): without them every pair looked rare, and a common term's page
-- took 55 ms instead of 7 at a million appeals. So where the column had statistics they are
-- gathered again here (seconds); where it had none (a new database), it is left without, as
-- before.
DO $$
DECLARE
    had_statistics boolean := EXISTS (
        SELECT 1 FROM pg_stats
        WHERE schemaname = current_schema() AND tablename = 'appeal_search' AND attname = 'grams');
BEGIN
    ALTER TABLE appeal_search ALTER COLUMN grams TYPE text[] COLLATE "C";
    -- Kept as they were by the rebuild, stated again so that the schema says them.
    ALTER TABLE appeal_search ALTER COLUMN grams SET STATISTICS 1000;
    ALTER INDEX appeal_search_grams SET (fastupdate = on);
    IF had_statistics THEN
        ANALYZE appeal_search;
    END IF;
END $$;
