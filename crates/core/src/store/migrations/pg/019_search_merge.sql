-- Minyi schema version 19 on PostgreSQL: the search indexes' pending lists on again, merged every
-- second by each process that holds the database open (`store::pg::pending`; decision 0014 §3.2,
-- "What the indexes cost a registration").
--
-- Migration 018 turned them off so that no registration would merge a full list (0.25–2.5 s at a
-- million appeals). Off, each registration writes several hundred trigram and pair entries into
-- the indexes one by one: 9–12 ms at the median and 31–55 ms at the 99th percentile at a million
-- appeals, against the 20 ms the city's centre needs. On, with the lists merged every second, a
-- registration appends its entries to the lists (a few pages) and no list ever fills up.
ALTER INDEX appeals_subject_trgm SET (fastupdate = on);
ALTER INDEX appeals_content_trgm SET (fastupdate = on);
ALTER INDEX appellants_address_trgm SET (fastupdate = on);
ALTER INDEX appeal_search_numbers_trgm SET (fastupdate = on);
ALTER INDEX appeal_search_grams SET (fastupdate = on);
