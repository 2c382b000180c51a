-- Extensions Dossier relies on: case-insensitive text for emails, trigram indexes for fuzzy search.
CREATE EXTENSION IF NOT EXISTS citext;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
