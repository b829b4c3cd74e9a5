-- Gapless: the numbers kept are exactly 1..n, and the counter stands at n.
SELECT count(*) AS kept, count(DISTINCT value) AS distinct_values, min(value), max(value),
       (SELECT value FROM counters WHERE name = 'reg') AS counter,
       count(*) = max(value) AND max(value) = (SELECT value FROM counters WHERE name = 'reg') AS gapless
FROM issued;
-- The chain: ids consecutive, each row linked to the previous hash, each hash recomputed.
SELECT count(*) AS events,
       count(*) FILTER (WHERE id <> prev_id + 1 OR prev_hash <> prev
           OR hash <> encode(sha256(convert_to(prev_hash || id::text || payload, 'UTF8')), 'hex')) AS broken
FROM (SELECT *, lag(id) OVER w AS prev_id, lag(hash) OVER w AS prev FROM events WINDOW w AS (ORDER BY id)) e
WHERE id > 0;
