-- One owner's contacts in name order (list-contacts.ts, walkThreshold): the new index first, then the old one dropped.
CREATE INDEX IF NOT EXISTS "contacts_owner_name_idx" ON "contacts" USING btree ("workspace_id","owner_id",lower("display_name"),"id") WHERE "contacts"."archived_at" is null;--> statement-breakpoint
DROP INDEX IF EXISTS "contacts_owner_idx";
