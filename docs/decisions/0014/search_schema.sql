-- The search columns of the appeals, as the SQLite store's trigram index sees them (subject,
-- content, the appellant's address, every number ever issued), for the search measurements of
-- docs/decisions/0014-postgresql.md. Loaded by search.py from a demo database.
--
-- `grams` holds every distinct pair of adjacent characters of subject, content and numbers (the
-- address apart in `address_grams`, as only some staff may search by it): the keys of the
-- 2-character index. It is exact for any 2-character term (a pair is in the array if and only if
-- the text contains it), so the index needs no recheck. The program computes the pairs (search.py
-- stands in for it); an expression index over an SQL function computing them instead took 3 min
-- 47 s to build on 200,000 appeals, and the planner then evaluated the function on every row it
-- scanned (a second per query).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DROP TABLE IF EXISTS appeals_text;
CREATE TABLE appeals_text (
    id             bigint PRIMARY KEY,
    subject        text NOT NULL,
    content        text NOT NULL,
    address        text NOT NULL,
    numbers        text NOT NULL,
    grams          text[] NOT NULL,
    address_grams  text[] NOT NULL
);
