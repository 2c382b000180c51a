-- The vocabulary a typo is corrected against (schema/contacts.ts, searchWords): every run of three letters or more in
-- a workspace's search texts. A typo's corrections are the words within an edit or two of it (fuzzystrmatch's
-- levenshtein), found through the trigram index among a workspace's few hundred thousand words rather than among
-- its contacts' whole texts. Kept by triggers: an inserted batch (a COPY of an import's chunk too) adds its words in
-- one statement; an update adds the words of a text that changed. A word already there is not added again; two
-- writers adding the same new word at once may both add it (no unique key, so neither waits), read as one.
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
--> statement-breakpoint
-- A search text's words, as the vocabulary keeps them (the triggers below, and an erasure: erase-contact.ts).
CREATE FUNCTION dossier_search_words(search_text text) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT w FROM regexp_split_to_table(search_text, '[^[:alpha:]]+') AS w WHERE length(w) >= 3
$$;
--> statement-breakpoint
CREATE TABLE "search_words" (
	"workspace_id" uuid NOT NULL,
	"word" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "search_words" ADD CONSTRAINT "search_words_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
INSERT INTO search_words (workspace_id, word)
SELECT DISTINCT c.workspace_id, w.word FROM contacts c CROSS JOIN LATERAL dossier_search_words(c.search_text) AS w(word);
--> statement-breakpoint
CREATE INDEX "search_words_workspace_word_idx" ON "search_words" USING btree ("workspace_id","word");
--> statement-breakpoint
CREATE INDEX "search_words_trgm_idx" ON "search_words" USING gin ("word" gin_trgm_ops);
--> statement-breakpoint
-- Each new word is probed in the (workspace, word) index: the planner, which guesses a thousand words from
-- regexp_split_to_table, would otherwise hash the workspace's whole vocabulary to add a contact's few (a row trigger
-- took 32 ms an update in a workspace of 480,000 words, 0.2 ms probing).
CREATE FUNCTION dossier_add_inserted_search_words() RETURNS trigger
  LANGUAGE plpgsql SET enable_hashjoin = off SET enable_mergejoin = off AS $$
BEGIN
  INSERT INTO search_words (workspace_id, word)
  SELECT DISTINCT n.workspace_id, w.word
    FROM inserted_contacts n CROSS JOIN LATERAL dossier_search_words(n.search_text) AS w(word)
   WHERE NOT EXISTS (SELECT 1 FROM search_words s WHERE s.workspace_id = n.workspace_id AND s.word = w.word);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER contacts_search_words_insert AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS inserted_contacts
  FOR EACH STATEMENT EXECUTE FUNCTION dossier_add_inserted_search_words();
--> statement-breakpoint
-- A row trigger for updates: a statement trigger's transition tables would hold every updated row (a bulk tag change
-- of a hundred thousand contacts), where this runs only for a contact whose text changed.
CREATE FUNCTION dossier_add_updated_search_words() RETURNS trigger
  LANGUAGE plpgsql SET enable_hashjoin = off SET enable_mergejoin = off AS $$
BEGIN
  INSERT INTO search_words (workspace_id, word)
  SELECT DISTINCT NEW.workspace_id, w.word
    FROM dossier_search_words(NEW.search_text) AS w(word)
   WHERE NOT EXISTS (SELECT 1 FROM search_words s WHERE s.workspace_id = NEW.workspace_id AND s.word = w.word);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER contacts_search_words_update AFTER UPDATE OF search_text ON contacts
  FOR EACH ROW WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text)
  EXECUTE FUNCTION dossier_add_updated_search_words();
