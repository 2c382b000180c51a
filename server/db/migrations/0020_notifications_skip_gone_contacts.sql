-- A notification about a contact that is gone is not written: the subscriber checks this when it
-- reads the entries, and this trigger checks it again at the insert, under a KEY SHARE lock on the
-- contact. A job that read the contact's name just before the contact was erased or deleted waits
-- for that transaction, then finds no contact and its row is skipped — instead of failing on the
-- foreign key with the name in the error that pg-boss would keep in the job's output.
CREATE FUNCTION notifications_skip_gone_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.contact_id IS NULL THEN
    RETURN NEW;
  END IF;
  PERFORM 1 FROM contacts c WHERE c.workspace_id = NEW.workspace_id AND c.id = NEW.contact_id FOR KEY SHARE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER notifications_skip_gone_contact
  BEFORE INSERT ON notifications
  FOR EACH ROW EXECUTE FUNCTION notifications_skip_gone_contact();
