// Test data inserted directly through the real database, for tests of modules that need
// contacts to exist but are not about creating them.
import { contacts } from '../db/schema/contacts.ts';
import { systemCtx, inTransaction } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { record } from '../platform/journal/journal.ts';
import type { Session, TestApp } from './harness.ts';

export async function insertContact(
  t: TestApp,
  owner: Session,
  overrides: Partial<typeof contacts.$inferInsert> = {},
): Promise<typeof contacts.$inferSelect> {
  const ctx = systemCtx(t.deps, owner.workspace.id, { type: 'user', id: owner.user.id, label: owner.user.name });
  const firstName = overrides.firstName ?? 'Test';
  const lastName = overrides.lastName ?? `Contact ${Math.random().toString(36).slice(2, 7)}`;
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(contacts)
      .values({
        workspaceId: owner.workspace.id,
        id: newId(),
        kind: 'person',
        firstName,
        lastName,
        displayName: `${firstName} ${lastName}`,
        searchText: `${firstName} ${lastName}`.toLowerCase(),
        contactType: 'lead',
        ownerId: owner.user.id,
        createdBy: owner.user.id,
        ...overrides,
      })
      .returning();
    await record(tx, {
      contactId: row!.id,
      kind: 'contact.created',
      category: 'admin',
      subject: { type: 'contact', id: row!.id },
      data: { displayName: row!.displayName },
    });
    return row!;
  });
}
