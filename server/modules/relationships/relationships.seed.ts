// Demo data: people working for the demo businesses (a person whose company name is a demo business works
// there, primary; the first businesses get a few more contact persons, some using the switchboard by
// reference) and relations between people, each journaled on both contacts as the API would.
import { and, asc, eq } from 'drizzle-orm';
import { contactPhones, contacts } from '../../db/schema/contacts.ts';
import { contactLinks, contactRelations, relationTypes } from '../../db/schema/relationships.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { recordMany, type NewEntry } from '../../platform/journal/journal.ts';
import { journalRef } from './contact-refs.ts';

const ROLES = [
  'Managing Director',
  'Head of Purchasing',
  'Office Manager',
  'CFO',
  'Sales Lead',
  'Assistant',
  'IT Lead',
];

export async function seedRelationships(ctx: Ctx): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const all = await tx.db
      .select()
      .from(contacts)
      .where(eq(contacts.workspaceId, tx.workspaceId))
      .orderBy(asc(contacts.createdAt), asc(contacts.id));
    const businesses = all.filter((c) => c.kind === 'business');
    const persons = all.filter((c) => c.kind === 'person');
    if (!businesses.length || persons.length < 4) return;
    const byName = new Map(businesses.map((b) => [b.businessName?.toLowerCase(), b]));
    const switchboards = await tx.db
      .select({ id: contactPhones.id, contactId: contactPhones.contactId })
      .from(contactPhones)
      .where(and(eq(contactPhones.workspaceId, tx.workspaceId), eq(contactPhones.isPrimary, true)));
    const phoneOf = new Map(switchboards.map((p) => [p.contactId, p.id]));
    const links = new Map<string, typeof contactLinks.$inferInsert>();
    const entries: NewEntry[] = [];
    const link = (p: (typeof all)[number], b: (typeof all)[number], i: number, primary: boolean) => {
      const key = `${p.id}:${b.id}`;
      if (links.has(key)) return;
      const id = newId();
      const phone = i % 3 === 0 ? phoneOf.get(b.id) : undefined;
      const role = ROLES[i % ROLES.length]!;
      links.set(key, {
        workspaceId: tx.workspaceId,
        id,
        personId: p.id,
        businessId: b.id,
        role,
        isPrimary: primary,
        phoneIds: phone ? [phone] : [],
      });
      const data = { role, isPrimary: primary };
      const subject = { type: 'contact_link', id };
      entries.push(
        {
          contactId: p.id,
          kind: 'contact.link_added',
          category: 'admin',
          subject,
          data: { ...data, other: journalRef(b) },
        },
        {
          contactId: b.id,
          kind: 'contact.link_added',
          category: 'admin',
          subject,
          data: { ...data, other: journalRef(p) },
        },
      );
    };
    persons.forEach((p, i) => {
      const b = p.businessName ? byName.get(p.businessName.toLowerCase()) : undefined;
      if (b) link(p, b, i, true);
    });
    // The first businesses get a handful of contact persons each (not their primary business).
    businesses.slice(0, 30).forEach((b, i) => {
      for (let k = 0; k < 2 + (i % 4); k++) link(persons[(i * 7 + k * 13) % persons.length]!, b, i + k, false);
    });
    // A person has at most one primary business: keep the first.
    const primaryTaken = new Set<string>();
    for (const l of links.values()) {
      if (!l.isPrimary) continue;
      if (primaryTaken.has(l.personId)) l.isPrimary = false;
      primaryTaken.add(l.personId);
    }
    await tx.db.insert(contactLinks).values([...links.values()]);

    const types = await tx.db.select().from(relationTypes).where(eq(relationTypes.workspaceId, tx.workspaceId));
    const relations = new Map<string, typeof contactRelations.$inferInsert>();
    for (let i = 0; i < Math.min(60, Math.floor(persons.length / 2)); i++) {
      const a = persons[(i * 11) % persons.length]!;
      const b = persons[(i * 11 + 5) % persons.length]!;
      const type = types[i % types.length];
      if (!type || a.id === b.id) continue;
      const key = [a.id, b.id].sort().join(':') + type.id;
      if (relations.has(key)) continue;
      const id = newId();
      relations.set(key, { workspaceId: tx.workspaceId, id, typeId: type.id, fromContactId: a.id, toContactId: b.id });
      const subject = { type: 'contact_relation', id };
      entries.push(
        {
          contactId: a.id,
          kind: 'contact.relation_added',
          category: 'admin',
          subject,
          data: { label: type.label, other: journalRef(b) },
        },
        {
          contactId: b.id,
          kind: 'contact.relation_added',
          category: 'admin',
          subject,
          data: { label: type.inverseLabel, other: journalRef(a) },
        },
      );
    }
    if (relations.size) await tx.db.insert(contactRelations).values([...relations.values()]);
    await recordMany(tx, entries);
  });
}
