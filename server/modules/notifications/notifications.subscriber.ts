// The only producer of notifications: a journal subscriber. It reads committed entries (delivered by
// a durable, retried job) and turns the ones that concern someone into notifications for them and for
// the contact's followers. A retried delivery cannot notify twice: the unique index on
// (workspace, user, entry, kind) and ON CONFLICT DO NOTHING make the insert idempotent.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { notifications } from '../../db/schema/activity.ts';
import { contactFollowers, contacts } from '../../db/schema/contacts.ts';
import type { JournalEntryRow } from '../../db/schema/journal.ts';
import { users } from '../../db/schema/platform.ts';
import { inTransaction, systemCtx, type Ctx, type Deps } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { EVENTS_CHANNEL } from '../../platform/journal/journal.ts';
import type { JournalSubscriber } from '../../platform/journal/subscribers.ts';
import { notificationTexts, type NotificationText, type NotificationTexts } from './notification-texts.ts';
import type { NotificationKind } from './notifications.schemas.ts';

interface Ref {
  id: string;
  name: string;
}

interface ContactInfo {
  id: string;
  displayName: string;
  followerIds: string[];
}

interface Recipient {
  id: string;
  timezone: string;
  /** The profile language's texts: each recipient reads their notifications in their own language. */
  texts: NotificationTexts;
}

interface Planned {
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
}

/** What an entry means for one recipient: `direct` is the person it is about, else a follower. */
interface Rule {
  kind: NotificationKind;
  /** The users the entry is addressed to (the new owner, the assignee, the mentioned). */
  direct(e: JournalEntryRow): string[];
  /** Whether the contact's followers hear about it too. */
  followers: boolean;
  text(
    e: JournalEntryRow,
    c: { t: NotificationTexts; contact: string; direct: boolean; when: (iso: unknown) => string },
  ): NotificationText;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const ref = (v: unknown): Ref | null =>
  v && typeof v === 'object' && 'id' in v && typeof (v as Ref).id === 'string' ? (v as Ref) : null;
const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const changeOf = (e: JournalEntryRow, field: string) =>
  (Array.isArray(e.data.changes) ? (e.data.changes as { field: string; old: unknown; new: unknown }[]) : []).find(
    (c) => c.field === field,
  );

function noteBody(e: JournalEntryRow): string {
  const title = str(e.data.title);
  const text = str(e.data.preview);
  return title && text ? `${title} — ${text}` : title || text;
}

const messageReceived: Rule[] = [
  {
    kind: 'message_received',
    // The owner, and the followers: whoever looks after the contact hears that they wrote.
    direct: (e) => [str(e.data.ownerId)].filter(Boolean),
    followers: true,
    text: (e, c) =>
      c.t.messageReceived({
        contact: e.contactId ? c.contact : e.actorLabel,
        channel: str(e.data.channel),
        subject: str(e.data.subject),
        preview: str(e.data.preview),
      }),
  },
];

const rules: Record<string, Rule[]> = {
  'contact.owner_changed': [
    {
      kind: 'owner_changed',
      direct: (e) => [ref(e.data.to)?.id ?? ''].filter(Boolean),
      followers: true,
      text: (e, c) => {
        const f = { actor: e.actorLabel, contact: c.contact, from: ref(e.data.from)?.name ?? null };
        return c.direct
          ? c.t.ownerChanged.direct(f)
          : c.t.ownerChanged.follower({ ...f, to: ref(e.data.to)?.name ?? null });
      },
    },
  ],
  'note.created': [
    {
      kind: 'mentioned',
      direct: (e) => ids(e.data.mentionedUserIds),
      followers: false,
      text: (e, c) => c.t.mentioned({ actor: e.actorLabel, contact: c.contact, note: noteBody(e) }),
    },
  ],
  'note.updated': [
    {
      kind: 'mentioned',
      // Only people newly mentioned by this edit; the others already heard about the note.
      direct: (e) => ids(e.data.newlyMentionedUserIds),
      followers: false,
      text: (e, c) => c.t.mentioned({ actor: e.actorLabel, contact: c.contact, note: noteBody(e) }),
    },
  ],
  'comment.added': [
    {
      kind: 'mentioned',
      direct: (e) => ids(e.data.mentionedUserIds),
      followers: false,
      text: (e, c) => c.t.mentionedInComment({ actor: e.actorLabel, contact: c.contact, comment: str(e.data.preview) }),
    },
  ],
  'message.received': messageReceived,
  // An unmatched message attached to a contact reaches its owner and followers as if it had just arrived.
  'message.attached': messageReceived,
  'task.created': [
    {
      kind: 'task_assigned',
      direct: (e) => [ref(e.data.assignee)?.id ?? str(e.data.assigneeId)].filter(Boolean),
      followers: true,
      text: (e, c) => {
        const f = {
          actor: e.actorLabel,
          contact: c.contact,
          task: str(e.data.title),
          due: e.data.dueAt ? c.when(e.data.dueAt) : null,
        };
        return c.direct
          ? c.t.taskAssigned.direct(f)
          : c.t.taskAssigned.follower({ ...f, assignee: ref(e.data.assignee)?.name ?? null });
      },
    },
  ],
  'task.updated': [
    {
      kind: 'task_assigned',
      direct: (e) => [ref(changeOf(e, 'assignee')?.new)?.id ?? ''].filter(Boolean),
      followers: true,
      text: (e, c) => {
        const f = { actor: e.actorLabel, contact: c.contact, task: str(e.data.title) };
        return c.direct
          ? c.t.taskReassigned.direct(f)
          : c.t.taskReassigned.follower({ ...f, assignee: ref(changeOf(e, 'assignee')?.new)?.name ?? null });
      },
    },
  ],
  'task.due': [
    {
      kind: 'task_due',
      direct: (e) => [str(e.data.assigneeId)].filter(Boolean),
      followers: true,
      text: (e, c) => {
        const f = { contact: c.contact, task: str(e.data.title), due: c.when(e.data.dueAt) };
        return c.direct ? c.t.taskDue.direct(f) : c.t.taskDue.follower(f);
      },
    },
  ],
  'appointment.booked': [
    {
      kind: 'appointment_booked',
      direct: (e) => [ref(e.data.assignedUser)?.id ?? str(e.data.assignedUserId)].filter(Boolean),
      followers: true,
      text: (e, c) => {
        const f = { contact: c.contact, appointment: str(e.data.title), when: c.when(e.data.startsAt) };
        return c.direct
          ? c.t.appointmentBooked.direct({ ...f, actor: e.actorLabel })
          : c.t.appointmentBooked.follower({ ...f, assignee: ref(e.data.assignedUser)?.name ?? null });
      },
    },
  ],
  'appointment.updated': [
    {
      kind: 'appointment_booked',
      // Handing an appointment to someone else books it for them.
      direct: (e) => [ref(changeOf(e, 'assignedUser')?.new)?.id ?? ''].filter(Boolean),
      followers: false,
      text: (e, c) =>
        c.t.appointmentHanded({
          actor: e.actorLabel,
          contact: c.contact,
          appointment: str(e.data.title),
          when: c.when(e.data.startsAt),
        }),
    },
  ],
};

/** More owner changes than this for one person in one transaction are summed up in one notification. */
const BULK_OWNER_THRESHOLD = 3;

function dateOf(iso: unknown): Date | null {
  const date = typeof iso === 'string' ? new Date(iso) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

async function loadContacts(ctx: Ctx, contactIds: string[]): Promise<Map<string, ContactInfo>> {
  if (contactIds.length === 0) return new Map();
  const rows = await ctx.db
    .select({ id: contacts.id, displayName: contacts.displayName })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ctx.workspaceId), inArray(contacts.id, contactIds)));
  const followers = await ctx.db
    .select({ contactId: contactFollowers.contactId, userId: contactFollowers.userId })
    .from(contactFollowers)
    .where(and(eq(contactFollowers.workspaceId, ctx.workspaceId), inArray(contactFollowers.contactId, contactIds)));
  return new Map(
    rows.map((c) => [c.id, { ...c, followerIds: followers.filter((f) => f.contactId === c.id).map((f) => f.userId) }]),
  );
}

async function loadRecipients(ctx: Ctx, userIds: string[]): Promise<Map<string, Recipient>> {
  if (userIds.length === 0) return new Map();
  const rows = await ctx.db
    .select({ id: users.id, timezone: users.timezone, locale: users.locale })
    .from(users)
    .where(and(eq(users.workspaceId, ctx.workspaceId), inArray(users.id, userIds), eq(users.status, 'active')));
  return new Map(rows.map((r) => [r.id, { id: r.id, timezone: r.timezone, texts: notificationTexts(r.locale) }]));
}

const hasRule = (e: { kind: string }) => Object.hasOwn(rules, e.kind);

/** Creates the notifications for one workspace's entries; returns how many were new. */
async function notifyWorkspace(deps: Deps, workspaceId: string, entries: JournalEntryRow[]): Promise<number> {
  const ctx = systemCtx(deps, workspaceId);
  const relevant = entries.filter(hasRule);
  if (relevant.length === 0) return 0;
  const contactIds = [...new Set(relevant.map((e) => e.contactId).filter((id): id is string => !!id))];
  const contactInfo = await loadContacts(ctx, contactIds);

  const drafts: { entry: JournalEntryRow; rule: Rule; userId: string; direct: boolean }[] = [];
  for (const entry of relevant) {
    const contact = entry.contactId ? contactInfo.get(entry.contactId) : undefined;
    // An entry about a contact that is gone by now tells nobody anything useful.
    if (entry.contactId && !contact) continue;
    const actorUserId = entry.actorType === 'user' ? entry.actorId : null;
    for (const rule of rules[entry.kind]!) {
      const seen = new Set<string>();
      const add = (userId: string, direct: boolean) => {
        if (userId === actorUserId || seen.has(userId)) return;
        seen.add(userId);
        drafts.push({ entry, rule, userId, direct });
      };
      for (const userId of rule.direct(entry)) add(userId, true);
      if (rule.followers && contact) for (const userId of contact.followerIds) add(userId, false);
    }
  }
  const recipients = await loadRecipients(ctx, [...new Set(drafts.map((d) => d.userId))]);
  const rows: (typeof notifications.$inferInsert)[] = [];
  const row = (planned: Planned, entry: JournalEntryRow, contactId: string | null, link: string) =>
    // Dated at the event, not at delivery: a backlog (or the demo's past week) must not read "just now".
    rows.push({
      workspaceId,
      id: newId(),
      ...planned,
      contactId,
      entryId: entry.id,
      link,
      createdAt: entry.occurredAt,
    });

  // A bulk reassignment (one transaction moving many contacts) becomes one notification per
  // person, not hundreds; it hangs on the first entry so a retried delivery still dedupes.
  const ownerDrafts = new Map<string, typeof drafts>();
  for (const d of drafts) {
    if (d.rule.kind !== 'owner_changed') continue;
    const key = `${d.userId}:${d.direct}`;
    ownerDrafts.set(key, [...(ownerDrafts.get(key) ?? []), d]);
  }
  const summarised = new Set<(typeof drafts)[number]>();
  for (const group of ownerDrafts.values()) {
    if (group.length <= BULK_OWNER_THRESHOLD) continue;
    for (const d of group) summarised.add(d);
    const first = group[0]!;
    const recipient = recipients.get(first.userId);
    if (!recipient) continue;
    const f = { actor: first.entry.actorLabel, count: group.length };
    const text = first.direct
      ? recipient.texts.ownersChanged.direct(f)
      : recipient.texts.ownersChanged.follower({ ...f, to: ref(first.entry.data.to)?.name ?? null });
    row({ userId: first.userId, kind: 'owner_changed', ...text }, first.entry, null, '/contacts');
  }

  for (const d of drafts) {
    const recipient = recipients.get(d.userId);
    if (!recipient || summarised.has(d)) continue;
    const { entry } = d;
    const contact = entry.contactId ? contactInfo.get(entry.contactId) : undefined;
    const t = recipient.texts;
    const text = d.rule.text(entry, {
      t,
      contact: contact?.displayName ?? t.aContact,
      direct: d.direct,
      when: (iso) => t.when(dateOf(iso), recipient.timezone),
    });
    row(
      { userId: d.userId, kind: d.rule.kind, ...text },
      entry,
      entry.contactId,
      entry.contactId ? `/contacts/${entry.contactId}` : '/tasks',
    );
  }
  if (rows.length === 0) return 0;
  return inTransaction(ctx, async (tx) => {
    const inserted = await tx.db
      .insert(notifications)
      .values(rows)
      .onConflictDoNothing()
      .returning({ id: notifications.id, userId: notifications.userId });
    // Announced in the same transaction: listeners hear of it only once it is committed.
    for (const n of inserted) {
      const payload = JSON.stringify({ type: 'notification', w: workspaceId, u: n.userId, id: n.id });
      await tx.db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${payload})`);
    }
    return inserted.length;
  });
}

export async function createNotificationsFor(entries: JournalEntryRow[], deps: Deps): Promise<number> {
  const byWorkspace = new Map<string, JournalEntryRow[]>();
  for (const e of entries) byWorkspace.set(e.workspaceId, [...(byWorkspace.get(e.workspaceId) ?? []), e]);
  let created = 0;
  for (const [workspaceId, list] of byWorkspace) created += await notifyWorkspace(deps, workspaceId, list);
  return created;
}

export const notificationsSubscriber: JournalSubscriber = {
  name: 'notifications',
  wants: hasRule,
  async handle(entries, deps) {
    await createNotificationsFor(entries, deps);
  },
};
