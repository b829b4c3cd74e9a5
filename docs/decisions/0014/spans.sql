-- The stage-span rule of migration 003 (SQLite: an INSTEAD OF trigger on the view
-- `stage_span_feed`, with json_type/json_extract/julianday) ported to PL/pgSQL, for
-- docs/decisions/0014-postgresql.md §2.3. spans.sh feeds a demo database's events through it and
-- compares the runs with SQLite's own rule.
--
-- SQLite's `json_type(p, '$.set.x') IS NOT NULL` is true when the key exists, even holding JSON
-- null: here `set ? 'x'`. `json_extract` of a JSON null is SQL NULL: here `set ->> 'x'`. Days are
-- counted from 1970-01-01 (`julianday(d) - 2440587.5`): here `d::date - DATE '1970-01-01'`.
DROP TABLE IF EXISTS stage_spans, span_events CASCADE;
CREATE TABLE stage_spans (
    appeal_id     bigint NOT NULL,
    seq           bigint NOT NULL,
    stage         text NOT NULL,
    department_id bigint,
    started_day   bigint NOT NULL,
    due_day       bigint,
    due_now_day   bigint,
    ended_day     bigint,
    supervised    bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (appeal_id, seq)
);
CREATE TABLE span_events (
    id        bigint PRIMARY KEY,
    appeal_id bigint NOT NULL,
    at        text NOT NULL,
    action    text NOT NULL,
    payload   text NOT NULL
);

CREATE OR REPLACE FUNCTION minyi_day(d text) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
    SELECT d::date - DATE '1970-01-01'
$$;

-- One event through the rule (what SQLite's INSERT INTO stage_span_feed does).
CREATE OR REPLACE FUNCTION minyi_stage_span_feed(p_appeal bigint, p_at text, p_action text,
                                                 p_payload text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    s jsonb := coalesce(p_payload::jsonb -> 'set', '{}'::jsonb);
    last record;
BEGIN
    IF jsonb_typeof(s) <> 'object' THEN
        s := '{}'::jsonb;
    END IF;
    IF NOT (s ? 'stage' OR s ? 'stageStartedOn') THEN
        -- Not a stage start: move the running span's due dates, supervision count, department.
        UPDATE stage_spans SET
            due_now_day = CASE WHEN s ? 'dueDate' THEN minyi_day(s ->> 'dueDate') ELSE due_now_day END,
            due_day = CASE WHEN s ? 'dueDate' AND p_action <> 'issue_supervision'
                           THEN minyi_day(s ->> 'dueDate') ELSE due_day END,
            supervised = supervised + (p_action = 'issue_supervision')::int,
            department_id = CASE WHEN s ? 'departmentId' THEN (s ->> 'departmentId')::bigint
                                 ELSE department_id END
        WHERE appeal_id = p_appeal AND ended_day IS NULL;
        RETURN;
    END IF;
    -- A stage start: end the running span ...
    UPDATE stage_spans SET ended_day = minyi_day(substr(p_at, 1, 10))
    WHERE appeal_id = p_appeal AND ended_day IS NULL;
    -- ... and open the next one, carrying over the fields the event did not change.
    SELECT seq, stage, department_id, started_day, due_now_day INTO last
    FROM stage_spans WHERE appeal_id = p_appeal ORDER BY seq DESC LIMIT 1;
    INSERT INTO stage_spans(appeal_id, seq, stage, department_id, started_day, due_day, due_now_day)
    SELECT p_appeal, coalesce(last.seq, 0) + 1, x.stage, x.department_id, x.started_day,
           x.due_day, x.due_day
    FROM (SELECT
            CASE WHEN s ? 'stage' THEN s ->> 'stage' ELSE last.stage END AS stage,
            CASE WHEN s ? 'departmentId' THEN (s ->> 'departmentId')::bigint
                 ELSE last.department_id END AS department_id,
            CASE WHEN s ? 'stageStartedOn' THEN minyi_day(s ->> 'stageStartedOn')
                 ELSE last.started_day END AS started_day,
            CASE WHEN s ? 'dueDate' THEN minyi_day(s ->> 'dueDate')
                 ELSE last.due_now_day END AS due_day) x
    WHERE x.stage IS NOT NULL AND x.started_day IS NOT NULL;
END $$;

-- What the SQLite trigger of migration 007 feeds: every event but `register` (whose first run the
-- program opens itself) that can change a span.
CREATE OR REPLACE FUNCTION minyi_events_stage_spans() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM minyi_stage_span_feed(NEW.appeal_id, NEW.at, NEW.action, NEW.payload);
    RETURN NULL;
END $$;
-- On the real `events` table (not created here):
--   CREATE TRIGGER events_stage_spans AFTER INSERT ON events FOR EACH ROW
--   WHEN (NEW.action <> 'register' AND (NEW.action = 'issue_supervision'
--         OR NEW.payload::jsonb -> 'set' ?| ARRAY['stage', 'stageStartedOn', 'dueDate', 'departmentId']))
--   EXECUTE FUNCTION minyi_events_stage_spans();
