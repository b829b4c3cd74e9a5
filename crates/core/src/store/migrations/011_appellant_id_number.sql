-- Minyi schema version 11: the appellant's ID number is a way to find the same person (issue 20
-- §10): the registration form's likely duplicates and the appellant's history on the detail page
-- look it up, as they look up the phone (`appellants_phone`) and the name (`appellants_name`).
-- Most appellants give no ID number: the index leaves them out.
CREATE INDEX appellants_id_number ON appellants(id_number) WHERE id_number IS NOT NULL;
