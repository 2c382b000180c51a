// What the contact does with an email: opens it (the pixel), clicks a link (the redirect), or
// unsubscribes (RFC 8058 one-click, or the page). Each acts as the contact, from a signed token.
import { and, eq, sql } from 'drizzle-orm';
import { journalEntries } from '../../db/schema/journal.ts';
import { messages } from '../../db/schema/messages.ts';
import { appSecret, verifyToken } from '../../platform/auth/app-secret.ts';
import { inTransaction, systemCtx, type Deps } from '../../platform/context.ts';
import { record } from '../../platform/journal/journal.ts';
import { setDnd } from '../contacts/contact-dnd.service.ts';
import { announceMessage, contactActor, messageEntryData } from './messages.service.ts';
import { decodeToken, type TrackingToken } from './send-message.job.ts';

function read(deps: Deps, token: string, kind: TrackingToken['k']): TrackingToken | null {
  const payload = verifyToken(appSecret(deps.config), token);
  const t = payload ? decodeToken(payload) : null;
  return t && t.k === kind ? t : null;
}

/**
 * Counts an open or a click, journaling the first open and the first click on each link (a mail
 * client that reloads the pixel, or a reader clicking twice, is not news). Returns the clicked URL.
 */
async function track(deps: Deps, t: TrackingToken): Promise<{ url: string | null } | null> {
  const ctx = systemCtx(deps, t.w);
  return inTransaction(ctx, async (tx) => {
    const [m] = await tx.db
      .select()
      .from(messages)
      .where(and(eq(messages.workspaceId, t.w), eq(messages.id, t.m)))
      .for('update');
    if (!m || !m.contactId) return null;
    const link = t.k === 'c' ? t.l : null;
    const url = link === null ? null : (m.links[link] ?? null);
    if (t.k === 'c' && (typeof link !== 'number' || !url)) return null;
    const now = new Date();
    const [saved] = await tx.db
      .update(messages)
      .set(
        t.k === 'o'
          ? { openCount: sql`${messages.openCount} + 1`, openedAt: m.openedAt ?? now }
          : {
              clickCount: sql`${messages.clickCount} + 1`,
              clickedAt: m.clickedAt ?? now,
              // A click is also proof of an open, when images were blocked.
              openedAt: m.openedAt ?? now,
            },
      )
      .where(and(eq(messages.workspaceId, t.w), eq(messages.id, t.m)))
      .returning();
    await announceMessage(tx, saved!);
    let first = t.k === 'o' ? !m.openedAt : true;
    if (t.k === 'c') {
      const [earlier] = await tx.db
        .select({ id: journalEntries.id })
        .from(journalEntries)
        .where(
          and(
            eq(journalEntries.workspaceId, t.w),
            eq(journalEntries.contactId, m.contactId),
            eq(journalEntries.kind, 'message.clicked'),
            eq(journalEntries.subjectId, m.id),
            sql`${journalEntries.data}->>'url' = ${url}`,
          ),
        )
        .limit(1);
      first = !earlier;
    }
    if (first) {
      await record(tx, {
        contactId: m.contactId,
        kind: t.k === 'o' ? 'message.opened' : 'message.clicked',
        category: 'focus',
        subject: { type: 'message', id: m.id },
        actor: await contactActor(tx, m.contactId),
        data: messageEntryData(saved!, url ? { url } : {}),
      });
    }
    return { url };
  });
}

export async function recordOpen(deps: Deps, token: string): Promise<void> {
  const t = read(deps, token, 'o');
  if (t) await track(deps, t);
}

/** The link's original URL — only one that was in the message — or null. */
export async function recordClick(deps: Deps, token: string): Promise<string | null> {
  const t = read(deps, token, 'c');
  if (!t) return null;
  return (await track(deps, t))?.url ?? null;
}

/** Who an unsubscribe token is for, or null when it is not valid. */
export async function unsubscribeTarget(deps: Deps, token: string) {
  const t = read(deps, token, 'u');
  if (!t) return null;
  const [m] = await deps.database.db
    .select({ contactId: messages.contactId, to: messages.toAddresses })
    .from(messages)
    .where(and(eq(messages.workspaceId, t.w), eq(messages.id, t.m)));
  return m?.contactId ? { workspaceId: t.w, contactId: m.contactId, address: m.to[0] ?? null } : null;
}

/** Email DND on, cause `unsubscribed`, the contact as actor (also on an archived contact: consent is kept). */
export async function unsubscribe(deps: Deps, token: string): Promise<boolean> {
  const target = await unsubscribeTarget(deps, token);
  if (!target) return false;
  const ctx = systemCtx(deps, target.workspaceId);
  const actor = await contactActor(ctx, target.contactId);
  await setDnd({ ...ctx, actor }, target.contactId, { email: true }, 'unsubscribed');
  return true;
}
