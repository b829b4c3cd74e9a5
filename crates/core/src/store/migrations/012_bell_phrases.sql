-- Minyi schema version 12 (issue 20 §8 and §11): the bell's per-user read mark and the office's
-- library of stock texts (常用语). Both tables are new and stand alone, so this migration applies
-- after any other of the same day.
--
-- The bell derives its reminders from the event log and the due dates (nothing is copied at
-- write time); what a person has read is one row: every reminder from an event up to `event_id`
-- is read, and the "due tomorrow" reminders count as read on the day `due_read_on`.
CREATE TABLE reminder_marks (
    user_id     INTEGER PRIMARY KEY REFERENCES users(id),
    event_id    INTEGER NOT NULL,
    due_read_on TEXT
);

-- Stock texts per kind of text (plan, reply, opinion, closing, other) and category (NULL: every
-- category), inserted by the action dialogs beside their text fields.
CREATE TABLE stock_texts (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    category   TEXT,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_by INTEGER NOT NULL REFERENCES users(id),
    updated_at TEXT NOT NULL
);
CREATE INDEX stock_texts_kind ON stock_texts(kind, category);
