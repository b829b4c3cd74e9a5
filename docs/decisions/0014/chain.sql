-- Proof (iii) of docs/decisions/0014-postgresql.md: the append-only, hash-chained event log on
-- PostgreSQL. chain.sh loads the first events of a demo database (hashes computed by the program,
-- in Rust) into `events` and runs the checks at the end of this file.
DROP TABLE IF EXISTS events CASCADE;
CREATE TABLE events (
    id                   bigint PRIMARY KEY,
    appeal_id            bigint NOT NULL,
    at                   text NOT NULL,
    actor_id             bigint NOT NULL,
    action               text NOT NULL,
    from_status          text,
    to_status            text NOT NULL,
    reason               text,
    -- text, not jsonb: the hash covers the payload as written, and jsonb would reorder its keys
    -- and drop its spacing.
    payload              text NOT NULL,
    on_behalf_department bigint,
    on_behalf_person     text,
    prev_hash            text NOT NULL,
    hash                 text NOT NULL
);

-- Append-only: row triggers refuse UPDATE and DELETE (as SQLite's RAISE(ABORT) triggers do), and a
-- statement trigger refuses TRUNCATE, which SQLite does not have and row triggers do not see.
CREATE FUNCTION minyi_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION minyi_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION minyi_append_only();

-- The event hash of store::events::compute_hash, in SQL: each field as its UTF-8 length (u64,
-- little-endian) and bytes; a missing text is the one character U+0000 (which PostgreSQL text
-- cannot hold, hence bytea); a missing department is the empty string.
CREATE FUNCTION minyi_field(t text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN t IS NULL THEN '\x010000000000000000'::bytea
        ELSE decode(lpad(to_hex(octet_length(t) & 255), 2, '0')
                 || lpad(to_hex((octet_length(t) >> 8) & 255), 2, '0')
                 || lpad(to_hex((octet_length(t) >> 16) & 255), 2, '0')
                 || lpad(to_hex((octet_length(t) >> 24) & 255), 2, '0') || '00000000', 'hex')
             || convert_to(t, 'UTF8') END
$$;
CREATE FUNCTION minyi_event_hash(e events) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(minyi_field(e.prev_hash) || minyi_field(e.id::text)
        || minyi_field(e.appeal_id::text) || minyi_field(e.at) || minyi_field(e.actor_id::text)
        || minyi_field(e.action) || minyi_field(e.from_status) || minyi_field(e.to_status)
        || minyi_field(e.reason) || minyi_field(e.payload)
        || minyi_field(coalesce(e.on_behalf_department::text, ''))
        || minyi_field(e.on_behalf_person)), 'hex')
$$;
