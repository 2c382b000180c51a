-- tags.usage_count: contacts that are not archived carrying the tag, as the contact list counts
-- them. Kept by statement-level triggers on contacts: each statement's changed rows (its transition
-- tables) become one delta per tag, so tagging 100,000 contacts in one statement costs one UPDATE
-- of the tags it touched. Tags are locked in key order, so two statements touching the same tags
-- wait for each other instead of deadlocking.
CREATE FUNCTION tags_add_usage(d_workspace uuid[], d_tag uuid[], d_n int[]) RETURNS void LANGUAGE sql AS $$
  WITH d AS (
    SELECT * FROM unnest(d_workspace, d_tag, d_n) AS d(workspace_id, tag_id, n) WHERE n <> 0
  ), locked AS (
    SELECT t.workspace_id, t.id, d.n
    FROM tags t JOIN d ON t.workspace_id = d.workspace_id AND t.id = d.tag_id
    ORDER BY t.workspace_id, t.id
    FOR UPDATE OF t
  )
  UPDATE tags t SET usage_count = t.usage_count + l.n
  FROM locked l WHERE t.workspace_id = l.workspace_id AND t.id = l.id
$$;
--> statement-breakpoint
CREATE FUNCTION contacts_count_tag_usage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM tags_add_usage(array_agg(workspace_id), array_agg(tag_id), array_agg(n))
    FROM (
      SELECT c.workspace_id, x.tag_id, count(*)::int AS n
      FROM new_rows c CROSS JOIN LATERAL unnest(c.tag_ids) AS x(tag_id)
      WHERE c.archived_at IS NULL
      GROUP BY 1, 2
    ) d;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM tags_add_usage(array_agg(workspace_id), array_agg(tag_id), array_agg(n))
    FROM (
      SELECT c.workspace_id, x.tag_id, -count(*)::int AS n
      FROM old_rows c CROSS JOIN LATERAL unnest(c.tag_ids) AS x(tag_id)
      WHERE c.archived_at IS NULL
      GROUP BY 1, 2
    ) d;
  ELSE
    -- Only rows whose counted tags changed (tags added or removed, archived or restored) unnest.
    PERFORM tags_add_usage(array_agg(workspace_id), array_agg(tag_id), array_agg(n))
    FROM (
      WITH changed AS (
        SELECT o.workspace_id,
          CASE WHEN o.archived_at IS NULL THEN o.tag_ids ELSE '{}'::uuid[] END AS before,
          CASE WHEN c.archived_at IS NULL THEN c.tag_ids ELSE '{}'::uuid[] END AS after
        FROM old_rows o JOIN new_rows c ON c.workspace_id = o.workspace_id AND c.id = o.id
      )
      SELECT workspace_id, tag_id, sum(n)::int AS n
      FROM (
        SELECT workspace_id, unnest(before) AS tag_id, -1 AS n FROM changed WHERE before IS DISTINCT FROM after
        UNION ALL
        SELECT workspace_id, unnest(after) AS tag_id, 1 AS n FROM changed WHERE before IS DISTINCT FROM after
      ) u
      GROUP BY 1, 2
      HAVING sum(n) <> 0
    ) d;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER contacts_tag_usage_insert
  AFTER INSERT ON contacts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION contacts_count_tag_usage();
--> statement-breakpoint
CREATE TRIGGER contacts_tag_usage_update
  AFTER UPDATE ON contacts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION contacts_count_tag_usage();
--> statement-breakpoint
CREATE TRIGGER contacts_tag_usage_delete
  AFTER DELETE ON contacts REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION contacts_count_tag_usage();
--> statement-breakpoint
CREATE FUNCTION contacts_truncate_tag_usage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tags SET usage_count = 0 WHERE usage_count <> 0;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER contacts_tag_usage_truncate
  AFTER TRUNCATE ON contacts
  FOR EACH STATEMENT EXECUTE FUNCTION contacts_truncate_tag_usage();
--> statement-breakpoint
-- Backfill; the triggers above already hold contacts against writes until this commits.
UPDATE tags t SET usage_count = u.n
FROM (
  SELECT c.workspace_id, x.tag_id, count(*)::int AS n
  FROM contacts c CROSS JOIN LATERAL unnest(c.tag_ids) AS x(tag_id)
  WHERE c.archived_at IS NULL
  GROUP BY 1, 2
) u
WHERE t.workspace_id = u.workspace_id AND t.id = u.tag_id;
