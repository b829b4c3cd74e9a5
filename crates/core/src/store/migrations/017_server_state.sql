-- Minyi schema version 17: the office server's own state (issue 22, decision 0014 §2.4), so that
-- several server processes on one database serve any request: the staff's and the citizens'
-- sessions, the files and running jobs of a staff session, the portal's captchas, and the
-- per-address windows (failed sign-ins, portal submissions and failures). Self-contained: only new
-- tables.
--
-- Nothing here is a secret in clear: sessions, files and captchas are found by the SHA-256 of
-- their token (the token itself lives only in the client), a captcha's answer is kept as a hash
-- keyed by its id, and its image is enciphered with its id. Addresses are kept only while a
-- window needs them: every insert prunes the rows its window has left behind, and the server's
-- sweep prunes the rest every minute. Times are RFC 3339 text in +08:00 with milliseconds, which
-- sort as text.

-- A signed-in staff client (the office server's bearer token).
CREATE TABLE server_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    last_seen  TEXT NOT NULL
);
CREATE INDEX server_sessions_last_seen ON server_sessions(last_seen);

-- A file of a staff session: an upload, or what one of its commands made. The file itself is in
-- the session's folder under `transfers/` of the data folder; `path` is relative to that folder.
CREATE TABLE server_session_files (
    token_hash   TEXT PRIMARY KEY,
    session_hash TEXT NOT NULL REFERENCES server_sessions(token_hash) ON DELETE CASCADE,
    path         TEXT NOT NULL
);
CREATE INDEX server_session_files_session ON server_session_files(session_hash);

-- A signed-in account of the public portal (its session cookie).
CREATE TABLE portal_sessions (
    token_hash TEXT PRIMARY KEY,
    citizen_id INTEGER NOT NULL REFERENCES citizens(id),
    created_at TEXT NOT NULL,
    last_seen  TEXT NOT NULL
);
CREATE INDEX portal_sessions_last_seen ON portal_sessions(last_seen);

-- A captcha waiting for its answer (good once, for ten minutes).
CREATE TABLE portal_captchas (
    id_hash     TEXT PRIMARY KEY,
    answer_hash TEXT NOT NULL,
    image       BLOB NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX portal_captchas_created ON portal_captchas(created_at);

-- One event counted against a client address within a window: a failed staff sign-in, a portal
-- submission (or account registration), a wrong password or query code on the portal.
CREATE TABLE address_events (
    id      INTEGER PRIMARY KEY,
    kind    TEXT NOT NULL CHECK (kind IN ('staff_failure', 'portal_submission', 'portal_failure')),
    address TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX address_events_window ON address_events(kind, address, at);
CREATE INDEX address_events_age ON address_events(kind, at);

-- A long job (import, export, batch print, batch action) running for a staff session: one of a
-- kind at a time per session on whichever process, and whether someone asked it to stop (any
-- process may; the one running it reads the flag as it reports progress). `seen_at` is renewed
-- every minute by the process running it, so the row of a process that died is taken over.
CREATE TABLE server_jobs (
    session_hash     TEXT NOT NULL REFERENCES server_sessions(token_hash) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    started_at       TEXT NOT NULL,
    seen_at          TEXT NOT NULL,
    cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
    PRIMARY KEY (session_hash, kind)
);
