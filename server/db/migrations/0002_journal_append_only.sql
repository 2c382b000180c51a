-- The journal is append-only: an entry, once written, is never changed or removed.
-- The single exception is a privacy erasure, which sets dossier.journal_rewrite = 'erasure'
-- for its own transaction (SET LOCAL) and records that it did so.
CREATE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('dossier.journal_rewrite', true) = 'erasure' AND TG_OP = 'UPDATE' THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'journal entries are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER journal_entries_append_only
  BEFORE UPDATE OR DELETE ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION journal_append_only();
