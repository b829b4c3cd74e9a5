-- Minyi schema version 2: a small fingerprint of each appeal's content for the likely-duplicate
-- lookup at registration (the three smallest hashes of its character trigrams; texts that share
-- most trigrams share these with high probability). Looked up by hash, bounded to recent ids.
CREATE TABLE appeal_sketch (
    appeal_id INTEGER NOT NULL REFERENCES appeals(id),
    h         INTEGER NOT NULL
);
CREATE INDEX appeal_sketch_h ON appeal_sketch(h, appeal_id);

-- Files created by an early build of version 1 lack this setting (see 001): no merge work inside
-- a user's commit; FTS5 merges a level only once it fills.
INSERT INTO appeal_fts(appeal_fts, rank) VALUES ('automerge', 0);
