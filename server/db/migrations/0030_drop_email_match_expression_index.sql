-- The address match key is a stored column now (0029) with its own index; the expression index of 0023
-- answered the same questions and is not needed any more.
DROP INDEX IF EXISTS contact_emails_match_key_idx;
