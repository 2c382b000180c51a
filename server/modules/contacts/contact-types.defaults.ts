// The contact types every new workspace starts with; admins edit the list under Settings.
import { contactTypes } from '../../db/schema/contacts.ts';
import type { Ctx } from '../../platform/context.ts';

export const defaultContactTypes = [
  { key: 'lead', label: 'Lead', color: 'blue' },
  { key: 'prospect', label: 'Prospect', color: 'cyan' },
  { key: 'customer', label: 'Customer', color: 'green' },
  { key: 'past_customer', label: 'Past customer', color: 'gray' },
  { key: 'vendor', label: 'Vendor', color: 'orange' },
  { key: 'agent', label: 'Agent', color: 'grape' },
  { key: 'other', label: 'Other', color: 'dark' },
] as const;

export const DEFAULT_CONTACT_TYPE = 'lead';

export async function insertDefaultContactTypes(ctx: Ctx): Promise<void> {
  await ctx.db
    .insert(contactTypes)
    .values(defaultContactTypes.map((t, position) => ({ workspaceId: ctx.workspaceId, ...t, position })));
}
