-- Minyi schema version 4: the rows of online-channel batches that were imported, by a fingerprint
-- of the row (channel, appellant name and phone, receipt time, subject, content), so that importing
-- the same file again — or a later export that overlaps it — registers nothing twice. The appeal it
-- became is kept so that the import can name it.
CREATE TABLE imported_rows (
    fingerprint BLOB PRIMARY KEY,
    appeal_id   INTEGER NOT NULL REFERENCES appeals(id),
    imported_at TEXT NOT NULL
) WITHOUT ROWID;
