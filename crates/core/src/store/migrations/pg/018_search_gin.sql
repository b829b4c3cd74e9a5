-- Minyi schema version 18 on PostgreSQL: the search indexes without GIN's pending list
-- (decision 0014 §3.2, "What the indexes cost a registration").
--
-- With `fastupdate` on (PostgreSQL's default) a new row's index entries go to a pending list, and
-- the insert that finds the list over `gin_pending_list_limit` (4 MB) merges all of it into the
-- index inside the user's transaction: a registration now and then took 150–550 ms at 20,000
-- appeals and up to 2.5 s at a million, and every search scans the unmerged list. Off, each
-- insert writes its entries into the index at once: a few milliseconds more per registration
-- (p50 +4 ms at 20,000 appeals, +10 ms at a million) and no stall (max 91 ms / 134 ms). A merge
-- task in every server process (`gin_clean_pending_list`) measured a little better but is one
-- more moving part in each process whose failure would bring the stalls back unnoticed.
-- Index rebuilds by the bulk loader and the move keep the setting (`pg_get_indexdef`).
ALTER INDEX appeals_subject_trgm SET (fastupdate = off);
ALTER INDEX appeals_content_trgm SET (fastupdate = off);
ALTER INDEX appellants_address_trgm SET (fastupdate = off);
ALTER INDEX appeal_search_numbers_trgm SET (fastupdate = off);
ALTER INDEX appeal_search_grams SET (fastupdate = off);
-- Entries already pending stay there until merged (turning the setting off does not merge them).
SELECT gin_clean_pending_list('appeals_subject_trgm'::regclass);
SELECT gin_clean_pending_list('appeals_content_trgm'::regclass);
SELECT gin_clean_pending_list('appellants_address_trgm'::regclass);
SELECT gin_clean_pending_list('appeal_search_numbers_trgm'::regclass);
SELECT gin_clean_pending_list('appeal_search_grams'::regclass);
