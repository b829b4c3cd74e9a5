-- Minyi schema version 10: personal-data grants wait for a second administrator (issue 17 §2).
--
-- An act that would newly give someone full personal data (a role that may see it, or the date
-- of a confidentiality agreement, for someone who then has both) does not change `users` at once:
-- the granting part is written here as a pending grant, and changes `users` only when another
-- active administrator confirms it. `roles` holds the role codes to add (comma separated, '' for
-- none), `agreement_signed_on` the agreement date to record (NULL for none). `base` is the
-- account's access-relevant state when it was asked for (roles, agreement, department, active):
-- a grant whose account has changed since is void, never applied to a different situation.
-- Who asked and who decided are both kept by id and by label (the local command line acts as the
-- built-in `system` account, named by the operating-system user who ran it).
CREATE TABLE access_grants (
    id                  INTEGER PRIMARY KEY,
    user_id             INTEGER NOT NULL REFERENCES users(id),
    roles               TEXT NOT NULL DEFAULT '',
    agreement_signed_on TEXT,
    base                TEXT NOT NULL,
    requested_by        INTEGER NOT NULL REFERENCES users(id),
    requested_label     TEXT NOT NULL,
    requested_at        TEXT NOT NULL,
    status              TEXT NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'confirmed', 'rejected', 'void')),
    decided_by          INTEGER REFERENCES users(id),
    decided_label       TEXT,
    decided_at          TEXT
);
CREATE INDEX access_grants_status ON access_grants(status, user_id);
