-- Tags move from the contact_tags link table to an array on the contact (see contacts.tag_ids).
ALTER TABLE "contacts" ADD COLUMN "tag_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
UPDATE "contacts" c SET "tag_ids" = l.tag_ids
FROM (SELECT workspace_id, contact_id, array_agg(tag_id) AS tag_ids FROM "contact_tags" GROUP BY 1, 2) l
WHERE c.workspace_id = l.workspace_id AND c.id = l.contact_id;--> statement-breakpoint
DROP TABLE "contact_tags" CASCADE;--> statement-breakpoint
CREATE INDEX "contacts_tags_idx" ON "contacts" USING gin ("tag_ids");--> statement-breakpoint
-- A one-touch contact keeps its attribution once, as the first (the last is read as the first).
UPDATE "contacts" SET "last_attribution" = NULL WHERE "last_attribution" = "first_attribution";--> statement-breakpoint
DROP INDEX "contacts_owner_idx";--> statement-breakpoint
CREATE INDEX "contacts_owner_idx" ON "contacts" USING btree ("workspace_id","owner_id") WHERE "contacts"."archived_at" is null;
