-- Five times the demo's appeals (copies with new ids), to measure at a million: the indexes are
-- dropped, the copies written, the indexes built again by search_indexes.sql.
DROP INDEX IF EXISTS appeals_text_subject_trgm, appeals_text_content_trgm,
    appeals_text_numbers_trgm, appeals_text_address_trgm, appeals_text_grams,
    appeals_text_address_grams;
INSERT INTO appeals_text
SELECT id + k * m, subject, content, address, numbers, grams, address_grams
FROM appeals_text, generate_series(1, 4) AS k, (SELECT max(id) AS m FROM appeals_text) AS mx;
