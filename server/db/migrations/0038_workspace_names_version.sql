ALTER TABLE "workspaces" ADD COLUMN "names_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- workspaces.names_version counts the changes to the names a list row shows beside a contact: its owner's, its team's
-- and its tags' (with their colours). Read with the caller on every request, it lets a server keep each workspace's
-- names in memory and read them again only when told they changed, by whichever server (contacts/workspace-names.ts),
-- instead of looking each row's names up in the page's statement. A tag's usage count changing is not counted (the
-- triggers name the columns). The bump waits for the commit (deferred): a transaction that creates a tag and then
-- tags contacts (which updates other tags' usage counts) takes the workspace's row last, so it cannot deadlock with
-- one renaming a tag it counts. One function bumps either version, named by the trigger's argument.
CREATE FUNCTION dossier_bump_workspace_version() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('UPDATE workspaces SET %1$I = %1$I + 1 WHERE id = $1', TG_ARGV[0])
    USING (CASE WHEN TG_OP = 'DELETE' THEN OLD.workspace_id ELSE NEW.workspace_id END);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER users_names_version AFTER INSERT OR DELETE OR UPDATE OF name ON users
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dossier_bump_workspace_version('names_version');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER teams_names_version AFTER INSERT OR DELETE OR UPDATE OF name ON teams
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dossier_bump_workspace_version('names_version');
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER tags_names_version AFTER INSERT OR DELETE OR UPDATE OF name, color ON tags
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dossier_bump_workspace_version('names_version');
--> statement-breakpoint
DROP TRIGGER custom_fields_version ON custom_fields;
--> statement-breakpoint
DROP TRIGGER custom_field_folders_version ON custom_field_folders;
--> statement-breakpoint
DROP FUNCTION dossier_bump_fields_version();
--> statement-breakpoint
CREATE TRIGGER custom_fields_version AFTER INSERT OR UPDATE OR DELETE ON custom_fields
  FOR EACH ROW EXECUTE FUNCTION dossier_bump_workspace_version('fields_version');
--> statement-breakpoint
CREATE TRIGGER custom_field_folders_version AFTER INSERT OR UPDATE OR DELETE ON custom_field_folders
  FOR EACH ROW EXECUTE FUNCTION dossier_bump_workspace_version('fields_version');
