-- Before notifications follow their contact (0019: ON DELETE CASCADE, so a notification job that
-- runs after a contact was erased or deleted cannot leave its name behind), the notifications of
-- contacts deleted earlier let go of the id that no longer leads anywhere.
UPDATE notifications n SET contact_id = NULL
WHERE n.contact_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.workspace_id = n.workspace_id AND c.id = n.contact_id);
