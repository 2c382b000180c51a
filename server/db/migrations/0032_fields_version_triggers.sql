-- workspaces.fields_version (migration 0031) counts the changes to a workspace's custom fields and folders. It is
-- read with the caller on every request, so a server remembers each workspace's field definitions and reads them
-- again only when the version it is told differs (custom-field-values.ts, loadFieldDefs) — whichever server made
-- the change. A statement trigger would not know the workspaces touched without transition tables; fields change
-- rarely, so a row trigger it is.
CREATE FUNCTION dossier_bump_fields_version() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  UPDATE workspaces SET fields_version = fields_version + 1
   WHERE id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.workspace_id ELSE NEW.workspace_id END);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER custom_fields_version AFTER INSERT OR UPDATE OR DELETE ON custom_fields
  FOR EACH ROW EXECUTE FUNCTION dossier_bump_fields_version();
--> statement-breakpoint
CREATE TRIGGER custom_field_folders_version AFTER INSERT OR UPDATE OR DELETE ON custom_field_folders
  FOR EACH ROW EXECUTE FUNCTION dossier_bump_fields_version();
