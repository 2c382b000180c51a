-- An address as duplicates are matched by: lower case, "+tag" dropped from the local part, and for Gmail the
-- dots dropped and googlemail.com folded into gmail.com. Indexed, so a contact's duplicates by address are
-- found without reading every address of the workspace.
CREATE FUNCTION dossier_email_match_key(email text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN CASE
    WHEN split_part(lower(email), '@', 2) IN ('gmail.com', 'googlemail.com')
      THEN replace(regexp_replace(split_part(lower(email), '@', 1), '\+.*$', ''), '.', '') || '@gmail.com'
    ELSE regexp_replace(split_part(lower(email), '@', 1), '\+.*$', '') || '@' || split_part(lower(email), '@', 2)
  END;
--> statement-breakpoint
CREATE INDEX contact_emails_match_key_idx ON contact_emails (workspace_id, dossier_email_match_key(email::text));
