// IMAP polling: every minute one job per workspace whose channel settings enable IMAP fetches the
// messages that arrived since the last UID it stored, through the same pipeline as the SMTP listener
// and the webhook. The sync state (UIDVALIDITY, last UID, last sync, last error) lives in
// channel_settings, where the settings page shows it.
import { and, eq, isNotNull } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { channelSettings } from '../../db/schema/messages.ts';
import type { Deps } from '../../platform/context.ts';
import { ensureQueue } from '../../platform/jobs.ts';
import { ingestEmail } from './ingest-email.ts';

export const IMAP_TICK_QUEUE = 'inbound.imap-tick';
export const IMAP_SYNC_QUEUE = 'inbound.imap-sync';
/** Messages per run; the next run (a minute later) continues where this one stopped. */
const BATCH = 200;

export interface ImapSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
  uidValidity: number | null;
  lastUid: number | null;
}

export interface ImapSyncResult {
  fetched: number;
  lastUid: number | null;
  error: string | null;
}

type Connect = (s: ImapSettings) => ImapFlow;

const defaultConnect: Connect = (s) =>
  new ImapFlow({
    host: s.host,
    port: s.port,
    secure: s.secure,
    auth: { user: s.user, pass: s.password },
    logger: false,
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 120_000,
  });

async function loadImapSettings(deps: Deps, workspaceId: string): Promise<ImapSettings | null> {
  const [s] = await deps.database.db
    .select()
    .from(channelSettings)
    .where(and(eq(channelSettings.workspaceId, workspaceId), eq(channelSettings.imapEnabled, true)));
  if (!s?.imapHost || !s.imapUser) return null;
  return {
    host: s.imapHost,
    port: s.imapPort ?? (s.imapSecure ? 993 : 143),
    secure: s.imapSecure,
    user: s.imapUser,
    password: s.imapPassword ?? '',
    mailbox: s.imapMailbox,
    uidValidity: s.imapUidValidity,
    lastUid: s.imapLastUid,
  };
}

async function saveState(
  deps: Deps,
  workspaceId: string,
  state: Partial<Pick<typeof channelSettings.$inferInsert, 'imapUidValidity' | 'imapLastUid' | 'imapLastError'>> & {
    synced?: boolean;
  },
): Promise<void> {
  const { synced, ...columns } = state;
  await deps.database.db
    .update(channelSettings)
    .set({ ...columns, ...(synced ? { imapLastSyncedAt: new Date() } : {}) })
    .where(eq(channelSettings.workspaceId, workspaceId));
}

/**
 * Fetches the new messages of one workspace's mailbox. The first run, or a mailbox whose UIDVALIDITY
 * changed (the server renumbered it), starts with the newest BATCH messages rather than the whole
 * history; redelivered ones are recognised by Message-ID. The last UID is stored after every message,
 * so a failure resumes where it stopped; the error is kept for the settings page.
 */
export async function syncImapMailbox(
  deps: Deps,
  workspaceId: string,
  connect: Connect = defaultConnect,
): Promise<ImapSyncResult> {
  const settings = await loadImapSettings(deps, workspaceId);
  if (!settings) return { fetched: 0, lastUid: null, error: null };
  const client = connect(settings);
  client.on('error', () => undefined);
  let lastUid = settings.lastUid;
  let fetched = 0;
  const skipped: string[] = [];
  try {
    await client.connect();
    const lock = await client.getMailboxLock(settings.mailbox);
    try {
      const mailbox = client.mailbox;
      if (!mailbox) throw new Error(`Mailbox ${settings.mailbox} could not be opened`);
      const uidValidity = Number(mailbox.uidValidity);
      if (settings.uidValidity !== uidValidity) lastUid = null;
      const from = lastUid === null ? Math.max(1, mailbox.uidNext - BATCH) : lastUid + 1;
      const found = (await client.search({ uid: `${from}:*` }, { uid: true })) || [];
      // "n:*" always matches the newest message, even below n: only what is really new.
      const uids = found
        .filter((uid) => lastUid === null || uid > lastUid)
        .sort((x, y) => x - y)
        .slice(0, BATCH);
      if (lastUid === null) {
        lastUid = from - 1;
        await saveState(deps, workspaceId, { imapUidValidity: uidValidity, imapLastUid: lastUid });
      }
      for (const uid of uids) {
        const msg = await client.fetchOne(String(uid), { uid: true, size: true, source: true }, { uid: true });
        if (msg && msg.source) {
          if ((msg.size ?? msg.source.length) > deps.config.INBOUND_MAX_BYTES) {
            skipped.push(`UID ${uid} is larger than ${deps.config.INBOUND_MAX_BYTES} bytes`);
          } else {
            await ingestEmail(deps, workspaceId, msg.source, { via: 'imap' });
            fetched++;
          }
        }
        lastUid = uid;
        await saveState(deps, workspaceId, { imapLastUid: uid });
      }
    } finally {
      lock.release();
    }
    await client.logout();
    const error = skipped.length ? `Skipped: ${skipped.join('; ')}`.slice(0, 1000) : null;
    await saveState(deps, workspaceId, { imapLastError: error, synced: true });
    return { fetched, lastUid, error };
  } catch (err) {
    client.close();
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
    await saveState(deps, workspaceId, { imapLastError: error, synced: true });
    return { fetched, lastUid, error };
  }
}

/** A minute's tick hands each IMAP-enabled workspace its own job (at most one queued per workspace). */
export async function startImapWorkers(deps: Deps): Promise<void> {
  await ensureQueue(deps.boss, IMAP_TICK_QUEUE, { policy: 'stately', retryLimit: 0, expireInSeconds: 60 });
  await ensureQueue(deps.boss, IMAP_SYNC_QUEUE, { policy: 'stately', retryLimit: 0, expireInSeconds: 600 });
  await deps.boss.schedule(IMAP_TICK_QUEUE, '* * * * *');
  await deps.boss.work(IMAP_TICK_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
    const rows = await deps.database.db
      .select({ workspaceId: channelSettings.workspaceId })
      .from(channelSettings)
      .where(and(eq(channelSettings.imapEnabled, true), isNotNull(channelSettings.imapHost)));
    for (const { workspaceId } of rows) {
      await deps.boss.send(IMAP_SYNC_QUEUE, { workspaceId }, { singletonKey: workspaceId });
    }
  });
  await deps.boss.work<{ workspaceId: string }>(IMAP_SYNC_QUEUE, { pollingIntervalSeconds: 5 }, async ([job]) => {
    if (job) await syncImapMailbox(deps, job.data.workspaceId);
  });
}
