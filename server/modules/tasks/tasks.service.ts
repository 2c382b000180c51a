// Tasks on a contact and the "My tasks" list across contacts. A new task goes to the contact's
// owner unless someone else is named; every change is journaled with the contact.
import { and, eq, exists, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { tasks } from '../../db/schema/activity.ts';
import { contacts } from '../../db/schema/contacts.ts';
import type { FieldChange } from '../../db/schema/journal.ts';
import { users, workspaces } from '../../db/schema/platform.ts';
import { contactScope, inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, toIso, toIsoOrNull } from '../../platform/http/schemas.ts';
import { newId } from '../../platform/ids.ts';
import { record } from '../../platform/journal/journal.ts';
import { contactVisibility, requireContact } from '../contacts/contact-access.ts';
import { assertVersion } from '../notes/if-match.ts';
import { requireAssignableUser, requireWorkContact, userRefs, type UserRef } from './assignee.ts';
import type { CreateTaskInput, TaskBucket, TaskDto, UpdateTaskInput } from './tasks.schemas.ts';

export type TaskRow = typeof tasks.$inferSelect;

export async function toTaskDtos(ctx: Ctx, rows: TaskRow[], now = new Date()): Promise<TaskDto[]> {
  if (rows.length === 0) return [];
  const people = await userRefs(
    ctx,
    rows.flatMap((r) => [r.assigneeId, r.completedBy, r.createdBy]),
  );
  const contactIds = [...new Set(rows.map((r) => r.contactId).filter((id): id is string => !!id))];
  const names = contactIds.length
    ? await ctx.db
        .select({ id: contacts.id, displayName: contacts.displayName })
        .from(contacts)
        .where(and(eq(contacts.workspaceId, ctx.workspaceId), inArray(contacts.id, contactIds)))
    : [];
  const contactOf = new Map(names.map((c) => [c.id, c]));
  const person = (id: string | null): UserRef | null => (id && people.get(id)) || null;
  return rows.map((t) => ({
    id: t.id,
    contactId: t.contactId,
    contact: (t.contactId && contactOf.get(t.contactId)) || null,
    title: t.title,
    description: t.description,
    assignee: person(t.assigneeId) ?? { id: t.assigneeId, name: 'Unknown user' },
    dueAt: toIsoOrNull(t.dueAt),
    status: t.status,
    overdue: t.status === 'pending' && !!t.dueAt && t.dueAt < now,
    completedAt: toIsoOrNull(t.completedAt),
    completedBy: person(t.completedBy),
    createdBy: person(t.createdBy),
    version: t.version,
    createdAt: toIso(t.createdAt),
    updatedAt: toIso(t.updatedAt),
  }));
}

async function toTaskDto(ctx: Ctx, row: TaskRow): Promise<TaskDto> {
  return (await toTaskDtos(ctx, [row]))[0]!;
}

/**
 * Tasks follow their contact's visibility: a restricted member sees tasks of contacts they own or
 * follow, and always the tasks assigned to them.
 */
export function taskVisibility(ctx: Ctx): SQL | undefined {
  const userId = contactScope(ctx);
  if (!userId) return undefined;
  return sql`(${tasks.contactId} is null or ${tasks.assigneeId} = ${userId} or ${exists(
    ctx.db
      .select({ one: sql`1` })
      .from(contacts)
      .where(
        and(eq(contacts.workspaceId, tasks.workspaceId), eq(contacts.id, tasks.contactId), contactVisibility(ctx)),
      ),
  )})`;
}

async function findTask(ctx: Ctx, taskId: string, opts: { lock?: boolean; writable?: boolean } = {}) {
  const query = ctx.db
    .select()
    .from(tasks)
    .where(and(eq(tasks.workspaceId, ctx.workspaceId), eq(tasks.id, taskId)));
  const [task] = opts.lock ? await query.for('update') : await query;
  if (!task) throw notFound('Task');
  if (task.contactId) await requireWorkContact(ctx, task.contactId, task.assigneeId, { writable: opts.writable });
  return task;
}

export async function getTask({ ctx, taskId }: { ctx: Ctx; taskId: string }): Promise<TaskDto> {
  return toTaskDto(ctx, await findTask(ctx, taskId));
}

// One ordering for every list: pending before completed; pending by due date (undated last),
// completed newest first; the id breaks ties. Expressed as (rank, key, id) so it pages by keyset.
const sortRank = sql<number>`(case when ${tasks.status} = 'pending' then 0 else 1 end)`;
const sortKey = sql<number | string>`(case when ${tasks.status} = 'pending'
  then coalesce(extract(epoch from ${tasks.dueAt})::float8, 'Infinity'::float8)
  else -extract(epoch from ${tasks.completedAt})::float8 end)`;

async function pageTasks(
  ctx: Ctx,
  where: (SQL | undefined)[],
  cursor: string | undefined,
  limit: number,
): Promise<{ data: TaskDto[]; nextCursor: string | null }> {
  const after = decodeCursor(cursor, 3);
  if (
    cursor &&
    (!after ||
      typeof after[0] !== 'number' ||
      !(typeof after[1] === 'number' || after[1] === 'Infinity') ||
      typeof after[2] !== 'string')
  ) {
    throw invalid('The cursor is not valid; start again without it');
  }
  const rows = await ctx.db
    .select({ task: tasks, rank: sortRank, key: sortKey })
    .from(tasks)
    .where(
      and(
        eq(tasks.workspaceId, ctx.workspaceId),
        taskVisibility(ctx),
        ...where,
        after
          ? sql`(${sortRank}, ${sortKey}, ${tasks.id}) > (${after[0]}::int, ${String(after[1])}::float8, ${after[2]}::uuid)`
          : undefined,
      ),
    )
    .orderBy(sortRank, sortKey, tasks.id)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const key = (k: number | string) => (typeof k === 'number' && Number.isFinite(k) ? k : 'Infinity');
  return {
    data: await toTaskDtos(
      ctx,
      page.map((r) => r.task),
    ),
    nextCursor: rows.length > limit && last ? encodeCursor([last.rank, key(last.key), last.task.id]) : null,
  };
}

export async function listContactTasks({
  ctx,
  contactId,
  status,
  cursor,
  limit,
}: {
  ctx: Ctx;
  contactId: string;
  status: 'pending' | 'completed' | 'all';
  cursor?: string;
  limit: number;
}) {
  await requireContact(ctx, contactId);
  return pageTasks(
    ctx,
    [eq(tasks.contactId, contactId), status === 'all' ? undefined : eq(tasks.status, status)],
    cursor,
    limit,
  );
}

function resolveAssignee(ctx: Ctx, assigneeId: string | undefined): string | undefined {
  if (assigneeId !== 'me') return assigneeId;
  if (!ctx.principal.userId) {
    throw new AppError('validation_failed', 400, 'An API key has no user; pass a user id instead of "me"');
  }
  return ctx.principal.userId;
}

/** The caller's time zone (users.timezone), or the workspace's for an API key. */
async function callerTimeZone(ctx: Ctx): Promise<string> {
  if (ctx.principal.userId) {
    const [user] = await ctx.db
      .select({ tz: users.timezone })
      .from(users)
      .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, ctx.principal.userId)));
    if (user) return user.tz;
  }
  const [ws] = await ctx.db
    .select({ tz: workspaces.timezone })
    .from(workspaces)
    .where(eq(workspaces.id, ctx.workspaceId));
  return ws?.tz ?? 'UTC';
}

/** Local wall-clock parts of an instant in a time zone. */
function localParts(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: get('year'), m: get('month'), d: get('day'), h: get('hour'), min: get('minute'), s: get('second') };
}

/** The instant the caller's next day begins (local midnight), DST included; unknown zones count as UTC. */
export function startOfNextDay(now: Date, timeZone: string): Date {
  let zone = timeZone;
  try {
    localParts(now, zone);
  } catch {
    zone = 'UTC';
  }
  const offset = (at: number) => {
    const p = localParts(new Date(at), zone);
    return Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s) - Math.floor(at / 1000) * 1000;
  };
  const today = localParts(now, zone);
  const midnight = Date.UTC(today.y, today.m - 1, today.d + 1);
  // Two passes settle the offset when midnight falls next to a daylight-saving switch.
  let instant = midnight - offset(midnight);
  instant = midnight - offset(instant);
  return new Date(instant);
}

function bucketCondition(bucket: TaskBucket, now: Date, tz: string): SQL {
  const tomorrow = sql`${startOfNextDay(now, tz).toISOString()}::timestamptz`;
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const pending = eq(tasks.status, 'pending');
  switch (bucket) {
    case 'overdue':
      return and(pending, sql`${tasks.dueAt} < ${nowSql}`)!;
    case 'today':
      return and(pending, sql`${tasks.dueAt} >= ${nowSql}`, sql`${tasks.dueAt} < ${tomorrow}`)!;
    case 'upcoming':
      return and(pending, sql`${tasks.dueAt} >= ${tomorrow}`)!;
    case 'no_date':
      return and(pending, isNull(tasks.dueAt))!;
    case 'completed':
      return and(eq(tasks.status, 'completed'), isNotNull(tasks.completedAt))!;
  }
}

export async function listTasks({
  ctx,
  assigneeId,
  bucket,
  cursor,
  limit,
}: {
  ctx: Ctx;
  assigneeId?: string;
  bucket?: TaskBucket;
  cursor?: string;
  limit: number;
}) {
  const assignee = resolveAssignee(ctx, assigneeId);
  const condition = bucket ? bucketCondition(bucket, new Date(), await callerTimeZone(ctx)) : undefined;
  return pageTasks(ctx, [assignee ? eq(tasks.assigneeId, assignee) : undefined, condition], cursor, limit);
}

export async function summarizeTasks({
  ctx,
  assigneeId,
}: {
  ctx: Ctx;
  assigneeId?: string;
}): Promise<Record<TaskBucket, number>> {
  const assignee = resolveAssignee(ctx, assigneeId);
  const now = new Date();
  const tz = await callerTimeZone(ctx);
  const count = (bucket: TaskBucket) => sql<number>`count(*) filter (where ${bucketCondition(bucket, now, tz)})::int`;
  const [row] = await ctx.db
    .select({
      overdue: count('overdue'),
      today: count('today'),
      upcoming: count('upcoming'),
      no_date: count('no_date'),
      completed: count('completed'),
    })
    .from(tasks)
    .where(
      and(
        eq(tasks.workspaceId, ctx.workspaceId),
        taskVisibility(ctx),
        assignee ? eq(tasks.assigneeId, assignee) : undefined,
      ),
    );
  return row ?? { overdue: 0, today: 0, upcoming: 0, no_date: 0, completed: 0 };
}

export async function createTask({
  ctx,
  contactId,
  input,
}: {
  ctx: Ctx;
  contactId: string;
  input: CreateTaskInput;
}): Promise<TaskDto> {
  const task = await inTransaction(ctx, async (tx) => {
    const contact = await requireContact(tx, contactId, { writable: true });
    // SPEC 2.3: a task created from the contact goes to its owner unless someone else is named.
    const assignee = await requireAssignableUser(tx, input.assigneeId ?? contact.ownerId, 'assigneeId');
    const now = new Date();
    const [row] = await tx.db
      .insert(tasks)
      .values({
        workspaceId: ctx.workspaceId,
        id: newId(),
        contactId,
        title: input.title,
        description: input.description,
        assigneeId: assignee.id,
        dueAt: input.dueAt ? new Date(input.dueAt) : null,
        createdBy: ctx.principal.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await record(tx, {
      contactId,
      kind: 'task.created',
      category: 'focus',
      subject: { type: 'task', id: row!.id },
      data: { title: row!.title, assignee, assigneeId: assignee.id, dueAt: toIsoOrNull(row!.dueAt) },
    });
    return row!;
  });
  return toTaskDto(ctx, task);
}

export async function updateTask({
  ctx,
  taskId,
  input,
  expectedVersion,
}: {
  ctx: Ctx;
  taskId: string;
  input: UpdateTaskInput;
  expectedVersion?: number;
}): Promise<TaskDto> {
  const task = await inTransaction(ctx, async (tx) => {
    const before = await findTask(tx, taskId, { lock: true, writable: true });
    assertVersion('task', before.version, expectedVersion);
    const changes: FieldChange[] = [];
    const set: Partial<TaskRow> = {};
    if (input.title !== undefined && input.title !== before.title) {
      changes.push({ field: 'title', old: before.title, new: input.title });
      set.title = input.title;
    }
    if (input.description !== undefined && input.description !== before.description) {
      changes.push({ field: 'description', old: before.description, new: input.description });
      set.description = input.description;
    }
    if (input.assigneeId !== undefined && input.assigneeId !== before.assigneeId) {
      const next = await requireAssignableUser(tx, input.assigneeId, 'assigneeId');
      const previous = (await userRefs(tx, [before.assigneeId])).get(before.assigneeId) ?? null;
      changes.push({ field: 'assignee', old: previous, new: next });
      set.assigneeId = next.id;
    }
    if (input.dueAt !== undefined) {
      const dueAt = input.dueAt ? new Date(input.dueAt) : null;
      if (dueAt?.getTime() !== before.dueAt?.getTime()) {
        changes.push({ field: 'dueAt', old: toIsoOrNull(before.dueAt), new: toIsoOrNull(dueAt) });
        set.dueAt = dueAt;
        // A new due time earns a new "task due" notification when it arrives.
        set.dueNotifiedAt = null;
      }
    }
    if (changes.length === 0) return before;
    const [row] = await tx.db
      .update(tasks)
      .set({ ...set, version: before.version + 1, updatedAt: new Date() })
      .where(and(eq(tasks.workspaceId, ctx.workspaceId), eq(tasks.id, taskId)))
      .returning();
    await record(tx, {
      contactId: before.contactId,
      kind: 'task.updated',
      category: 'focus',
      subject: { type: 'task', id: taskId },
      data: { title: row!.title, changes, assigneeId: row!.assigneeId },
    });
    return row!;
  });
  return toTaskDto(ctx, task);
}

async function setStatus(ctx: Ctx, taskId: string, status: 'pending' | 'completed'): Promise<TaskDto> {
  const task = await inTransaction(ctx, async (tx) => {
    const before = await findTask(tx, taskId, { lock: true, writable: true });
    if (before.status === status) return before;
    const completed = status === 'completed';
    const [row] = await tx.db
      .update(tasks)
      .set({
        status,
        completedAt: completed ? new Date() : null,
        completedBy: completed ? ctx.principal.userId : null,
        version: before.version + 1,
        updatedAt: new Date(),
      })
      .where(and(eq(tasks.workspaceId, ctx.workspaceId), eq(tasks.id, taskId)))
      .returning();
    await record(tx, {
      contactId: before.contactId,
      kind: completed ? 'task.completed' : 'task.reopened',
      category: 'focus',
      subject: { type: 'task', id: taskId },
      data: { title: before.title, assigneeId: before.assigneeId, dueAt: toIsoOrNull(before.dueAt) },
    });
    return row!;
  });
  return toTaskDto(ctx, task);
}

export const completeTask = ({ ctx, taskId }: { ctx: Ctx; taskId: string }) => setStatus(ctx, taskId, 'completed');
export const reopenTask = ({ ctx, taskId }: { ctx: Ctx; taskId: string }) => setStatus(ctx, taskId, 'pending');

export async function deleteTask({
  ctx,
  taskId,
  expectedVersion,
}: {
  ctx: Ctx;
  taskId: string;
  expectedVersion?: number;
}): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const task = await findTask(tx, taskId, { lock: true, writable: true });
    assertVersion('task', task.version, expectedVersion);
    await tx.db.delete(tasks).where(and(eq(tasks.workspaceId, ctx.workspaceId), eq(tasks.id, taskId)));
    await record(tx, {
      contactId: task.contactId,
      kind: 'task.deleted',
      category: 'focus',
      subject: { type: 'task', id: taskId },
      data: { title: task.title, status: task.status },
    });
  });
}
