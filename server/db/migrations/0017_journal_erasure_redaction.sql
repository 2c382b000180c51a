-- The journal stays append-only, with one narrow exception: the privacy erasure (modules/privacy).
-- An UPDATE is let through only when all of this holds:
--   * the transaction set `dossier.erasure` to an erasure request's id (set_config(…, true): local
--     to that transaction, gone at COMMIT or ROLLBACK);
--   * that request exists in the entry's own workspace AND was written by this very transaction
--     (erasure_requests.transaction_id), so an old request id cannot be replayed later;
--   * only the payload (`data`) and the actor's label change: kind, time, actor id, contact and
--     subject ids stay as they were, so the tombstone of what happened, when and by whom remains.
-- DELETE is always refused. This replaces 0002's `dossier.journal_rewrite` escape, which let any
-- transaction that set it rewrite any column.
CREATE OR REPLACE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  request text := current_setting('dossier.erasure', true);
BEGIN
  IF TG_OP = 'UPDATE' AND coalesce(request, '') <> '' THEN
    IF request !~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' OR NOT EXISTS (
      SELECT 1 FROM erasure_requests r
      WHERE r.workspace_id = OLD.workspace_id
        AND r.id = request::uuid
        AND r.transaction_id = (pg_current_xact_id()::text)::bigint
    ) THEN
      RAISE EXCEPTION 'journal entries may only be redacted by the erasure request of the same transaction'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.workspace_id, NEW.id, NEW.contact_id, NEW.kind, NEW.category, NEW.actor_type, NEW.actor_id,
        NEW.subject_type, NEW.subject_id, NEW.occurred_at)
       IS DISTINCT FROM
       (OLD.workspace_id, OLD.id, OLD.contact_id, OLD.kind, OLD.category, OLD.actor_type, OLD.actor_id,
        OLD.subject_type, OLD.subject_id, OLD.occurred_at) THEN
      RAISE EXCEPTION 'an erasure may only redact a journal entry''s data and actor label'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'journal entries are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
