-- Minyi schema version 12: return visits (回访, issue 20 §9). When an appeal is closed, the share
-- of appeals the settings name (every complaint by default) enters the office's return-visit
-- queue: one `return_visits` row per appeal and round, open until a call reaches the appellant
-- and they give their satisfaction (completed) or the third call reaches nobody (unreached,
-- 未联系上). Every call is its own `return_visit_attempts` row (and an event of the appeal).
-- Self-contained: only these two tables and their indexes.
CREATE TABLE return_visits (
    id           INTEGER PRIMARY KEY,
    appeal_id    INTEGER NOT NULL REFERENCES appeals(id),
    round        INTEGER NOT NULL,
    queued_at    TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open'
                 CHECK (status IN ('open', 'completed', 'unreached')),
    satisfaction TEXT,
    finished_at  TEXT,
    UNIQUE (appeal_id, round)
);
CREATE INDEX return_visits_open ON return_visits(status, queued_at);
CREATE TABLE return_visit_attempts (
    id           INTEGER PRIMARY KEY,
    visit_id     INTEGER NOT NULL REFERENCES return_visits(id),
    at           TEXT NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    reached      INTEGER NOT NULL,
    satisfaction TEXT,
    remark       TEXT
);
CREATE INDEX return_visit_attempts_visit ON return_visit_attempts(visit_id);
