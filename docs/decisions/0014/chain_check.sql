-- 1. The chain as the program wrote it (hashes computed in Rust) verifies in SQL: links and
--    recomputed hashes.
SELECT count(*) AS events,
       count(*) FILTER (WHERE prev_hash <> coalesce(prev, repeat('0', 64))) AS bad_links,
       count(*) FILTER (WHERE hash <> minyi_event_hash(e)) AS bad_hashes
FROM (SELECT e, lag(e.hash) OVER (ORDER BY e.id) AS prev, e.prev_hash, e.hash FROM events e) x;
-- 2. The next event appended with its hash computed in SQL (what a BEFORE INSERT trigger would
--    do), linked to the head; Chinese text in the payload.
INSERT INTO events
SELECT (r).id, (r).appeal_id, (r).at, (r).actor_id, (r).action, (r).from_status, (r).to_status,
       (r).reason, (r).payload, (r).on_behalf_department, (r).on_behalf_person, (r).prev_hash,
       minyi_event_hash(r)
FROM (SELECT ROW(h.id + 1, h.appeal_id, '2026-12-06T10:00:00+08:00', h.actor_id, 'add_progress',
                 h.to_status, h.to_status, NULL, '{"note":"中文说明"}', NULL, '王科长', h.hash, '')::events AS r
      FROM (SELECT * FROM events ORDER BY id DESC LIMIT 1) h) s;
SELECT id, left(prev_hash, 12) AS prev, left(hash, 12) AS hash FROM events ORDER BY id DESC LIMIT 2;
-- 3. Tampering is refused by the triggers.
\set ON_ERROR_STOP 0
UPDATE events SET reason = 'edited' WHERE id = 1;
DELETE FROM events WHERE id = 1;
TRUNCATE events;
-- 4. The role the server connects as holds only SELECT and INSERT on the chained tables, and does
--    not own them: it can neither edit a row nor switch the triggers off.
DROP ROLE IF EXISTS minyi_app;
CREATE ROLE minyi_app;
GRANT SELECT, INSERT ON events TO minyi_app;
SET ROLE minyi_app;
UPDATE events SET reason = 'edited' WHERE id = 1;
ALTER TABLE events DISABLE TRIGGER events_append_only;
RESET ROLE;
\set ON_ERROR_STOP 1
-- 5. The owner can switch the triggers off; the chain still shows the edit.
BEGIN;
ALTER TABLE events DISABLE TRIGGER events_append_only;
UPDATE events SET reason = 'edited' WHERE id = 2;
SELECT 'after the owner''s edit' AS state,
       array_agg(id) FILTER (WHERE hash <> minyi_event_hash(e)) AS bad_hashes
FROM events e WHERE id <= 10;
ROLLBACK;
