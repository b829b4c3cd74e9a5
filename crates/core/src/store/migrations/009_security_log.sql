-- Minyi schema version 9: the security log, and the access log made tamper-evident.
--
-- Administrative and security acts (accounts, roles, confidentiality agreements, passwords,
-- settings, the calendar, imports, sign-ins and lockouts) are written to `security_log`, in the
-- same transaction as the act. Like `events`, it is append-only (triggers refuse UPDATE and
-- DELETE) and hash-chained: each row's hash covers its fields and the previous row's hash, so an
-- edit or deletion anywhere is found by `check`. `detail` is JSON that never holds personal data.
--
-- The personal-data access log gets the same protection: `prev_hash` and `hash` columns, filled
-- in by the program for every new row. Rows written before this version have no hash yet; the
-- program chains them once, right after this migration, in the same transaction (SQLite has no
-- SHA-256 of its own), which is why an UPDATE is allowed only while a row's hash is still NULL.
CREATE TABLE security_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    INTEGER REFERENCES users(id),
    actor_label TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT,
    detail      TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX security_log_at ON security_log(at);
CREATE INDEX security_log_actor ON security_log(actor_id);
CREATE INDEX security_log_action ON security_log(action);

CREATE TRIGGER security_log_no_update BEFORE UPDATE ON security_log
BEGIN SELECT RAISE(ABORT, 'security log is append-only'); END;
CREATE TRIGGER security_log_no_delete BEFORE DELETE ON security_log
BEGIN SELECT RAISE(ABORT, 'security log is append-only'); END;

ALTER TABLE access_log ADD COLUMN prev_hash TEXT;
ALTER TABLE access_log ADD COLUMN hash TEXT;
CREATE INDEX access_log_at ON access_log(at);
CREATE INDEX access_log_user ON access_log(user_id);

CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log WHEN OLD.hash IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'access log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'access log is append-only'); END;
