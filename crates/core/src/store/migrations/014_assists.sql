-- Minyi schema version 12: co-handling 会办 (issue 20 §6).
--
-- An appeal routed to one lead department (主办, `appeals.department_id`) may have any number of
-- assisting departments (协办), each asked for its own part (`part`) by its own deadline
-- (`due_date`, a working day), and each answering with its own opinion (协办意见). `round` is the
-- appeal's handling round when the assist was asked for: a new round (re-routing after the talk)
-- starts without the old round's assists. `status`: `pending` until the opinion is in
-- (`submitted`), or `waived` when the appeals office let the lead submit its plan without it (the
-- reason is in the event log). An opinion the appeals office typed for the department keeps the
-- typist in `opinion_by` and the person it was typed for in `on_behalf_person`.
CREATE TABLE appeal_assists (
    id               INTEGER PRIMARY KEY,
    appeal_id        INTEGER NOT NULL REFERENCES appeals(id),
    round            INTEGER NOT NULL,
    department_id    INTEGER NOT NULL REFERENCES departments(id),
    part             TEXT NOT NULL,
    due_date         TEXT NOT NULL,
    created_by       INTEGER NOT NULL REFERENCES users(id),
    created_at       TEXT NOT NULL,
    opinion          TEXT,
    opinion_by       INTEGER REFERENCES users(id),
    opinion_at       TEXT,
    on_behalf_person TEXT,
    status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'submitted', 'waived')),
    waived_at        TEXT,
    UNIQUE (appeal_id, round, department_id)
);
CREATE INDEX appeal_assists_department ON appeal_assists(department_id, status);
