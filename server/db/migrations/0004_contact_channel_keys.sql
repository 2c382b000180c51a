DROP INDEX "contact_emails_contact_idx";--> statement-breakpoint
DROP INDEX "contact_locations_contact_idx";--> statement-breakpoint
DROP INDEX "contact_phones_contact_idx";--> statement-breakpoint
DROP INDEX "contact_tags_tag_idx";--> statement-breakpoint
ALTER TABLE "contact_emails" DROP CONSTRAINT "contact_emails_workspace_id_id_pk";--> statement-breakpoint
ALTER TABLE "contact_locations" DROP CONSTRAINT "contact_locations_workspace_id_id_pk";--> statement-breakpoint
ALTER TABLE "contact_phones" DROP CONSTRAINT "contact_phones_workspace_id_id_pk";--> statement-breakpoint
ALTER TABLE "contact_emails" ADD CONSTRAINT "contact_emails_workspace_id_contact_id_id_pk" PRIMARY KEY("workspace_id","contact_id","id");--> statement-breakpoint
ALTER TABLE "contact_locations" ADD CONSTRAINT "contact_locations_workspace_id_contact_id_id_pk" PRIMARY KEY("workspace_id","contact_id","id");--> statement-breakpoint
ALTER TABLE "contact_phones" ADD CONSTRAINT "contact_phones_workspace_id_contact_id_id_pk" PRIMARY KEY("workspace_id","contact_id","id");--> statement-breakpoint
CREATE INDEX "contact_tags_tag_idx" ON "contact_tags" USING btree ("workspace_id","tag_id");