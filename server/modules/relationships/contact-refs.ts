// How links and relations name the contact on the other side, and the visibility rule applied to
// a contact id column (a member limited to their own contacts sees only those on the other side).
import { and, eq, exists, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { contacts } from '../../db/schema/contacts.ts';
import { contactScope, type Ctx } from '../../platform/context.ts';
import { contactVisibility, type ContactRow } from '../contacts/contact-access.ts';
import { fileUrl } from '../contacts/contact-profile.ts';
import type { z } from 'zod';
import type { LinkedContact } from './relationships.schemas.ts';

export type LinkedContactDto = z.infer<typeof LinkedContact>;

export const refOf = (c: Pick<ContactRow, 'id' | 'kind' | 'displayName' | 'pictureFileId'>): LinkedContactDto => ({
  id: c.id,
  kind: c.kind,
  displayName: c.displayName,
  pictureUrl: fileUrl(c.pictureFileId),
});

/** What the journal keeps of the other side: enough to name it after it is gone. */
export const journalRef = (c: Pick<ContactRow, 'id' | 'kind' | 'displayName'>) => ({
  id: c.id,
  kind: c.kind,
  name: c.displayName,
});

/** "The caller may see the contact in this column"; nothing to add for callers who see all. */
export function visibleContact(ctx: Ctx, column: AnyPgColumn): SQL | undefined {
  if (!contactScope(ctx)) return undefined;
  return exists(
    ctx.db
      .select({ one: sql`1` })
      .from(contacts)
      .where(and(contactVisibility(ctx), eq(contacts.id, column))),
  );
}
