// Message templates with merge fields: everyone reads them, admins write them (journaled).
import { and, asc, eq } from 'drizzle-orm';
import { messageTemplates } from '../../db/schema/messages.ts';
import { inTransaction, requireAdmin, type Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { toIso } from '../../platform/http/schemas.ts';
import { newId } from '../../platform/ids.ts';
import { diffFields, record } from '../../platform/journal/journal.ts';
import { sanitizeNoteHtml } from '../notes/note-html.ts';
import type { MessageTemplateDto } from './conversations.schemas.ts';
import { isUniqueViolation } from '../../db/client.ts';

type TemplateRow = typeof messageTemplates.$inferSelect;
interface TemplateInput {
  name: string;
  channel: TemplateRow['channel'];
  subject: string | null;
  body: string;
}

const toDto = (t: TemplateRow): MessageTemplateDto => ({
  id: t.id,
  name: t.name,
  channel: t.channel,
  subject: t.subject,
  body: t.body,
  createdAt: toIso(t.createdAt),
  updatedAt: toIso(t.updatedAt),
});

/** Email bodies are HTML (kept to what the composer offers); texts stay text. */
const cleanBody = (channel: TemplateRow['channel'], body: string) =>
  channel === 'email' ? sanitizeNoteHtml(body) : body.trim();

const nameTaken = (name: string) =>
  new AppError('template_name_taken', 409, `A template named ${name} exists already`, { field: 'name' });

export async function listTemplates({ ctx }: { ctx: Ctx }): Promise<MessageTemplateDto[]> {
  const rows = await ctx.db
    .select()
    .from(messageTemplates)
    .where(eq(messageTemplates.workspaceId, ctx.workspaceId))
    .orderBy(asc(messageTemplates.name));
  return rows.map(toDto);
}

async function findTemplate(ctx: Ctx, id: string, lock = false): Promise<TemplateRow> {
  const query = ctx.db
    .select()
    .from(messageTemplates)
    .where(and(eq(messageTemplates.workspaceId, ctx.workspaceId), eq(messageTemplates.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw notFound('Template');
  return row;
}

export async function getTemplate({ ctx, id }: { ctx: Ctx; id: string }): Promise<MessageTemplateDto> {
  return toDto(await findTemplate(ctx, id));
}

export async function createTemplate({ ctx, input }: { ctx: Ctx; input: TemplateInput }): Promise<MessageTemplateDto> {
  requireAdmin(ctx);
  try {
    return await inTransaction(ctx, async (tx) => {
      const [row] = await tx.db
        .insert(messageTemplates)
        .values({
          workspaceId: ctx.workspaceId,
          id: newId(),
          name: input.name,
          channel: input.channel,
          subject: input.channel === 'email' ? input.subject : null,
          body: cleanBody(input.channel, input.body),
          createdBy: ctx.principal.userId,
        })
        .returning();
      await record(tx, {
        kind: 'message_template.created',
        category: 'admin',
        subject: { type: 'message_template', id: row!.id },
        data: { name: row!.name, channel: row!.channel },
      });
      return toDto(row!);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name);
    throw err;
  }
}

export async function updateTemplate({
  ctx,
  id,
  input,
}: {
  ctx: Ctx;
  id: string;
  input: Partial<TemplateInput>;
}): Promise<MessageTemplateDto> {
  requireAdmin(ctx);
  try {
    return await inTransaction(ctx, async (tx) => {
      const before = await findTemplate(tx, id, true);
      const channel = input.channel ?? before.channel;
      const next: Partial<TemplateRow> = {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.channel !== undefined ? { channel } : {}),
        ...(input.subject !== undefined ? { subject: channel === 'email' ? input.subject : null } : {}),
        ...(input.body !== undefined ? { body: cleanBody(channel, input.body) } : {}),
      };
      const changes = diffFields(before, next, ['name', 'channel', 'subject', 'body']);
      if (changes.length === 0) return toDto(before);
      const [row] = await tx.db
        .update(messageTemplates)
        .set({ ...next, updatedAt: new Date() })
        .where(and(eq(messageTemplates.workspaceId, ctx.workspaceId), eq(messageTemplates.id, id)))
        .returning();
      await record(tx, {
        kind: 'message_template.updated',
        category: 'admin',
        subject: { type: 'message_template', id },
        data: { name: row!.name, changes },
      });
      return toDto(row!);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name ?? '');
    throw err;
  }
}

export async function deleteTemplate({ ctx, id }: { ctx: Ctx; id: string }): Promise<void> {
  requireAdmin(ctx);
  await inTransaction(ctx, async (tx) => {
    const before = await findTemplate(tx, id, true);
    await tx.db
      .delete(messageTemplates)
      .where(and(eq(messageTemplates.workspaceId, ctx.workspaceId), eq(messageTemplates.id, id)));
    await record(tx, {
      kind: 'message_template.deleted',
      category: 'admin',
      subject: { type: 'message_template', id },
      data: { name: before.name, channel: before.channel },
    });
  });
}
