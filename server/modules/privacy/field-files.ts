// Files a contact holds through custom fields of type "file" (contacts.custom keeps the file's id).
import { and, eq, sql } from 'drizzle-orm';
import { contacts, customFields } from '../../db/schema/contacts.ts';
import type { Ctx } from '../../platform/context.ts';
import type { ContactRow } from '../contacts/contact-access.ts';

export interface FieldFile {
  key: string;
  fileId: string;
}

export async function contactFieldFiles(ctx: Ctx, contact: ContactRow): Promise<FieldFile[]> {
  const defs = await ctx.db
    .select({ key: customFields.key })
    .from(customFields)
    .where(
      and(
        eq(customFields.workspaceId, ctx.workspaceId),
        eq(customFields.type, 'file'),
        eq(customFields.entity, 'contact'),
      ),
    );
  return defs.flatMap(({ key }) => {
    const value = contact.custom[key];
    return typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value) ? [{ key, fileId: value }] : [];
  });
}

/** Whether another contact's field still names the file (a duplicated contact copies its field values). */
export async function fieldFileInUse(ctx: Ctx, f: FieldFile): Promise<boolean> {
  const [row] = await ctx.db
    .select({ one: sql`1` })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, ctx.workspaceId),
        sql`${contacts.custom} @> ${JSON.stringify({ [f.key]: f.fileId })}::jsonb`,
      ),
    )
    .limit(1);
  return Boolean(row);
}
