-- Schema for the concurrency proofs of docs/decisions/0014-postgresql.md (run by gapless.sh).
DROP TABLE IF EXISTS counters, issued, events;
CREATE TABLE counters (name text PRIMARY KEY, value bigint NOT NULL);
-- Every number a committed transaction drew: a gap or a duplicate shows here.
CREATE TABLE issued (name text NOT NULL, value bigint NOT NULL, PRIMARY KEY (name, value));
-- A hash-chained log like `events`: id = head + 1, hash over the previous hash and the fields.
CREATE TABLE events (
    id        bigint PRIMARY KEY,
    at        text NOT NULL,
    payload   text NOT NULL,
    prev_hash text NOT NULL,
    hash      text NOT NULL
);
INSERT INTO events VALUES (0, '', '', '', repeat('0', 64));
