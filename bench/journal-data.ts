// The generated journal: the entries the modules write (kinds, categories, actors and data shapes
// as in the notes, tasks, appointments and contacts services), merged in time order the way a
// workspace accumulates them: each contact's contact.created when it arrives, activity on contacts
// that exist by then (older contacts gather more), a few very busy "hot" contacts, and the
// archive entries of archived contacts.
import { noteHtmlToText, preview } from '../server/modules/notes/note-html.ts';
import { archivedAt, archivedBy, contactId, createdAt, tables, unit, uuid7, type Workspace } from './contact-data.ts';
import { appointmentTitles, noteTitles, prng, taskTitles } from './words.ts';

export const HOT_ENTRIES = 12_000;

export interface JournalPlan {
  ws: Workspace;
  total: number;
  now: number;
  /** Contact indexes of the hot contacts. */
  hot: number[];
  calendars: { id: string; name: string }[];
}

/** Contact indexes of the hot contacts: spread over the oldest tenth, none archived. */
export function pickHot(ws: Workspace, count: number, now: number): number[] {
  const hot: number[] = [];
  const pool = Math.max(1, Math.floor(ws.contacts / 10));
  for (let k = 0; hot.length < Math.min(count, pool) && k < pool * 4; k++) {
    const i = Math.floor(unit(ws.seed, k, 7) * pool);
    if (!hot.includes(i) && archivedAt(ws, i, now) === null) hot.push(i);
  }
  return hot;
}

const noteBodies = [
  '<p>First proper conversation. Current tool is a spreadsheet shared by four people; they lose track of follow-ups.</p><ul><li>Team of 6, growing to 10 this year</li><li>Decision in Q3</li></ul>',
  '<p>Asked for the <strong>annual plan</strong> with 10 seats. They expect a volume discount above 8 seats.</p><p>Offered 12 % on annual billing; waiting for their budget owner.</p>',
  '<p>Met at our booth. Interested in the mobile app for field reps and in offline notes.</p><blockquote>Show me how your reps log a visit in under a minute.</blockquote>',
  '<p>Legal wants a data processing agreement and asked where data is hosted. Sent the DPA template; comments by Friday.</p>',
  '<p>Renewal is due in two months. Usage is up 30 % since spring; good moment to talk about the reporting add-on.</p>',
  '<p>Complaint about duplicate email notifications. Reproduced it; the fix ships on Monday. Promised a call afterwards.</p>',
];
// The previews the notes service stores, computed by its own functions.
const notePreviews = noteBodies.map((html) => preview(noteHtmlToText(html)));
const noteColors = ['default', 'default', 'default', 'yellow', 'green', 'blue', 'pink'];
const fieldChanges = [
  { field: 'title', old: 'Buyer', new: 'Head of Procurement' },
  { field: 'contactType', old: 'lead', new: 'prospect' },
  { field: 'contactType', old: 'prospect', new: 'customer' },
  { field: 'language', old: null, new: 'en' },
  { field: 'custom.industry', old: null, new: 'Software' },
  { field: 'businessName', old: 'Acme Labs', new: 'Acme Labs GmbH' },
  { field: 'timezone', old: null, new: 'Europe/Berlin' },
];
const DAY = 86_400_000;

type Entry = {
  kind: string;
  category: 'focus' | 'admin';
  subjectType: string | null;
  subjectId: string | null;
  system?: boolean;
  data: Record<string, unknown>;
};

/** One activity entry of the kind `pick` chooses, with the data its service records. */
function activity(
  plan: JournalPlan,
  pick: number,
  at: number,
  displayName: string,
  x: (salt: number) => number,
): Entry {
  const users = plan.ws.users;
  const user = users[Math.floor(x(1) * users.length)]!;
  const other = users[Math.floor(x(2) * users.length)]!;
  const iso = (ms: number) => new Date(ms).toISOString();
  let salt = 40;
  const sub = () => uuid7(at, () => x(salt++));
  if (pick < 0.17) {
    const k = Math.floor(x(3) * noteBodies.length);
    return {
      kind: 'note.created',
      category: 'focus',
      subjectType: 'note',
      subjectId: sub(),
      data: {
        title: noteTitles[Math.floor(x(4) * noteTitles.length)],
        preview: notePreviews[k],
        color: noteColors[Math.floor(x(5) * noteColors.length)],
        mentionedUserIds: x(6) < 0.1 ? [other.id] : [],
        attachments: x(7) < 0.1 ? 1 : 0,
      },
    };
  }
  if (pick < 0.21) {
    const k = Math.floor(x(3) * noteBodies.length);
    return {
      kind: 'note.updated',
      category: 'focus',
      subjectType: 'note',
      subjectId: sub(),
      data: {
        title: noteTitles[Math.floor(x(4) * noteTitles.length)],
        preview: notePreviews[k],
        changes: [{ field: 'body', old: notePreviews[(k + 1) % notePreviews.length], new: notePreviews[k] }],
        mentionedUserIds: [],
        newlyMentionedUserIds: [],
      },
    };
  }
  const title = taskTitles[Math.floor(x(4) * taskTitles.length)];
  const dueAt = iso(at + Math.floor(x(8) * 14) * DAY);
  if (pick < 0.33)
    return {
      kind: 'task.created',
      category: 'focus',
      subjectType: 'task',
      subjectId: sub(),
      data: { title, assignee: { id: user.id, name: user.name }, assigneeId: user.id, dueAt },
    };
  if (pick < 0.42)
    return {
      kind: 'task.completed',
      category: 'focus',
      subjectType: 'task',
      subjectId: sub(),
      data: { title, assigneeId: user.id, dueAt },
    };
  if (pick < 0.45)
    return {
      kind: 'task.due',
      category: 'focus',
      subjectType: 'task',
      subjectId: sub(),
      system: true,
      data: { title, assigneeId: user.id, dueAt: iso(at) },
    };
  if (pick < 0.47)
    return {
      kind: 'task.updated',
      category: 'focus',
      subjectType: 'task',
      subjectId: sub(),
      data: { title, changes: [{ field: 'dueAt', old: dueAt, new: iso(at + 7 * DAY) }], assigneeId: user.id },
    };
  const calendar = plan.calendars[Math.floor(x(9) * plan.calendars.length)]!;
  const startsAt = at + (1 + Math.floor(x(10) * 20)) * DAY;
  const apptTitle = appointmentTitles[Math.floor(x(11) * appointmentTitles.length)];
  if (pick < 0.53)
    return {
      kind: 'appointment.booked',
      category: 'focus',
      subjectType: 'appointment',
      subjectId: sub(),
      data: {
        title: apptTitle,
        startsAt: iso(startsAt),
        endsAt: iso(startsAt + 3_600_000),
        status: 'scheduled',
        calendar,
        assignedUser: { id: user.id, name: user.name },
        assignedUserId: user.id,
        location: x(12) < 0.5 ? 'Office' : null,
        meetingUrl: x(12) < 0.5 ? null : 'https://meet.example/abc-defg-hij',
      },
    };
  if (pick < 0.57)
    return {
      kind: 'appointment.status_changed',
      category: 'focus',
      subjectType: 'appointment',
      subjectId: sub(),
      data: {
        title: apptTitle,
        from: 'scheduled',
        to: x(13) < 0.8 ? 'showed' : 'no_show',
        startsAt: iso(at - 3_600_000),
        endsAt: iso(at),
        calendarId: calendar.id,
        assignedUserId: user.id,
      },
    };
  if (pick < 0.58)
    return {
      kind: 'appointment.rescheduled',
      category: 'focus',
      subjectType: 'appointment',
      subjectId: sub(),
      data: {
        title: apptTitle,
        from: { startsAt: iso(startsAt), endsAt: iso(startsAt + 3_600_000) },
        to: { startsAt: iso(startsAt + DAY), endsAt: iso(startsAt + DAY + 3_600_000) },
        assignedUserId: user.id,
      },
    };
  // Data changes & admin events.
  if (pick < 0.8)
    return {
      kind: 'contact.field_changed',
      category: 'admin',
      subjectType: null,
      subjectId: null,
      data: { displayName, changes: [fieldChanges[Math.floor(x(14) * fieldChanges.length)]] },
    };
  if (pick < 0.88) {
    const tag = plan.ws.tags[Math.floor(x(15) ** 2 * plan.ws.tags.length)]!;
    return {
      kind: x(16) < 0.75 ? 'contact.tag_added' : 'contact.tag_removed',
      category: 'admin',
      subjectType: 'tag',
      subjectId: tag.id,
      data: { tag: { id: tag.id, name: tag.name } },
    };
  }
  if (pick < 0.92)
    return {
      kind: 'contact.owner_changed',
      category: 'admin',
      subjectType: null,
      subjectId: null,
      data: { from: { id: other.id, name: other.name }, to: { id: user.id, name: user.name } },
    };
  if (pick < 0.95)
    return {
      kind: 'contact.email_added',
      category: 'admin',
      subjectType: 'contact_email',
      subjectId: sub(),
      data: {
        email: `new.address.${Math.floor(x(17) * 1e9).toString(36)}@mail.example`,
        type: 'work',
        isPrimary: false,
      },
    };
  if (pick < 0.97)
    return {
      kind: 'contact.dnd_changed',
      category: 'admin',
      subjectType: null,
      subjectId: null,
      data: { channel: x(18) < 0.7 ? 'email' : 'sms', enabled: x(19) < 0.7, cause: 'manual' },
    };
  if (pick < 0.99)
    return {
      kind: 'contact.follower_added',
      category: 'admin',
      subjectType: 'user',
      subjectId: other.id,
      data: { user: { id: other.id, name: other.name } },
    };
  return {
    kind: 'contact.exported',
    category: 'admin',
    subjectType: null,
    subjectId: null,
    data: { format: x(20) < 0.5 ? 'json' : 'csv' },
  };
}

/** How many of each stream: contact.created and archive entries are fixed, the rest is activity. */
export function journalCounts(plan: JournalPlan) {
  let archived = 0;
  for (let i = 0; i < plan.ws.contacts; i++) if (archivedAt(plan.ws, i, plan.now) !== null) archived++;
  const created = plan.ws.contacts;
  const hot = Math.min(plan.hot.length * HOT_ENTRIES, Math.max(0, plan.total - created - archived));
  const ordinary = Math.max(0, plan.total - created - archived - hot);
  return { created, archived, hot, ordinary };
}

/**
 * Walks the whole journal in time order and hands every entry (its sequence number and COPY line
 * producer) to `emit`. Every thread walks the same sequence; each formats only its own share.
 */
export async function walkJournal(
  plan: JournalPlan,
  names: readonly string[],
  createdLines: AsyncIterator<string>,
  emit: (seq: number, line: () => string) => Promise<void>,
): Promise<number> {
  const { ws, now } = plan;
  const counts = journalCounts(plan);
  const archived: { at: number; i: number }[] = [];
  for (let i = 0; i < ws.contacts; i++) {
    const at = archivedAt(ws, i, now);
    if (at !== null) archived.push({ at, i });
  }
  archived.sort((a, b) => a.at - b.at);

  const hotFrom = Math.max(...plan.hot.map((i) => createdAt(ws, i))) + DAY;
  const ordinaryRng = prng(ws.seed + 11);
  const hotRng = prng(ws.seed + 13);
  const nextOrdinary = (j: number) => {
    const t = ws.start + Math.floor(((j + ordinaryRng.next()) * (now - ws.start)) / counts.ordinary);
    const existing = Math.min(ws.contacts, Math.max(1, Math.floor(((t - ws.start) * ws.contacts) / ws.span)));
    const i = Math.floor(ordinaryRng.next() * existing);
    return { at: Math.max(t, createdAt(ws, i) + 1), i };
  };
  const nextHot = (j: number) => ({
    at: hotFrom + Math.floor(((j + hotRng.next()) * (now - hotFrom)) / counts.hot),
    k: Math.floor(hotRng.next() * plan.hot.length),
  });

  let seq = 0;
  let c = 0;
  let a = 0;
  let o = 0;
  let h = 0;
  let ord = counts.ordinary ? nextOrdinary(0) : null;
  let hot = counts.hot ? nextHot(0) : null;
  const INF = Number.POSITIVE_INFINITY;
  const entryLine = (s: number, contact: string, at: number, e: Entry, actor: { id: string; name: string } | null) =>
    tables.journal.line({
      workspaceId: ws.id,
      id: uuid7(at, prng(ws.seed ^ (s * 2654435761)).next),
      contactId: contact,
      kind: e.kind,
      category: e.category,
      actorType: actor ? 'user' : 'system',
      actorId: actor?.id ?? null,
      actorLabel: actor?.name ?? 'System',
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      data: e.data,
      occurredAt: new Date(at),
    });
  const activityLine = (s: number, i: number, at: number) => {
    const x = (salt: number) => unit(ws.seed, s, salt);
    const e = activity(plan, x(0), at, names[i] ?? '', x);
    const user = ws.users[Math.floor(x(21) * ws.users.length)]!;
    return entryLine(s, contactId(ws, i), at, e, e.system ? null : user);
  };
  while (true) {
    const tc = c < counts.created ? createdAt(ws, c) : INF;
    const ta = a < archived.length ? archived[a]!.at : INF;
    const to = ord ? ord.at : INF;
    const th = hot ? hot.at : INF;
    const t = Math.min(tc, ta, to, th);
    if (t === INF) break;
    const s = seq++;
    if (t === tc) {
      const line = await createdLines.next();
      if (line.done) throw new Error('contact.created lines ended early');
      await emit(s, () => `${line.value}\n`);
      c++;
    } else if (t === ta) {
      const { i, at } = archived[a++]!;
      const by = archivedBy(ws, i);
      await emit(s, () =>
        entryLine(
          s,
          contactId(ws, i),
          at,
          {
            kind: 'contact.archived',
            category: 'admin',
            subjectType: null,
            subjectId: null,
            data: { displayName: names[i] ?? '' },
          },
          by,
        ),
      );
    } else if (t === to) {
      const { i, at } = ord!;
      await emit(s, () => activityLine(s, i, at));
      ord = ++o < counts.ordinary ? nextOrdinary(o) : null;
    } else {
      const { k, at } = hot!;
      await emit(s, () => activityLine(s, plan.hot[k]!, at));
      hot = ++h < counts.hot ? nextHot(h) : null;
    }
  }
  return seq;
}
