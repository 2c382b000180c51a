-- One owner's contacts in name order, with what a filtered walk of them tests: the display name (from which the key
-- lower(display_name) is computed) and the tags. "My contacts with tag X" walks the owner's range of this index
-- (list-contacts.ts, walkThreshold) and tested each contact's tags on its row, a visit to the table per contact
-- passed (about 1,300 for a page of 50 under a tag on 4 % of them: 5.5 ms); now the walk reads the index alone.
CREATE INDEX IF NOT EXISTS "contacts_owner_name_tags_idx" ON "contacts" USING btree ("workspace_id","owner_id",lower("display_name"),"id") INCLUDE ("display_name", "tag_ids") WHERE "contacts"."archived_at" is null;--> statement-breakpoint
DROP INDEX IF EXISTS "contacts_owner_name_idx";--> statement-breakpoint
ALTER INDEX "contacts_owner_name_tags_idx" RENAME TO "contacts_owner_name_idx";
