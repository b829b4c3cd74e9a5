-- Minyi schema version 12: 纸质归档 (§二(三)2, issue 20 §13). The office files the paper of a
-- closed appeal in an archive volume (卷号), optionally a box (盒号), with a retention period
-- (保管期限), and records when and by whom. One row per archived appeal: an appeal without a row
-- is 待归档 once closed. A correction replaces the row; the event log keeps every version.
CREATE TABLE paper_archive (
    appeal_id   INTEGER PRIMARY KEY REFERENCES appeals(id),
    volume      TEXT NOT NULL,
    box         TEXT,
    retention   TEXT NOT NULL CHECK (retention IN ('permanent', 'years30', 'years10')),
    archived_on TEXT NOT NULL,
    archived_by INTEGER NOT NULL REFERENCES users(id),
    recorded_at TEXT NOT NULL
);
-- Batch printing by volume looks a volume's appeals up.
CREATE INDEX paper_archive_volume ON paper_archive(volume);
