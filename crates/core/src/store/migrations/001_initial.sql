-- Minyi schema version 1.
-- Dates are 'YYYY-MM-DD', timestamps RFC 3339 with +08:00 (text sorts correctly).

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

CREATE TABLE departments (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL UNIQUE,
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    username            TEXT NOT NULL UNIQUE,
    display_name        TEXT NOT NULL,
    department_id       INTEGER NOT NULL REFERENCES departments(id),
    roles               TEXT NOT NULL,
    password_hash       TEXT NOT NULL,
    failed_attempts     INTEGER NOT NULL DEFAULT 0,
    locked_until        TEXT,
    agreement_signed_on TEXT,
    active              INTEGER NOT NULL DEFAULT 1,
    can_sign_in         INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL
);

CREATE TABLE appellants (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    phone        TEXT,
    address      TEXT,
    id_number    TEXT,
    email        TEXT,
    organisation TEXT,
    anonymous    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX appellants_phone ON appellants(phone);
CREATE INDEX appellants_name ON appellants(name);

CREATE TABLE appeals (
    id                     INTEGER PRIMARY KEY,
    reg_number             TEXT NOT NULL UNIQUE,
    archive_number         TEXT UNIQUE,
    appellant_id           INTEGER NOT NULL REFERENCES appellants(id),
    channel                TEXT NOT NULL,
    category               TEXT NOT NULL,
    category_confirmed     INTEGER NOT NULL DEFAULT 0,
    subject                TEXT NOT NULL,
    content                TEXT NOT NULL,
    urgency                TEXT NOT NULL,
    major                  INTEGER NOT NULL DEFAULT 0,
    received_at            TEXT NOT NULL,
    registered_at          TEXT NOT NULL,
    registered_by          INTEGER NOT NULL REFERENCES users(id),
    postmark_date          TEXT,
    call_time              TEXT,
    status                 TEXT NOT NULL,
    round                  INTEGER NOT NULL DEFAULT 1,
    department_id          INTEGER REFERENCES departments(id),
    stage                  TEXT,
    stage_started_on       TEXT,
    stage_days             INTEGER,
    due_date               TEXT,
    expected_feedback_date TEXT NOT NULL,
    supervision_count      INTEGER NOT NULL DEFAULT 0,
    escalated              INTEGER NOT NULL DEFAULT 0,
    satisfaction           TEXT,
    merged_into            INTEGER REFERENCES appeals(id),
    closed_at              TEXT,
    updated_at             TEXT NOT NULL
);
CREATE INDEX appeals_registered ON appeals(registered_at);
CREATE INDEX appeals_status_dept_due ON appeals(status, department_id, due_date);
CREATE INDEX appeals_dept_status_due ON appeals(department_id, status, due_date);
CREATE INDEX appeals_due ON appeals(due_date) WHERE due_date IS NOT NULL;
CREATE INDEX appeals_appellant ON appeals(appellant_id);
CREATE INDEX appeals_received ON appeals(received_at);

-- Every archive number ever issued; a superseded one stays searchable.
CREATE TABLE archive_numbers (
    number     TEXT PRIMARY KEY,
    appeal_id  INTEGER NOT NULL REFERENCES appeals(id),
    category   TEXT NOT NULL,
    year       INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    issued_at  TEXT NOT NULL,
    superseded INTEGER NOT NULL DEFAULT 0,
    UNIQUE (category, year, seq)
);
CREATE INDEX archive_numbers_appeal ON archive_numbers(appeal_id);

-- The append-only, hash-chained event log: every transition of every appeal.
CREATE TABLE events (
    id                   INTEGER PRIMARY KEY,
    appeal_id            INTEGER NOT NULL REFERENCES appeals(id),
    at                   TEXT NOT NULL,
    actor_id             INTEGER NOT NULL REFERENCES users(id),
    action               TEXT NOT NULL,
    from_status          TEXT,
    to_status            TEXT NOT NULL,
    reason               TEXT,
    payload              TEXT NOT NULL,
    on_behalf_department INTEGER REFERENCES departments(id),
    on_behalf_person     TEXT,
    prev_hash            TEXT NOT NULL,
    hash                 TEXT NOT NULL
);
CREATE INDEX events_appeal ON events(appeal_id, id);

CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE plans (
    id                   INTEGER PRIMARY KEY,
    appeal_id            INTEGER NOT NULL REFERENCES appeals(id),
    round                INTEGER NOT NULL,
    content              TEXT NOT NULL,
    submitted_by         INTEGER NOT NULL REFERENCES users(id),
    submitted_at         TEXT NOT NULL,
    on_behalf_department INTEGER REFERENCES departments(id),
    on_behalf_person     TEXT,
    review_status        TEXT NOT NULL DEFAULT 'pending'
);
CREATE INDEX plans_appeal ON plans(appeal_id, id);

CREATE TABLE feedbacks (
    id           INTEGER PRIMARY KEY,
    appeal_id    INTEGER NOT NULL REFERENCES appeals(id),
    round        INTEGER NOT NULL,
    method       TEXT NOT NULL,
    content      TEXT NOT NULL,
    satisfaction TEXT NOT NULL,
    recorded_by  INTEGER NOT NULL REFERENCES users(id),
    recorded_at  TEXT NOT NULL
);
CREATE INDEX feedbacks_appeal ON feedbacks(appeal_id);

CREATE TABLE tracking (
    appeal_id       INTEGER PRIMARY KEY REFERENCES appeals(id),
    measures        TEXT NOT NULL,
    department_id   INTEGER REFERENCES departments(id),
    responsible     TEXT,
    next_check_date TEXT,
    started_at      TEXT NOT NULL,
    resolved_at     TEXT
);
CREATE INDEX tracking_next_check ON tracking(next_check_date) WHERE resolved_at IS NULL;

CREATE TABLE progress_reports (
    id                   INTEGER PRIMARY KEY,
    appeal_id            INTEGER NOT NULL REFERENCES appeals(id),
    at                   TEXT NOT NULL,
    content              TEXT NOT NULL,
    reported_by          INTEGER NOT NULL REFERENCES users(id),
    on_behalf_department INTEGER REFERENCES departments(id),
    on_behalf_person     TEXT
);
CREATE INDEX progress_appeal ON progress_reports(appeal_id);

CREATE TABLE supervisions (
    id            INTEGER PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,
    appeal_id     INTEGER NOT NULL REFERENCES appeals(id),
    department_id INTEGER REFERENCES departments(id),
    issued_by     INTEGER NOT NULL REFERENCES users(id),
    issued_at     TEXT NOT NULL,
    reason        TEXT NOT NULL,
    stage         TEXT,
    old_due_date  TEXT,
    new_due_date  TEXT NOT NULL
);
CREATE INDEX supervisions_appeal ON supervisions(appeal_id);

CREATE TABLE escalations (
    id             INTEGER PRIMARY KEY,
    appeal_id      INTEGER NOT NULL REFERENCES appeals(id),
    escalated_by   INTEGER NOT NULL REFERENCES users(id),
    escalated_at   TEXT NOT NULL,
    reason         TEXT NOT NULL,
    instruction    TEXT,
    instructed_by  INTEGER REFERENCES users(id),
    instructed_at  TEXT
);
CREATE INDEX escalations_appeal ON escalations(appeal_id);

CREATE TABLE extensions (
    id           INTEGER PRIMARY KEY,
    appeal_id    INTEGER NOT NULL REFERENCES appeals(id),
    stage        TEXT NOT NULL,
    days         INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    requested_by INTEGER NOT NULL REFERENCES users(id),
    requested_at TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending',
    decided_by   INTEGER REFERENCES users(id),
    decided_at   TEXT,
    decision_note TEXT
);
CREATE INDEX extensions_appeal ON extensions(appeal_id);
CREATE INDEX extensions_pending ON extensions(status) WHERE status = 'pending';

CREATE TABLE appeal_links (
    id         INTEGER PRIMARY KEY,
    appeal_id  INTEGER NOT NULL REFERENCES appeals(id),
    other_id   INTEGER NOT NULL REFERENCES appeals(id),
    kind       TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    UNIQUE (appeal_id, other_id)
);
CREATE INDEX appeal_links_other ON appeal_links(other_id);

CREATE TABLE attachments (
    id        INTEGER PRIMARY KEY,
    appeal_id INTEGER NOT NULL REFERENCES appeals(id),
    sha256    TEXT NOT NULL,
    file_name TEXT NOT NULL,
    size      INTEGER NOT NULL,
    added_by  INTEGER NOT NULL REFERENCES users(id),
    added_at  TEXT NOT NULL
);
CREATE INDEX attachments_appeal ON attachments(appeal_id);

-- Every view or export of personal data (§七(二)).
CREATE TABLE access_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user_id   INTEGER NOT NULL REFERENCES users(id),
    appeal_id INTEGER REFERENCES appeals(id),
    what      TEXT NOT NULL,
    purpose   TEXT NOT NULL
);
CREATE INDEX access_log_appeal ON access_log(appeal_id);

CREATE TABLE calendar_days (
    date       TEXT PRIMARY KEY,
    is_off_day INTEGER NOT NULL,
    name       TEXT NOT NULL,
    source     TEXT NOT NULL CHECK (source IN ('shipped', 'admin'))
);

CREATE TABLE calendar_years (
    year   INTEGER PRIMARY KEY,
    source TEXT NOT NULL CHECK (source IN ('shipped', 'admin'))
);

-- Full-text search over subject, content, address and numbers. Contentless (the text lives in
-- appeals/appellants) with delete support; rowid = appeals.id; maintained by store::search.
CREATE VIRTUAL TABLE appeal_fts USING fts5(
    subject, content, address, numbers,
    content = '', contentless_delete = 1, tokenize = 'trigram'
);
-- No merge work inside a user's commit (it made registration's p99 spike to tens of ms); FTS5 still
-- merges a level once it holds `crisismerge` (16) segments, which keeps queries fast.
INSERT INTO appeal_fts(appeal_fts, rank) VALUES ('automerge', 0);
