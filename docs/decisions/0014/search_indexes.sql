\timing on
-- 3 characters and up: pg_trgm's GIN index, one per column (an OR of columns becomes a BitmapOr).
CREATE INDEX appeals_text_subject_trgm ON appeals_text USING gin (subject gin_trgm_ops);
CREATE INDEX appeals_text_content_trgm ON appeals_text USING gin (content gin_trgm_ops);
CREATE INDEX appeals_text_numbers_trgm ON appeals_text USING gin (numbers gin_trgm_ops);
CREATE INDEX appeals_text_address_trgm ON appeals_text USING gin (address gin_trgm_ops);
-- 2 characters: GIN over the arrays of adjacent pairs.
CREATE INDEX appeals_text_grams ON appeals_text USING gin (grams);
CREATE INDEX appeals_text_address_grams ON appeals_text USING gin (address_grams);
\timing off
ANALYZE appeals_text;
SELECT relname AS relation, pg_size_pretty(pg_total_relation_size(oid)) AS size
FROM pg_class WHERE relname LIKE 'appeals_text%' ORDER BY relname;
