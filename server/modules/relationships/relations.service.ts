// Labelled contact-to-contact relations. Stored once ("from is <label> of to") and shown on both
// contacts: from the other side the type's inverse label applies. Journaled on both contacts.
import { and, asc, eq, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { contacts } from '../../db/schema/contacts.ts';
import { contactRelations, relationTypes } from '../../db/schema/relationships.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { toIso } from '../../platform/http/schemas.ts';
import { newId } from '../../platform/ids.ts';
import { recordMany } from '../../platform/journal/journal.ts';
import { requireContact, type ContactRow } from '../contacts/contact-access.ts';
import { journalRef, refOf, visibleContact } from './contact-refs.ts';
import { requireRelationType } from './relation-types.service.ts';
import type { ContactRelationDto, CreateRelationInput } from './relationships.schemas.ts';

type RelationRow = typeof contactRelations.$inferSelect;
type TypeRow = typeof relationTypes.$inferSelect;

const other = alias(contacts, 'other');

/** The label as read from `contactId`'s side. */
const labelFrom = (
  contactId: string,
  r: Pick<RelationRow, 'fromContactId'>,
  t: Pick<TypeRow, 'label' | 'inverseLabel'>,
) => (r.fromContactId === contactId ? t.label : t.inverseLabel);

export async function listRelations({
  ctx,
  contactId,
}: {
  ctx: Ctx;
  contactId: string;
}): Promise<ContactRelationDto[]> {
  await requireContact(ctx, contactId);
  const otherId = sql`case when ${contactRelations.fromContactId} = ${contactId}::uuid
    then ${contactRelations.toContactId} else ${contactRelations.fromContactId} end`;
  const rows = await ctx.db
    .select({ relation: contactRelations, type: relationTypes, other })
    .from(contactRelations)
    .innerJoin(
      relationTypes,
      and(eq(relationTypes.workspaceId, contactRelations.workspaceId), eq(relationTypes.id, contactRelations.typeId)),
    )
    .innerJoin(other, and(eq(other.workspaceId, contactRelations.workspaceId), sql`${other.id} = ${otherId}`))
    .where(
      and(
        eq(contactRelations.workspaceId, ctx.workspaceId),
        or(eq(contactRelations.fromContactId, contactId), eq(contactRelations.toContactId, contactId)),
        visibleContact(ctx, other.id),
      ),
    )
    .orderBy(asc(relationTypes.position), sql`lower(${other.displayName})`, asc(contactRelations.id))
    .limit(500);
  return rows.map(({ relation, type, other: o }) => ({
    id: relation.id,
    typeId: type.id,
    label: labelFrom(contactId, relation, type),
    other: refOf(o),
    note: relation.note,
    createdAt: toIso(relation.createdAt),
  }));
}

/** Entries on both contacts, each with the label as read from its own side. */
async function journalBoth(
  tx: Ctx,
  kind: string,
  relation: RelationRow,
  type: TypeRow,
  a: ContactRow,
  b: ContactRow,
  data: Record<string, unknown> = {},
) {
  await recordMany(
    tx,
    [
      [a, b],
      [b, a],
    ].map(([self, o]) => ({
      contactId: self!.id,
      kind,
      category: 'admin' as const,
      subject: { type: 'contact_relation', id: relation.id },
      data: { ...data, label: labelFrom(self!.id, relation, type), other: journalRef(o!) },
    })),
  );
}

export async function createRelation({
  ctx,
  contactId,
  input,
}: {
  ctx: Ctx;
  contactId: string;
  input: CreateRelationInput;
}): Promise<ContactRelationDto> {
  const id = await inTransaction(ctx, async (tx) => {
    if (input.otherContactId === contactId) {
      await requireContact(tx, contactId);
      throw new AppError('relation_self', 422, 'A contact cannot be related to itself', { field: 'otherContactId' });
    }
    // Both contacts locked in id order: concurrent relations between the same two queue up.
    const [first, second] = [contactId, input.otherContactId].sort();
    const locked = [
      await requireContact(tx, first!, { writable: true, lock: true }),
      await requireContact(tx, second!, { writable: true, lock: true }),
    ];
    const self = locked.find((c) => c.id === contactId)!;
    const o = locked.find((c) => c.id === input.otherContactId)!;
    const type = await requireRelationType(tx, input.typeId);
    const [from, to] = input.direction === 'inverse' ? [o, self] : [self, o];
    const symmetric = type.label === type.inverseLabel;
    const [dup] = await tx.db
      .select({ id: contactRelations.id })
      .from(contactRelations)
      .where(
        and(
          eq(contactRelations.workspaceId, tx.workspaceId),
          eq(contactRelations.typeId, type.id),
          or(
            and(eq(contactRelations.fromContactId, from.id), eq(contactRelations.toContactId, to.id)),
            symmetric
              ? and(eq(contactRelations.fromContactId, to.id), eq(contactRelations.toContactId, from.id))
              : undefined,
          ),
        ),
      );
    if (dup) {
      throw new AppError('relation_exists', 409, `${from.displayName} is already "${type.label}" ${to.displayName}`, {
        relationId: dup.id,
      });
    }
    const [row] = await tx.db
      .insert(contactRelations)
      .values({
        workspaceId: tx.workspaceId,
        id: newId(),
        typeId: type.id,
        fromContactId: from.id,
        toContactId: to.id,
        note: input.note || null,
        createdBy: tx.principal.userId,
      })
      .returning();
    await journalBoth(tx, 'contact.relation_added', row!, type, from, to, { note: row!.note });
    return row!.id;
  });
  return (await listRelations({ ctx, contactId })).find((r) => r.id === id)!;
}

export async function deleteRelation({
  ctx,
  contactId,
  relationId,
}: {
  ctx: Ctx;
  contactId: string;
  relationId: string;
}): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    await requireContact(tx, contactId);
    const [relation] = await tx.db
      .select()
      .from(contactRelations)
      .where(
        and(
          eq(contactRelations.workspaceId, tx.workspaceId),
          eq(contactRelations.id, relationId),
          or(eq(contactRelations.fromContactId, contactId), eq(contactRelations.toContactId, contactId)),
        ),
      )
      .for('update');
    if (!relation) throw notFound('Relation');
    const from = await requireContact(tx, relation.fromContactId, { writable: true });
    const to = await requireContact(tx, relation.toContactId, { writable: true });
    const type = await requireRelationType(tx, relation.typeId);
    await tx.db
      .delete(contactRelations)
      .where(and(eq(contactRelations.workspaceId, tx.workspaceId), eq(contactRelations.id, relationId)));
    await journalBoth(tx, 'contact.relation_removed', relation, type, from, to, { note: relation.note });
  });
}
