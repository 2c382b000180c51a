-- The name order's index carries each contact's display name and search text, so a search whose
-- fragment is common walks the name order in the index alone (an index-only scan that tests the
-- text there) instead of visiting every contact's row on the way: 5,332 contacts tested for "chard"
-- in 5 ms instead of 23 ms at a million contacts (list-contacts.ts, walkingTheOrder). Drizzle cannot
-- declare INCLUDE; the schema keeps the index's keys and this migration its payload.
DROP INDEX IF EXISTS "contacts_name_idx";--> statement-breakpoint
CREATE INDEX "contacts_name_idx" ON "contacts" USING btree ("workspace_id", lower("display_name"), "id") INCLUDE ("display_name", "search_text") WHERE "contacts"."archived_at" is null;
