-- Minyi schema version 7: two savings on the path every registration takes, measured on the
-- import of 100,000 rows into a million-appeal file (docs/performance.md).
--
-- 1. FTS5 writes its pending index as a new segment whenever it passes `hashsize` (1 MB by
--    default): an import chunk of 2,000 appeals became about eight small segments, and merging
--    them (a crisis merge of every sixteen) was a tenth of the import's writing. At 8 MB a chunk
--    is one segment. It is a ceiling on memory held during one write, not an allocation.
INSERT INTO appeal_fts(appeal_fts, rank) VALUES ('hashsize', 8388608);

-- 2. A registration opens its appeal's first stage run itself (`store::stage_spans::open_first`):
--    the appeal is new, so the run is its event's `set` as it stands, and the rule of migration
--    003 (a dozen JSON parses and three statements per event) is not needed for it. Every other
--    event still goes through the rule; `stage_spans::rebuild` still derives all runs, register
--    events included, from the log.
DROP TRIGGER IF EXISTS events_stage_spans;
CREATE TRIGGER events_stage_spans AFTER INSERT ON events
WHEN NEW.action <> 'register' AND (
     json_type(NEW.payload, '$.set.stage') IS NOT NULL
  OR json_type(NEW.payload, '$.set.stageStartedOn') IS NOT NULL
  OR json_type(NEW.payload, '$.set.dueDate') IS NOT NULL
  OR json_type(NEW.payload, '$.set.departmentId') IS NOT NULL
  OR NEW.action = 'issue_supervision')
BEGIN
    INSERT INTO stage_span_feed(appeal_id, at, action, payload)
    VALUES (NEW.appeal_id, NEW.at, NEW.action, NEW.payload);
END;
