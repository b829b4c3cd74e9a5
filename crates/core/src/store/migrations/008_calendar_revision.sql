-- Minyi schema version 8: the working-day calendar's revision.
--
-- Every connection keeps the calendar in memory (deadlines are computed for each row of a list).
-- On the desktop there was one connection, and it reloaded after its own edits. The office server
-- keeps several connections, and an edit on one must reach the others: each change to the
-- calendar's tables bumps this revision, and a connection reloads its calendar when the revision
-- it loaded is no longer the current one (`Store::refresh_calendar`), a one-row read per call.
CREATE TABLE calendar_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
);
INSERT INTO calendar_revision VALUES (1, 0);

CREATE TRIGGER calendar_days_revision_insert AFTER INSERT ON calendar_days
BEGIN UPDATE calendar_revision SET revision = revision + 1; END;
CREATE TRIGGER calendar_days_revision_update AFTER UPDATE ON calendar_days
BEGIN UPDATE calendar_revision SET revision = revision + 1; END;
CREATE TRIGGER calendar_days_revision_delete AFTER DELETE ON calendar_days
BEGIN UPDATE calendar_revision SET revision = revision + 1; END;
CREATE TRIGGER calendar_years_revision_insert AFTER INSERT ON calendar_years
BEGIN UPDATE calendar_revision SET revision = revision + 1; END;
CREATE TRIGGER calendar_years_revision_delete AFTER DELETE ON calendar_years
BEGIN UPDATE calendar_revision SET revision = revision + 1; END;
