-- Minyi schema version 3: stage spans for statistics, and a covering index for period counts.
--
-- Statistics need, for every stage an appeal went through, when it started, when it was due and
-- when it ended. The event log holds that, but as JSON in 7 million rows on a million-appeal file:
-- far too slow to read for every statistics screen. `stage_spans` keeps one small row per stage
-- run, derived from the events by a trigger, so every writer (use cases, demo data, imports) fills
-- it without knowing it exists, and it can always be rebuilt from the log.
--
-- The rule lives in one place, the INSTEAD OF trigger on the `stage_span_feed` view: the events
-- trigger feeds each new event into it, and the backfill at the end of this file feeds the events
-- already stored, oldest first. An event's `payload.set` holds only the tracked fields it changed,
-- so a field it lacks keeps its value from the appeal's previous span.
--
--   * A stage starts when `set` has `stage` or `stageStartedOn`: the running span ends on the
--     event's (CST) date and, unless the new stage is null (closed, merged), a new span opens.
--   * Otherwise a `dueDate` in `set` moves the running span's due dates: `due_now_day` follows every
--     move; `due_day`, the deadline the on-time rate is measured against, follows approved
--     extensions and calendar recomputation but not a supervision notice (a notice is issued
--     because the stage is already late or slow; its new date does not make the stage on time).
--     A supervision notice also counts on the span; a `departmentId` moves its department.
--
-- Unlike everywhere else, the dates here are whole days since 1970-01-01 (`*_day` columns): a
-- year's statistics read two million of them, and integers decode at twice the speed of
-- 'YYYY-MM-DD' text. `seq` numbers an appeal's spans from 1.

CREATE TABLE stage_spans (
    appeal_id     INTEGER NOT NULL REFERENCES appeals(id),
    seq           INTEGER NOT NULL,
    stage         TEXT NOT NULL,
    department_id INTEGER REFERENCES departments(id),
    started_day   INTEGER NOT NULL,
    due_day       INTEGER,
    due_now_day   INTEGER,
    ended_day     INTEGER,
    supervised    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (appeal_id, seq)
) WITHOUT ROWID;

CREATE VIEW stage_span_feed AS
    SELECT appeal_id, at, action, payload FROM events WHERE 0;

CREATE TRIGGER stage_span_feed_insert INSTEAD OF INSERT ON stage_span_feed
BEGIN
    -- Not a stage start: move the running span's due dates, supervision count and department.
    UPDATE stage_spans SET
        due_now_day = CASE WHEN json_type(NEW.payload, '$.set.dueDate') IS NOT NULL
                           THEN CAST(julianday(json_extract(NEW.payload, '$.set.dueDate')) - 2440587.5 AS INTEGER)
                           ELSE due_now_day END,
        due_day = CASE WHEN json_type(NEW.payload, '$.set.dueDate') IS NOT NULL
                            AND NEW.action <> 'issue_supervision'
                       THEN CAST(julianday(json_extract(NEW.payload, '$.set.dueDate')) - 2440587.5 AS INTEGER)
                       ELSE due_day END,
        supervised = supervised + (NEW.action = 'issue_supervision'),
        department_id = CASE WHEN json_type(NEW.payload, '$.set.departmentId') IS NOT NULL
                             THEN json_extract(NEW.payload, '$.set.departmentId')
                             ELSE department_id END
    WHERE appeal_id = NEW.appeal_id AND ended_day IS NULL
      AND json_type(NEW.payload, '$.set.stage') IS NULL
      AND json_type(NEW.payload, '$.set.stageStartedOn') IS NULL;

    -- A stage start: end the running span ...
    UPDATE stage_spans SET ended_day = CAST(julianday(substr(NEW.at, 1, 10)) - 2440587.5 AS INTEGER)
    WHERE appeal_id = NEW.appeal_id AND ended_day IS NULL
      AND (json_type(NEW.payload, '$.set.stage') IS NOT NULL
           OR json_type(NEW.payload, '$.set.stageStartedOn') IS NOT NULL);

    -- ... and open the next one, carrying over the fields the event did not change.
    INSERT INTO stage_spans(appeal_id, seq, stage, department_id, started_day, due_day, due_now_day)
    SELECT NEW.appeal_id, COALESCE(last.seq, 0) + 1, s.stage, s.department_id, s.started_day,
           s.due_day, s.due_day
    FROM (SELECT 1) one
    LEFT JOIN (SELECT seq FROM stage_spans
               WHERE appeal_id = NEW.appeal_id ORDER BY seq DESC LIMIT 1) last
    JOIN (SELECT
            CASE WHEN json_type(NEW.payload, '$.set.stage') IS NOT NULL
                 THEN json_extract(NEW.payload, '$.set.stage') ELSE l.stage END AS stage,
            CASE WHEN json_type(NEW.payload, '$.set.departmentId') IS NOT NULL
                 THEN json_extract(NEW.payload, '$.set.departmentId') ELSE l.department_id END
                 AS department_id,
            CASE WHEN json_type(NEW.payload, '$.set.stageStartedOn') IS NOT NULL
                 THEN CAST(julianday(json_extract(NEW.payload, '$.set.stageStartedOn')) - 2440587.5 AS INTEGER)
                 ELSE l.started_day END AS started_day,
            CASE WHEN json_type(NEW.payload, '$.set.dueDate') IS NOT NULL
                 THEN CAST(julianday(json_extract(NEW.payload, '$.set.dueDate')) - 2440587.5 AS INTEGER)
                 ELSE l.due_now_day END AS due_day
          FROM (SELECT 1) one
          LEFT JOIN (SELECT stage, department_id, started_day, due_now_day FROM stage_spans
                     WHERE appeal_id = NEW.appeal_id ORDER BY seq DESC LIMIT 1) l) s
    WHERE (json_type(NEW.payload, '$.set.stage') IS NOT NULL
           OR json_type(NEW.payload, '$.set.stageStartedOn') IS NOT NULL)
      AND s.stage IS NOT NULL AND s.started_day IS NOT NULL;
END;

-- Only events that can change a span go through the feed (most progress reports do not).
CREATE TRIGGER events_stage_spans AFTER INSERT ON events
WHEN json_type(NEW.payload, '$.set.stage') IS NOT NULL
  OR json_type(NEW.payload, '$.set.stageStartedOn') IS NOT NULL
  OR json_type(NEW.payload, '$.set.dueDate') IS NOT NULL
  OR json_type(NEW.payload, '$.set.departmentId') IS NOT NULL
  OR NEW.action = 'issue_supervision'
BEGIN
    INSERT INTO stage_span_feed(appeal_id, at, action, payload)
    VALUES (NEW.appeal_id, NEW.at, NEW.action, NEW.payload);
END;

-- Period statistics read these columns of every appeal received in the period; from the index
-- alone they need no visit to the wide appeal rows (subject and content make them large).
CREATE INDEX appeals_stats ON appeals(
    received_at, category, channel, department_id, status, satisfaction, round,
    supervision_count, escalated, major
);

-- backfill: the spans of the events already stored, oldest first.
INSERT INTO stage_span_feed(appeal_id, at, action, payload)
SELECT appeal_id, at, action, payload FROM events
WHERE json_type(payload, '$.set.stage') IS NOT NULL
   OR json_type(payload, '$.set.stageStartedOn') IS NOT NULL
   OR json_type(payload, '$.set.dueDate') IS NOT NULL
   OR json_type(payload, '$.set.departmentId') IS NOT NULL
   OR action = 'issue_supervision'
ORDER BY id;
