-- contact_locations.contact_name follows its contact's display name (migration 0027 made the column and
-- the index the duplicate finder reads). A location takes the name when it is written or moved to another
-- contact (a merge); a renamed contact passes its new name to its locations. COPY (imports) fires the row
-- trigger too. A restore loads the column as it was saved, with these triggers off.
CREATE FUNCTION dossier_location_contact_name() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  SELECT c.display_name INTO NEW.contact_name FROM contacts c
   WHERE c.workspace_id = NEW.workspace_id AND c.id = NEW.contact_id;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER contact_locations_contact_name BEFORE INSERT OR UPDATE OF contact_id ON contact_locations
  FOR EACH ROW EXECUTE FUNCTION dossier_location_contact_name();
--> statement-breakpoint
CREATE FUNCTION dossier_contact_name_to_locations() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contact_locations SET contact_name = NEW.display_name
   WHERE workspace_id = NEW.workspace_id AND contact_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER contacts_name_to_locations AFTER UPDATE OF display_name ON contacts
  FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name)
  EXECUTE FUNCTION dossier_contact_name_to_locations();
--> statement-breakpoint
UPDATE contact_locations l SET contact_name = c.display_name
  FROM contacts c WHERE c.workspace_id = l.workspace_id AND c.id = l.contact_id;
