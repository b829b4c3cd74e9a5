-- Minyi schema version 12: the public portal (issue 21, decision 0012). Self-contained: only new
-- tables, so it applies after any other migration numbered before it.
--
-- `citizens` are the portal's own accounts (phone + argon2 password, failures and a lock like the
-- staff's), apart from `users`: a member of the public is never a user of the office. The phone is
-- personal data and is kept only here and on the appeals they submit.
CREATE TABLE citizens (
    id              INTEGER PRIMARY KEY,
    phone           TEXT NOT NULL UNIQUE,
    password_hash   TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    created_at      TEXT NOT NULL
);

-- Every appeal submitted through the portal: the SHA-256 of its query code (the code itself is
-- shown once, on the receipt) and the account it was submitted from, if any.
CREATE TABLE portal_appeals (
    appeal_id       INTEGER PRIMARY KEY REFERENCES appeals(id),
    query_code_hash TEXT NOT NULL,
    citizen_id      INTEGER REFERENCES citizens(id),
    submitted_at    TEXT NOT NULL
);
CREATE INDEX portal_appeals_citizen ON portal_appeals(citizen_id) WHERE citizen_id IS NOT NULL;

-- Disclosure reports the office published on the portal (信息公开): the HTML of the report as it
-- was when published, one per period (publishing a period again replaces it).
CREATE TABLE published_disclosures (
    id           INTEGER PRIMARY KEY,
    period       TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    html         TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by INTEGER NOT NULL REFERENCES users(id)
);
