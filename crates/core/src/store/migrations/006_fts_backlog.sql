-- Minyi schema version 6: appeals registered one at a time wait here for the full-text index, which
-- takes them in batches (`store::fts_backlog`). Writing one appeal into the trigram index cost a
-- segment flush per registration, about a third of its time, and a crisis merge every sixteenth;
-- a batch shares one segment. Until its batch is written, text search finds a waiting appeal by
-- `LIKE` over its own columns, so nothing registered is ever missing from a search.
CREATE TABLE fts_backlog (
    appeal_id INTEGER PRIMARY KEY REFERENCES appeals(id)
);
