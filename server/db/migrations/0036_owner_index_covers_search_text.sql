-- One owner's contacts in name order now also carry the search text, so a member limited to own contacts whose
-- search is common walks their own range of this index and tests the words there (list-contacts.ts, walkedInOrder).
-- Before, the member's walk went through the whole workspace's name order and visited each contact's row to see
-- whom it belongs to: 37,528 rows and 70 ms for "err" at a million contacts, where the admin's walk read 870
-- index entries.
CREATE INDEX IF NOT EXISTS "contacts_owner_name_text_idx" ON "contacts" USING btree ("workspace_id","owner_id",lower("display_name"),"id") INCLUDE ("display_name", "tag_ids", "search_text") WHERE "contacts"."archived_at" is null;--> statement-breakpoint
DROP INDEX IF EXISTS "contacts_owner_name_idx";--> statement-breakpoint
ALTER INDEX "contacts_owner_name_text_idx" RENAME TO "contacts_owner_name_idx";
