-- The search text's statistics at 250 (migration 0011 set 1,000). Planning any search statement matches its pattern
-- against the sampled texts: with 1,000 (up to 2,000 texts) a LIKE took 0.8 ms to plan and a typo's similarity 14 ms,
-- on every statement of every search; with 250, 0.5 and 4.4 ms. The estimate they give is needed less finely since a
-- one-word search in a large workspace asks its own index how many hold the word whenever the estimate is under
-- listTuning.reliableEstimate (list-contacts.ts, textCandidates).
ALTER TABLE "contacts" ALTER COLUMN "search_text" SET STATISTICS 250;
