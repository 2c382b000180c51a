// The conversations benchmark (issue 11): a million messages on the large workspace's contacts, one
// hot contact with tens of thousands of them, loaded with COPY (conversations-generate); the thread
// and inbox pages timed over HTTP (conversations); and inbound ingestion — raw-MIME email and signed
// Twilio SMS webhooks — at bounded concurrency, replayed to prove nothing is stored twice or lost (ingest).
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import pg from 'pg';
import { API_KEY_PREFIX } from '../server/platform/auth/principal.ts';
import { randomToken, sha256 } from '../server/platform/auth/secrets.ts';
import { twilioSignature } from '../server/modules/inbound/twilio-signature.ts';
import { startApp } from './app.ts';
import { serverProcess } from './throughput.ts';
import { signedInContext, withBrowserApp } from './browser.ts';
import { openBenchDatabase, stateFile, type BenchState } from './database.ts';
import { describeMachine } from './machine.ts';
import { CopyStream, copyLine, dropForLoad, restoreAfterLoad } from './load.ts';
import { percentile, printTimes } from './stats.ts';
import { appointmentTitles, firstNames, noteTitles, prng, taskTitles } from './words.ts';

const DAY = 86_400_000;
const NUMBER = '+15005550006';
const INBOUND_DOMAIN = 'in.bench-dossier.test';
const ACCOUNT_SID = 'AC' + 'b'.repeat(32);

const readState = async () => JSON.parse(await fs.readFile(stateFile, 'utf8')) as BenchState;

// ── conversations-generate ─────────────────────────────────────────────────────────────────────

const CHANNELS = [
  ['email', 0.4],
  ['sms', 0.25],
  ['whatsapp', 0.1],
  ['call', 0.15],
  ['comment', 0.1],
] as const;
type Channel = (typeof CHANNELS)[number][0];

const openers = ['Hi', 'Hello', 'Good morning', 'Dear team', 'Hey', 'Thanks again'];
const asks = [
  'could you send me the updated offer?',
  'we would like to move the meeting to next week.',
  'the invoice from last month is still open on our side.',
  'can we talk about the renewal before Friday?',
  'please add my colleague to the next call.',
  'the delivery arrived, everything looks fine.',
  'is the discount still valid for a two-year term?',
  'I have a question about the contract terms.',
];
const smsTexts = [
  'Running 10 min late, sorry!',
  'Can you call me back?',
  'Thanks, got it.',
  'Is tomorrow 3 pm still ok?',
  'Please send the document by email.',
  'Yes, that works for me.',
  'Confirmed. See you then.',
  'Who is this?',
];
const callNotes = ['Left a voicemail', 'Discussed pricing', 'Agreed on a demo', 'Asked for a callback', ''];
const outcomes = ['answered', 'answered', 'answered', 'no_answer', 'busy', 'voicemail'] as const;

interface Target {
  id: string;
  email: string | null;
  phone: string | null;
  ownerId: string | null;
  name: string;
}

/** Per contact with messages: its inbox row, kept as the rows are made. */
interface Inbox {
  at: number;
  id: string;
  preview: string;
  channel: Channel;
  direction: string;
  channels: Set<string>;
  unread: number;
}

export async function conversationsGenerate(opts: { messages: number; hot: number; seed: number }): Promise<void> {
  const state = await readState();
  const { url, embedded } = await openBenchDatabase();
  const pool = new pg.Pool({ connectionString: url, max: 6 });
  // The embedded server stopping at the end terminates idle connections: expected, not a failure.
  pool.on('error', () => undefined);
  const ws = state.workspaceId;
  const rnd = prng(opts.seed);
  const times: Record<string, number> = {};
  const t0 = Date.now();
  try {
    const { rows: contacts } = await pool.query<Target>(
      `select c.id, c.owner_id as "ownerId", c.display_name as name,
              (select e.email from contact_emails e where e.workspace_id = c.workspace_id and e.contact_id = c.id
               order by e.is_primary desc, e.position limit 1) as email,
              (select p.e164 from contact_phones p where p.workspace_id = c.workspace_id and p.contact_id = c.id
               order by p.is_primary desc, p.position limit 1) as phone
       from contacts c where c.workspace_id = $1 and c.archived_at is null`,
      [ws],
    );
    const { rows: users } = await pool.query<{ id: string; name: string; email: string }>(
      `select id, name, email from users where workspace_id = $1`,
      [ws],
    );
    const userById = new Map(users.map((u) => [u.id, u]));
    // The hot contact: one with an email and a phone, so every channel fits.
    const hot = contacts.find((c) => c.email && c.phone) ?? contacts[0]!;
    console.log(
      `Loading ${opts.messages.toLocaleString()} messages over ${contacts.length.toLocaleString()} contacts ` +
        `(${opts.hot.toLocaleString()} on hot contact ${hot.id}); read contacts in ${((Date.now() - t0) / 1000).toFixed(1)} s.`,
    );

    // Earlier runs' messages go first: the figures are for exactly this many.
    await pool.query('truncate message_attachments, messages, conversations');
    const deferred = await dropForLoad(pool, ['messages', 'conversations']);
    const started = Date.now();
    const copy = await CopyStream.open(
      pool,
      `copy messages (workspace_id, id, contact_id, channel, direction, status, status_history, from_address,
         to_addresses, subject, body_text, body_html, message_id_header, in_reply_to, provider_sid,
         duration_seconds, outcome, author_id, sent_at, received_at, created_at, updated_at) from stdin`,
    );
    const inbox = new Map<string, Inbox>();
    const now = Date.now();
    const span = 730 * DAY;
    let chunk = '';
    let rowsInChunk = 0;
    let unmatched = 0;
    const pickChannel = () => {
      let x = rnd.next();
      for (const [c, p] of CHANNELS) if ((x -= p) < 0) return c;
      return 'email' as Channel;
    };
    for (let i = 0; i < opts.messages; i++) {
      // The hot contact's share, then a skewed spread: some contacts write a lot, most a little.
      const isHot = i < opts.hot;
      let contact: Target | null = isHot ? hot : contacts[Math.floor(contacts.length * rnd.next() ** 2)]!;
      let channel = pickChannel();
      if (channel === 'email' && !contact.email) channel = contact.phone ? 'sms' : 'comment';
      if ((channel === 'sms' || channel === 'whatsapp' || channel === 'call') && !contact.phone) {
        channel = contact.email ? 'email' : 'comment';
      }
      const direction = channel === 'comment' ? 'internal' : rnd.chance(0.5) ? 'inbound' : 'outbound';
      // About 1 % of inbound mail matched no contact: it waits in the "unmatched" filter.
      if (!isHot && channel === 'email' && direction === 'inbound' && rnd.chance(0.01)) contact = null;
      const at = new Date(now - Math.floor(rnd.next() * span));
      const id = randomUUID();
      const owner = contact?.ownerId ? userById.get(contact.ownerId) : users[rnd.int(users.length)];
      const ownerAddress = owner?.email ?? `sales@${INBOUND_DOMAIN}`;
      const first = firstNames[rnd.int(firstNames.length)]!;
      const senderEmail = contact?.email ?? `${first.toLowerCase()}.${i}@unknown.example`;
      const phone = contact?.phone ?? '+4915100000000';
      let subject: string | null = null;
      let body = '';
      let html: string | null = null;
      let from: string;
      let to: string;
      let status: string;
      let messageId: string | null = null;
      let sid: string | null = null;
      let duration: number | null = null;
      let outcome: string | null = null;
      if (channel === 'email') {
        const topic = rnd.pick(rnd.chance(0.5) ? noteTitles : rnd.chance(0.5) ? taskTitles : appointmentTitles);
        subject = rnd.chance(0.3) ? `Re: ${topic}` : topic;
        body = `${rnd.pick(openers)} ${first}, ${rnd.pick(asks)} ${rnd.pick(asks)}\n\nBest regards`;
        html = `<p>${body.replace(/\n\n/g, '</p><p>')}</p>`;
        messageId = `${id}@${direction === 'inbound' ? 'mail.example' : INBOUND_DOMAIN}`;
        from = direction === 'inbound' ? `"${contact?.name ?? first}" <${senderEmail}>` : ownerAddress;
        to = direction === 'inbound' ? ownerAddress : senderEmail;
        status = direction === 'inbound' ? 'received' : rnd.chance(0.9) ? 'delivered' : 'sent';
      } else if (channel === 'sms' || channel === 'whatsapp') {
        body = rnd.pick(smsTexts);
        const theirs = channel === 'whatsapp' ? `whatsapp:${phone}` : phone;
        const ours = channel === 'whatsapp' ? `whatsapp:${NUMBER}` : NUMBER;
        from = direction === 'inbound' ? theirs : ours;
        to = direction === 'inbound' ? ours : theirs;
        sid = `SM${id.replace(/-/g, '')}`;
        status = direction === 'inbound' ? 'received' : rnd.chance(0.95) ? 'delivered' : 'undelivered';
      } else if (channel === 'call') {
        body = rnd.pick(callNotes);
        from = direction === 'inbound' ? phone : NUMBER;
        to = direction === 'inbound' ? NUMBER : phone;
        sid = `CA${id.replace(/-/g, '')}`;
        outcome = rnd.pick(outcomes);
        duration = outcome === 'answered' ? 30 + rnd.int(1800) : 0;
        status = 'logged';
      } else {
        body = `@${owner?.name ?? 'team'} ${rnd.pick(asks)}`;
        html = `<p>${body}</p>`;
        from = owner?.name ?? '';
        to = '';
        status = 'logged';
      }
      const iso = at.toISOString();
      chunk += copyLine([
        ws,
        id,
        contact?.id ?? null,
        channel,
        direction,
        status,
        `[{"status":"${status}","at":"${iso}"}]`,
        from,
        to ? `{"${to.replace(/(["\\])/g, '\\$1')}"}` : '{}',
        subject,
        body,
        html,
        messageId,
        null,
        sid,
        duration,
        outcome,
        direction === 'inbound' ? null : (owner?.id ?? null),
        direction === 'outbound' ? iso : null,
        direction === 'inbound' ? iso : null,
        iso,
        iso,
      ]);
      rowsInChunk++;
      if (contact) {
        const preview = (subject ? `${subject} — ${body}` : body).slice(0, 200);
        const row = inbox.get(contact.id);
        if (!row) {
          inbox.set(contact.id, {
            at: at.getTime(),
            id,
            preview,
            channel,
            direction,
            channels: new Set([channel]),
            unread: direction === 'inbound' ? 1 : 0,
          });
        } else {
          row.channels.add(channel);
          if (at.getTime() >= row.at) {
            Object.assign(row, { at: at.getTime(), id, preview, channel, direction });
            // An answer reads the thread; what came in since is unread.
            row.unread = direction === 'inbound' ? row.unread + 1 : 0;
          }
        }
      } else unmatched++;
      if (rowsInChunk === 2_000) {
        await copy.write(chunk, rowsInChunk);
        chunk = '';
        rowsInChunk = 0;
      }
    }
    await copy.write(chunk, rowsInChunk);
    await copy.end();
    const convCopy = await CopyStream.open(
      pool,
      `copy conversations (workspace_id, contact_id, last_message_id, last_message_at, last_message_preview,
         last_message_channel, last_message_direction, channels, unread_count, starred, archived) from stdin`,
    );
    chunk = '';
    rowsInChunk = 0;
    for (const [contactId, r] of inbox) {
      // A read thread keeps no unread count; a few are starred, a few archived (only when read).
      chunk += copyLine([
        ws,
        contactId,
        r.id,
        new Date(r.at).toISOString(),
        r.preview,
        r.channel,
        r.direction,
        `{${[...r.channels].join(',')}}`,
        r.unread,
        rnd.chance(0.03),
        r.unread === 0 && rnd.chance(0.1),
      ]);
      if (++rowsInChunk === 2_000) {
        await convCopy.write(chunk, rowsInChunk);
        chunk = '';
        rowsInChunk = 0;
      }
    }
    await convCopy.write(chunk, rowsInChunk);
    await convCopy.end();
    times['messages: generate + COPY'] = (Date.now() - started) / 1000;
    console.log(
      `  messages: generate + COPY: ${times['messages: generate + COPY']!.toFixed(1)} s — ` +
        `${opts.messages.toLocaleString()} messages (${unmatched.toLocaleString()} unmatched), ` +
        `${inbox.size.toLocaleString()} conversations`,
    );
    const rebuilt = Date.now();
    await restoreAfterLoad(pool, deferred, (d) => (d.table === 'messages' ? opts.messages : inbox.size));
    times['messages: keys, indexes, foreign keys'] = (Date.now() - rebuilt) / 1000;
    console.log(
      `  messages: keys, indexes, foreign keys: ${times['messages: keys, indexes, foreign keys']!.toFixed(1)} s`,
    );
    await pool.query('analyze messages');
    await pool.query('analyze conversations');
    times['messages total'] = (Date.now() - started) / 1000;
    console.log(`  messages total: ${times['messages total']!.toFixed(1)} s`);
    const { rows: size } = await pool.query(
      `select pg_size_pretty(pg_total_relation_size('messages')) as messages,
              pg_size_pretty(pg_total_relation_size('conversations')) as conversations`,
    );
    console.log(`  size: messages ${size[0].messages}, conversations ${size[0].conversations}`);
    state.conversations = {
      messages: opts.messages,
      hotContactId: hot.id,
      hotMessages: opts.hot,
      generatedAt: new Date().toISOString(),
      generateSeconds: times,
    };
    await fs.writeFile(stateFile, JSON.stringify(state, null, 2));
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

// ── conversations (thread and inbox pages) ─────────────────────────────────────────────────────

/** An API key acting for the rep who owns the most contacts with conversations (for `mine`). */
async function repKey(pool: pg.Pool, workspaceId: string) {
  const { rows } = await pool.query<{ id: string; name: string; n: number }>(
    `select u.id, u.name, count(*)::int as n from conversations v
     join contacts c on c.workspace_id = v.workspace_id and c.id = v.contact_id
     join users u on u.workspace_id = c.workspace_id and u.id = c.owner_id
     where v.workspace_id = $1 group by u.id, u.name order by n desc limit 1`,
    [workspaceId],
  );
  const user = rows[0]!;
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  await pool.query(
    `insert into api_keys (workspace_id, id, name, role, prefix, key_hash, created_by)
     values ($1, $2, 'Benchmark (conversations, mine)', 'member', $3, $4, $5)`,
    [workspaceId, randomUUID(), key.slice(0, API_KEY_PREFIX.length + 6), sha256(key), user.id],
  );
  return { key, ...user };
}

export async function conversationsBench(opts: { iterations: number; seed: number }): Promise<void> {
  const state = await readState();
  if (!state.conversations) throw new Error('No messages: run conversations-generate first');
  const { url, embedded } = await openBenchDatabase();
  const { base, database, close } = await startApp(url);
  const pool = database.pool;
  const ws = state.workspaceId;
  try {
    const warm = performance.now();
    await pool.query('create extension if not exists pg_prewarm');
    const { rows: prewarmed } = await pool.query(
      `select sum(pg_prewarm(c.oid))::bigint as blocks from pg_class c
       where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'i')
         and (c.relname like 'contact%' or c.relname like 'conversations%' or c.relname like 'messages%')`,
    );
    console.log(
      `Prewarmed ${Math.round((Number(prewarmed[0].blocks) * 8) / 1024)} MB of contact, message and conversation ` +
        `tables and indexes in ${((performance.now() - warm) / 1000).toFixed(1)} s.`,
    );
    const m = await describeMachine();
    console.log(`CPU ${m.cpu}; commit ${m.commit}; Node ${process.version}.`);
    console.log(
      `Workspace with ${state.contacts.toLocaleString()} contacts, ${state.conversations.messages.toLocaleString()} messages ` +
        `(${state.conversations.hotMessages.toLocaleString()} on the hot contact); ${opts.iterations} requests per scenario, ` +
        `one at a time; seed ${opts.seed}; load average ${m.load}.\n`,
    );
    const rep = await repKey(pool, ws);
    const seedSql = opts.seed % 1_000_000;
    const ordinary = (
      await pool.query<{ contact_id: string }>(
        `select contact_id from conversations tablesample bernoulli (5) repeatable (${seedSql})
         where workspace_id = $1 and contact_id <> $2 order by md5(contact_id::text || $3) limit 500`,
        [ws, state.conversations.hotContactId, String(opts.seed)],
      )
    ).rows.map((r) => r.contact_id);
    const pick = <T>(list: T[], i: number) => list[i % list.length]!;
    const get = async (p: string, key = state.apiKey) => {
      const res = await fetch(`${base}${p}`, { headers: { authorization: `Bearer ${key}` } });
      if (res.status !== 200) throw new Error(`GET ${p} → ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ data: unknown[] }>;
    };
    const scenarios = [
      {
        name: `thread: newest page, hot contact (${state.conversations.hotMessages.toLocaleString()} messages)`,
        target: 30,
        run: () => get(`/contacts/${state.conversations!.hotContactId}/messages?limit=30`),
      },
      {
        name: 'thread: newest page, ordinary contact',
        target: 30,
        run: (i: number) => get(`/contacts/${pick(ordinary, i)}/messages?limit=30`),
      },
      { name: 'inbox: first page, unread', target: 100, run: () => get('/conversations?unread=true&limit=30') },
      {
        name: `inbox: first page, mine (${rep.name}, ${rep.n.toLocaleString()} threads)`,
        target: 100,
        run: () => get('/conversations?mine=true&limit=30', rep.key),
      },
    ];
    for (const s of scenarios) {
      const first = await s.run(0);
      if (!first.data.length) throw new Error(`${s.name}: an empty page`);
      for (let i = 0; i < 20; i++) await s.run(i); // warm-up: plans, connections
      const times: number[] = [];
      for (let i = 0; i < opts.iterations; i++) {
        const t0 = performance.now();
        await s.run(i);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const p50 = percentile(times, 50);
      const p95 = percentile(times, 95);
      console.log(
        `${s.name.padEnd(60)} p50 ${p50.toFixed(1).padStart(6)} ms   p95 ${p95.toFixed(1).padStart(6)} ms  ` +
          `${p95 <= s.target ? '✓' : '✗'} (target p95 ≤ ${s.target} ms)`,
      );
    }
  } finally {
    await close();
    await embedded?.stop();
  }
}

// ── ingest ─────────────────────────────────────────────────────────────────────────────────────

/** The workspace's channels, as an admin would set them: an inbound domain and a Twilio account. */
async function setUpChannels(base: string, state: BenchState): Promise<string> {
  const authToken = createHash('sha256').update(`bench-${state.workspaceId}`).digest('hex').slice(0, 32);
  const put = await fetch(`${base}/settings/channels`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${state.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      inbound: { addresses: [`@${INBOUND_DOMAIN}`], apiEnabled: true },
      twilio: { accountSid: ACCOUNT_SID, authToken, numbers: [NUMBER] },
    }),
  });
  if (put.status !== 200) throw new Error(`PUT /settings/channels → ${put.status} ${await put.text()}`);
  return authToken;
}

/** A signed Twilio inbound-SMS webhook: the form Twilio posts, and its X-Twilio-Signature. */
function smsWebhook(url: string, authToken: string, sid: string, from: string, text: string) {
  const params = {
    ToCountry: 'US',
    SmsMessageSid: sid,
    NumMedia: '0',
    SmsSid: sid,
    SmsStatus: 'received',
    To: NUMBER,
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: ACCOUNT_SID,
    From: from,
    ApiVersion: '2010-04-01',
    Body: text,
  };
  return {
    body: new URLSearchParams(params).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(authToken, url, params),
    },
  };
}

interface Delivery {
  kind: 'email' | 'sms';
  key: string;
  send: () => Promise<number>;
}

export async function ingestBench(opts: {
  messages: number;
  concurrency: number;
  seed: number;
  cpuProf?: boolean;
}): Promise<void> {
  const state = await readState();
  const { url, embedded } = await openBenchDatabase();
  // The server in a process of its own, as `throughput` runs it: the senders' fetches and the
  // messages' preparation do not share its event loop.
  const { child, base } = await serverProcess(url, opts.cpuProf);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const close = async () => {
    child.kill('SIGTERM');
    await once(child, 'exit');
    await pool.end();
  };
  const ws = state.workspaceId;
  const rnd = prng(opts.seed);
  try {
    const authToken = await setUpChannels(base, state);
    const m = await describeMachine();
    console.log(`CPU ${m.cpu}; commit ${m.commit}; Node ${process.version}.`);
    // Senders: the workspace's own contacts (matched), and one in twenty unknown (unmatched).
    const seedSql = opts.seed % 1_000_000;
    const emails = (
      await pool.query<{ email: string }>(
        `select email from contact_emails tablesample bernoulli (10) repeatable (${seedSql}) where workspace_id = $1 limit 5000`,
        [ws],
      )
    ).rows.map((r) => r.email);
    const phones = (
      await pool.query<{ e164: string }>(
        `select e164 from contact_phones tablesample bernoulli (10) repeatable (${seedSql}) where workspace_id = $1 limit 5000`,
        [ws],
      )
    ).rows.map((r) => r.e164);
    const run = `${Date.now().toString(36)}${rnd.int(1e6).toString(36)}`;
    const emailCount = Math.ceil(opts.messages / 2);
    const smsUrl = `${base}/webhooks/twilio/${ws}/messages`;
    const deliveries: Delivery[] = [];
    for (let i = 0; i < opts.messages; i++) {
      if (i % 2 === 0) {
        const messageId = `ingest-${run}-${i}@mail.example`;
        const from = rnd.chance(0.95) ? emails[rnd.int(emails.length)]! : `stranger${i}@unknown.example`;
        const first = firstNames[rnd.int(firstNames.length)]!;
        const subject = rnd.pick(noteTitles);
        const raw = Buffer.from(
          [
            `From: "${first}" <${from}>`,
            `To: sales@${INBOUND_DOMAIN}`,
            `Subject: ${subject}`,
            `Message-ID: <${messageId}>`,
            `Date: ${new Date().toUTCString()}`,
            'MIME-Version: 1.0',
            'Content-Type: multipart/alternative; boundary="b1"',
            '',
            '--b1',
            'Content-Type: text/plain; charset=utf-8',
            '',
            `${rnd.pick(openers)}, ${rnd.pick(asks)}`,
            '--b1',
            'Content-Type: text/html; charset=utf-8',
            '',
            `<p>${rnd.pick(openers)}, <b>${rnd.pick(asks)}</b></p>`,
            '--b1--',
            '',
          ].join('\r\n'),
        );
        deliveries.push({
          kind: 'email',
          key: messageId,
          send: async () => {
            const res = await fetch(`${base}/inbound/email`, {
              method: 'POST',
              headers: { authorization: `Bearer ${state.apiKey}`, 'content-type': 'message/rfc822' },
              body: raw,
            });
            await res.arrayBuffer();
            return res.status;
          },
        });
      } else {
        const sid = `SM${createHash('md5').update(`${run}-${i}`).digest('hex')}`;
        const from = rnd.chance(0.95) ? phones[rnd.int(phones.length)]! : `+1555${String(i).padStart(7, '0')}`;
        const hook = smsWebhook(smsUrl, authToken, sid, from, rnd.pick(smsTexts));
        deliveries.push({
          kind: 'sms',
          key: sid,
          send: async () => {
            const res = await fetch(smsUrl, { method: 'POST', headers: hook.headers, body: hook.body });
            await res.arrayBuffer();
            return res.status;
          },
        });
      }
    }
    const { load } = await describeMachine();
    console.log(
      `${opts.messages.toLocaleString()} inbound messages (${emailCount.toLocaleString()} raw-MIME emails, ` +
        `${(opts.messages - emailCount).toLocaleString()} Twilio SMS webhooks), ${opts.concurrency} in flight; ` +
        `seed ${opts.seed}; load average ${load}.`,
    );

    const pass = async (label: string) => {
      const statuses = new Map<string, number>();
      const latencies: number[] = [];
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: opts.concurrency }, async () => {
          for (let i = next++; i < deliveries.length; i = next++) {
            const s0 = performance.now();
            const status = await deliveries[i]!.send().catch(() => 0);
            latencies.push(performance.now() - s0);
            const k = `${deliveries[i]!.kind} ${status}`;
            statuses.set(k, (statuses.get(k) ?? 0) + 1);
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      latencies.sort((a, b) => a - b);
      console.log(
        `${label.padEnd(8)} ${(deliveries.length / seconds).toFixed(0).padStart(6)} messages/s  ` +
          `(${seconds.toFixed(1)} s; p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms per request)  ` +
          `answers: ${[...statuses].map(([k, n]) => `${k} ×${n}`).join(', ')}`,
      );
      return deliveries.length / seconds;
    };
    const rate = await pass('first');
    await pass('replay');
    const emailKeys = deliveries.filter((d) => d.kind === 'email').map((d) => d.key);
    const smsKeys = deliveries.filter((d) => d.kind === 'sms').map((d) => d.key);
    const { rows } = await pool.query<{ emails: number; distinct_emails: number; sms: number; distinct_sms: number }>(
      `select count(*) filter (where message_id_header = any($2))::int as emails,
              count(distinct message_id_header) filter (where message_id_header = any($2))::int as distinct_emails,
              count(*) filter (where provider_sid = any($3))::int as sms,
              count(distinct provider_sid) filter (where provider_sid = any($3))::int as distinct_sms
       from messages where workspace_id = $1 and (message_id_header = any($2) or provider_sid = any($3))`,
      [ws, emailKeys, smsKeys],
    );
    const r = rows[0]!;
    const ok =
      r.emails === emailKeys.length &&
      r.distinct_emails === emailKeys.length &&
      r.sms === smsKeys.length &&
      r.distinct_sms === smsKeys.length;
    console.log(
      `stored after the replay: ${r.emails}/${emailKeys.length} emails (${r.distinct_emails} distinct Message-IDs), ` +
        `${r.sms}/${smsKeys.length} SMS (${r.distinct_sms} distinct MessageSids): ` +
        (ok ? 'none lost, none duplicated' : 'MESSAGES LOST OR DUPLICATED'),
    );
    console.log(`${rate >= 500 ? '✓' : '✗'} ${rate.toFixed(0)} messages/s (target ≥ 500/s on 2 cores)`);
    if (!ok) process.exitCode = 1;
  } finally {
    await close();
    await embedded?.stop();
  }
}

// ── live ───────────────────────────────────────────────────────────────────────────────────────

/**
 * From an inbound SMS webhook's 2xx to the event in another user's browser: a signed-in Chromium
 * keeps the contact's page open (its own EventSource, as a user has it), the bench posts a webhook
 * for the contact's number every `gap` ms, and times the `journal` event's arrival in the page and
 * the message's text on screen, both from the moment the webhook was answered.
 */
export async function liveBench(opts: { iterations: number; seed: number; gap: number }): Promise<void> {
  await withBrowserApp(async ({ state, pool, base, origin, browser }) => {
    const authToken = await setUpChannels(base, state);
    const ws = state.workspaceId;
    const [contact] = (
      await pool.query<{ id: string; e164: string }>(
        `select p.contact_id as id, p.e164 from contact_phones p join contacts c
           on c.workspace_id = p.workspace_id and c.id = p.contact_id
         where p.workspace_id = $1 and c.archived_at is null
         order by md5(p.contact_id::text || $2) limit 1`,
        [ws, String(opts.seed)],
      )
    ).rows;
    const [viewer] = (
      await pool.query<{ email: string }>(
        `select email from users where workspace_id = $1 and role = 'admin' order by email limit 1`,
        [ws],
      )
    ).rows;
    if (!contact || !viewer) throw new Error('No contact with a phone number, or no admin: run generate first');
    const m = await describeMachine();
    console.log(
      `CPU ${m.cpu}; commit ${m.commit}; Chromium ${browser.version()}; ${opts.iterations} webhooks ${opts.gap} ms apart; ` +
        `seed ${opts.seed}; load average ${m.load}.`,
    );

    const context = await signedInContext(browser, origin, viewer.email);
    // The page's own stream, watched: every journal event's arrival time (this machine's clock).
    await context.addInitScript(() => {
      const w = window as unknown as { __events: { at: number; data: string }[]; EventSource: typeof EventSource };
      w.__events = [];
      const Native = w.EventSource;
      w.EventSource = class extends Native {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          this.addEventListener('journal', (e) => w.__events.push({ at: Date.now(), data: (e as MessageEvent).data }));
        }
      };
    });
    const page = await context.newPage();
    await page.goto(`/contacts/${contact.id}`);
    await page.getByTestId('contact-page').waitFor();
    await page.waitForTimeout(1000);

    const hookUrl = `${base}/webhooks/twilio/${ws}/messages`;
    const run = `${Date.now().toString(36)}${opts.seed.toString(36)}`;
    const toEvent: number[] = [];
    const toScreen: number[] = [];
    for (let i = 0; i < opts.iterations; i++) {
      const text = `Live check ${run}-${i}`;
      const hook = smsWebhook(hookUrl, authToken, `SMlive${run}x${i}`, contact.e164, text);
      const seen = await page.evaluate(() => (window as unknown as { __events: unknown[] }).__events.length);
      const res = await fetch(hookUrl, { method: 'POST', headers: hook.headers, body: hook.body });
      await res.arrayBuffer();
      const answered = Date.now();
      if (res.status !== 200) throw new Error(`webhook → ${res.status}`);
      const arrived = await page.waitForFunction(
        ([n, id]) => {
          const events = (window as unknown as { __events: { at: number; data: string }[] }).__events.slice(n);
          return events.find((e) => e.data.includes('message.received') && e.data.includes(id))?.at ?? null;
        },
        [seen, contact.id] as const,
        { timeout: 10_000 },
      );
      toEvent.push(Math.max(0, ((await arrived.jsonValue()) as number) - answered));
      await page.getByTestId('thread-message').getByText(text).waitFor({ timeout: 10_000 });
      toScreen.push(Date.now() - answered);
      await page.waitForTimeout(opts.gap);
    }
    printTimes('webhook answered → journal event in the other browser', toEvent, 300);
    printTimes('webhook answered → the text on screen in the thread', toScreen);
  });
}
