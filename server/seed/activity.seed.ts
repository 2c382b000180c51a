// Demo activity for the demo contacts: notes (some pinned, some mentioning colleagues), tasks in
// every "My tasks" bucket, personal and team calendars with appointments over the past and next
// weeks in mixed statuses, and the journal entries all of it would have written, dated in the past.
// Runs after the contacts seeder (it reads the demo contacts); with no contacts it does nothing.
import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import { v7 } from 'uuid';
import { appointments, calendars, notes, tasks, type AppointmentStatus } from '../db/schema/activity.ts';
import { contacts, tags as tagTable } from '../db/schema/contacts.ts';
import { journalEntries } from '../db/schema/journal.ts';
import { teams, users } from '../db/schema/platform.ts';
import { inTransaction, type Actor, type Ctx } from '../platform/context.ts';
import { recordMany, type NewEntry } from '../platform/journal/journal.ts';
import { noteHtmlToText, preview } from '../modules/notes/note-html.ts';
import type { DemoPeople } from './seed.ts';
import { contactStory, type StoryOutput } from './story.seed.ts';

/** How many contacts get a long story (months of history, dozens of timeline entries each). */
export const STORY_CONTACTS = 4;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** A small seeded PRNG (mulberry32), so every demo workspace gets the same story. */
function prng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    chance: (p: number) => next() < p,
  };
}

const noteTemplates = [
  {
    title: 'Discovery call',
    body: (c: string) =>
      `<p>First proper conversation with ${c}. Current tool is a spreadsheet shared by four people; they lose track of follow-ups.</p><ul><li>Team of 6, growing to 10 this year</li><li>Decision in Q3</li><li>Main pain: no shared history per customer</li></ul>`,
  },
  {
    title: 'Pricing discussion',
    body: (c: string) =>
      `<p>${c} asked for the <strong>annual plan</strong> with 10 seats. They expect a volume discount above 8 seats.</p><p>Offered 12 % on annual billing; waiting for their budget owner.</p>`,
  },
  {
    title: 'Follow-up after the trade show',
    body: (c: string) =>
      `<p>Met ${c} at our booth. Interested in the mobile app for field reps and in offline notes.</p><blockquote>“Show me how your reps log a visit in under a minute.”</blockquote>`,
  },
  {
    title: 'Contract questions',
    body: () =>
      `<p>Legal wants a data processing agreement and asked where data is hosted. Sent the DPA template; they will return comments by Friday.</p>`,
  },
  {
    title: 'Site visit recap',
    body: (c: string) =>
      `<p>Visited ${c} on site. Warehouse team of 12, two shifts. They would use appointments for delivery slots.</p><ol><li>Send the case study from the logistics customer</li><li>Propose a pilot with one shift</li></ol>`,
  },
  {
    title: 'Renewal planning',
    body: () =>
      `<p>Renewal is due in two months. Usage is up 30 % since spring; good moment to talk about the reporting add-on.</p>`,
  },
  {
    title: 'Referral',
    body: (c: string) =>
      `<p>${c} came through a referral from an existing customer. Warm lead, already knows the product from a demo video.</p>`,
  },
  {
    title: 'Onboarding kickoff',
    body: () =>
      `<p>Kickoff done. Import of 2,400 contacts planned for next week; custom fields for <em>industry</em> and <em>annual revenue</em> agreed.</p>`,
  },
  {
    title: 'Support escalation',
    body: () =>
      `<p>Complaint about duplicate email notifications. Reproduced it; the fix ships on Monday. Promised a call afterwards.</p>`,
  },
  {
    title: 'Budget approved',
    body: (c: string) =>
      `<p>Good news: ${c} got the budget approved. Next step is the order form; they prefer paying by invoice.</p>`,
  },
] as const;

const noteColors = ['default', 'default', 'default', 'yellow', 'green', 'blue', 'pink', 'purple', 'orange'] as const;

const taskTitles = [
  'Send the proposal',
  'Call back about pricing',
  'Prepare the contract draft',
  'Schedule a product demo',
  'Follow up on the open invoice',
  'Send the case study',
  'Book a site visit',
  'Check in after onboarding',
  'Confirm the decision makers',
  'Ask for a referral',
  'Send the DPA',
  'Share the pilot plan',
];

const appointmentTitles = [
  'Product demo',
  'Discovery call',
  'Site visit',
  'Contract review',
  'Quarterly review',
  'Onboarding session',
  'Pricing call',
];

const mention = (u: { id: string; name: string }) =>
  `<span data-type="mention" data-id="${u.id}" data-label="${u.name}">@${u.name}</span>`;

export async function seedActivity(ctx: Ctx, people: DemoPeople): Promise<void> {
  const ws = ctx.workspaceId;
  const demoContacts = await ctx.db
    .select({
      id: contacts.id,
      displayName: contacts.displayName,
      ownerId: contacts.ownerId,
      createdAt: contacts.createdAt,
      contactType: contacts.contactType,
      tagIds: contacts.tagIds,
      kind: contacts.kind,
    })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ws), isNull(contacts.archivedAt)))
    .orderBy(asc(contacts.displayName), asc(contacts.id))
    .limit(160);
  if (demoContacts.length === 0) return;

  const userRows = await ctx.db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.workspaceId, ws), inArray(users.id, [people.adminId, ...people.memberIds])));
  const byId = new Map(userRows.map((u) => [u.id, u]));
  const person = (id: string) => byId.get(id) ?? { id, name: 'Someone' };
  const actor = (id: string): Actor => ({ type: 'user', id, label: person(id).name });
  const reps = people.memberIds.map(person);
  const admin = person(people.adminId);
  const rnd = prng(20260401);
  const now = Date.now();
  const entries: NewEntry[] = [];
  // Nothing happens to a contact before it exists: a random moment is moved to after its creation.
  const afterCreation = (c: { createdAt: Date }, ms: number) =>
    Math.min(Math.max(ms, c.createdAt.getTime() + rnd.int(1, 30) * HOUR), now - 5 * 60_000);

  // ── Calendars: one per rep, one for the field team ──
  const teamRows = await ctx.db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(and(eq(teams.workspaceId, ws), inArray(teams.id, people.teamIds)));
  const calendarColors = ['blue', 'teal', 'grape', 'orange', 'green', 'red'];
  const calendarRows = [
    ...reps.map((r, i) => ({
      workspaceId: ws,
      id: v7({ msecs: now - 200 * DAY + i * 1000 }),
      name: `${r.name.split(' ')[0]}’s meetings`,
      ownerUserId: r.id,
      teamId: null,
      color: calendarColors[i % calendarColors.length]!,
    })),
    ...teamRows.slice(-1).map((t) => ({
      workspaceId: ws,
      id: v7({ msecs: now - 199 * DAY }),
      name: `${t.name} visits`,
      ownerUserId: null,
      teamId: t.id,
      color: 'cyan',
    })),
  ];
  const fieldTeamId = teamRows[teamRows.length - 1]?.id;
  const fieldMembers = reps.slice(-2);

  // ── Notes ──
  const noteRows: (typeof notes.$inferInsert)[] = [];
  for (const [index, contact] of demoContacts.slice(0, 90).entries()) {
    const count = rnd.int(1, index % 7 === 0 ? 4 : 2);
    let pinned = 0;
    for (let n = 0; n < count; n++) {
      const template = rnd.pick(noteTemplates);
      const author = rnd.chance(0.7) ? person(contact.ownerId) : rnd.pick([admin, ...reps]);
      const others = reps.filter((r) => r.id !== author.id);
      const mentioned = rnd.chance(0.25) ? [rnd.pick(others)] : [];
      const bodyHtml = `${template.body(contact.displayName)}${mentioned.length ? `<p>${mentioned.map(mention).join(' ')} can you take this over next week?</p>` : ''}`;
      const createdAt = new Date(afterCreation(contact, now - rnd.int(2, 120) * DAY - rnd.int(0, 9) * HOUR));
      const pin = pinned < 2 && rnd.chance(0.15);
      if (pin) pinned++;
      noteRows.push({
        workspaceId: ws,
        id: v7({ msecs: createdAt.getTime() }),
        contactId: contact.id,
        title: template.title,
        bodyHtml,
        bodyText: noteHtmlToText(bodyHtml),
        color: rnd.pick(noteColors),
        mentionedUserIds: mentioned.map((m) => m.id),
        pinnedAt: pin ? new Date(createdAt.getTime() + HOUR) : null,
        authorId: author.id,
        createdAt,
        updatedAt: createdAt,
      });
    }
  }
  for (const n of noteRows) {
    entries.push({
      contactId: n.contactId,
      kind: 'note.created',
      category: 'focus',
      subject: { type: 'note', id: n.id },
      actor: actor(n.authorId!),
      occurredAt: n.createdAt as Date,
      data: {
        title: n.title,
        preview: preview(n.bodyText ?? ''),
        color: n.color,
        mentionedUserIds: n.mentionedUserIds,
        attachments: 0,
      },
    });
    if (n.pinnedAt) {
      entries.push({
        contactId: n.contactId,
        kind: 'note.pinned',
        category: 'focus',
        subject: { type: 'note', id: n.id },
        actor: actor(n.authorId!),
        occurredAt: n.pinnedAt as Date,
        data: { title: n.title, preview: preview(n.bodyText ?? '') },
      });
    }
  }

  // ── Tasks: overdue, today, upcoming, undated and completed ──
  const endOfToday = new Date(now);
  endOfToday.setUTCHours(23, 0, 0, 0);
  const taskRows: (typeof tasks.$inferInsert)[] = [];
  for (const contact of demoContacts.slice(20, 130)) {
    const count = rnd.int(1, 2);
    for (let n = 0; n < count; n++) {
      const assigneeId = contact.ownerId;
      // Mostly people plan their own work; sometimes the admin hands a task to a rep.
      const creatorId = rnd.chance(0.85) ? assigneeId : admin.id;
      const createdAt = new Date(afterCreation(contact, now - rnd.int(3, 40) * DAY - rnd.int(0, 8) * HOUR));
      const bucket = rnd.pick(['overdue', 'today', 'upcoming', 'upcoming', 'none', 'completed', 'completed'] as const);
      let dueAt: Date | null = null;
      if (bucket === 'overdue') {
        dueAt = new Date(
          Math.max(now - rnd.int(1, 10) * DAY - rnd.int(1, 6) * HOUR, createdAt.getTime() + 30 * 60_000),
        );
      }
      if (bucket === 'today') dueAt = new Date(Math.min(now + rnd.int(1, 8) * HOUR, endOfToday.getTime()));
      if (bucket === 'upcoming') dueAt = new Date(now + rnd.int(1, 21) * DAY + rnd.int(0, 6) * HOUR);
      if (bucket === 'completed') dueAt = new Date(createdAt.getTime() + rnd.int(1, 5) * DAY);
      const completedAt =
        bucket === 'completed'
          ? new Date(Math.max(Math.min(dueAt!.getTime(), now - HOUR), createdAt.getTime() + 10 * 60_000))
          : null;
      taskRows.push({
        workspaceId: ws,
        id: v7({ msecs: createdAt.getTime() }),
        contactId: contact.id,
        title: rnd.pick(taskTitles),
        description: rnd.chance(0.4) ? `Discussed in the last call with ${contact.displayName}.` : '',
        assigneeId,
        dueAt,
        status: completedAt ? 'completed' : 'pending',
        completedAt,
        completedBy: completedAt ? assigneeId : null,
        // Past due dates were announced back then; only tasks falling due from now on notify.
        dueNotifiedAt: dueAt && dueAt.getTime() < now ? dueAt : null,
        createdBy: creatorId,
        createdAt,
        updatedAt: completedAt ?? createdAt,
      });
    }
  }
  for (const task of taskRows) {
    const assignee = person(task.assigneeId);
    entries.push({
      contactId: task.contactId,
      kind: 'task.created',
      category: 'focus',
      subject: { type: 'task', id: task.id! },
      actor: actor(task.createdBy!),
      occurredAt: task.createdAt as Date,
      data: { title: task.title, assignee, assigneeId: assignee.id, dueAt: task.dueAt?.toISOString() ?? null },
    });
    if (task.completedAt) {
      entries.push({
        contactId: task.contactId,
        kind: 'task.completed',
        category: 'focus',
        subject: { type: 'task', id: task.id! },
        actor: actor(task.assigneeId),
        occurredAt: task.completedAt,
        data: { title: task.title, assigneeId: task.assigneeId, dueAt: task.dueAt?.toISOString() ?? null },
      });
    }
  }

  // ── Appointments over the past three weeks and the next two ──
  const appointmentRows: (typeof appointments.$inferInsert)[] = [];
  const appointmentContacts = demoContacts.slice(0, 140);
  for (let i = 0; i < 130; i++) {
    const contact = appointmentContacts[i % appointmentContacts.length]!;
    // A contact met before it was created would be a contradiction: its meetings lie after that.
    const earliest = Math.ceil((contact.createdAt.getTime() + 2 * DAY - now) / DAY);
    const dayOffset = rnd.int(Math.min(Math.max(-21, earliest), 14), 14);
    const start = new Date(now + dayOffset * DAY);
    // Weekdays only, between 8:00 and 17:00 UTC on the quarter hour.
    while (start.getUTCDay() === 0 || start.getUTCDay() === 6) start.setTime(start.getTime() + DAY);
    start.setUTCHours(rnd.int(8, 16), rnd.pick([0, 15, 30, 45]), 0, 0);
    const end = new Date(start.getTime() + rnd.pick([30, 45, 60, 60, 90]) * 60_000);
    const onTeamCalendar = fieldTeamId && rnd.chance(0.2);
    const calendar = onTeamCalendar
      ? calendarRows[calendarRows.length - 1]!
      : (calendarRows.find((c) => c.ownerUserId === contact.ownerId) ?? rnd.pick(calendarRows.slice(0, reps.length)));
    const assignedUserId = onTeamCalendar ? rnd.pick(fieldMembers).id : (calendar.ownerUserId ?? contact.ownerId);
    const bookedAt = new Date(
      Math.min(afterCreation(contact, start.getTime() - rnd.int(1, 10) * DAY), start.getTime() - HOUR, now - HOUR),
    );
    const past = end.getTime() < now;
    const roll = rnd.next();
    const status: AppointmentStatus = past
      ? roll < 0.62
        ? 'showed'
        : roll < 0.82
          ? 'no_show'
          : roll < 0.92
            ? 'cancelled'
            : 'confirmed'
      : roll < 0.68
        ? 'scheduled'
        : roll < 0.94
          ? 'confirmed'
          : 'cancelled';
    const video = rnd.chance(0.6);
    appointmentRows.push({
      workspaceId: ws,
      id: v7({ msecs: bookedAt.getTime() }),
      calendarId: calendar.id,
      contactId: contact.id,
      assignedUserId,
      title: rnd.pick(appointmentTitles),
      startsAt: start,
      endsAt: end,
      location: video ? 'Video call' : `${contact.displayName}, on site`,
      meetingUrl: video ? `https://meet.example.com/${v7().slice(-12)}` : null,
      description: '',
      status,
      createdBy: assignedUserId,
      createdAt: bookedAt,
      updatedAt: bookedAt,
    });
  }
  const calendarById = new Map(calendarRows.map((c) => [c.id, c]));
  for (const a of appointmentRows) {
    const startsAt = (a.startsAt as Date).toISOString();
    const endsAt = (a.endsAt as Date).toISOString();
    const base = { contactId: a.contactId, category: 'focus' as const, subject: { type: 'appointment', id: a.id! } };
    const assigned = person(a.assignedUserId);
    entries.push({
      ...base,
      kind: 'appointment.booked',
      actor: actor(a.createdBy!),
      occurredAt: a.createdAt as Date,
      data: {
        title: a.title,
        startsAt,
        endsAt,
        status: 'scheduled',
        calendar: { id: a.calendarId, name: calendarById.get(a.calendarId)?.name ?? '' },
        assignedUser: assigned,
        assignedUserId: assigned.id,
        location: a.location,
        meetingUrl: a.meetingUrl,
      },
    });
    if (a.status !== 'scheduled') {
      const after = a.status === 'showed' || a.status === 'no_show';
      const at = after
        ? new Date((a.endsAt as Date).getTime() + rnd.int(1, 4) * HOUR)
        : new Date((a.createdAt as Date).getTime() + rnd.int(1, 48) * HOUR);
      const occurredAt = new Date(Math.min(at.getTime(), now - 60_000));
      const change = { title: a.title, startsAt, endsAt, assignedUserId: assigned.id };
      entries.push({
        ...base,
        kind: 'appointment.status_changed',
        actor: actor(a.assignedUserId),
        occurredAt,
        data: { ...change, from: 'scheduled', to: a.status, calendarId: a.calendarId },
      });
      if (a.status === 'cancelled') {
        entries.push({
          ...base,
          kind: 'appointment.cancelled',
          actor: actor(a.assignedUserId),
          occurredAt,
          data: { ...change, from: 'scheduled' },
        });
      }
    }
  }

  // ── The long stories: people first handled by inside sales, then handed to a field rep ──
  const insideIds = new Set(reps.slice(0, 2).map((r) => r.id));
  // Only contacts nothing has happened to since they were created, so the story is their whole history.
  const touched = new Set(
    (
      await ctx.db
        .selectDistinct({ contactId: journalEntries.contactId })
        .from(journalEntries)
        .where(and(eq(journalEntries.workspaceId, ws), ne(journalEntries.kind, 'contact.created')))
    ).map((r) => r.contactId),
  );
  const storyContacts = demoContacts
    .filter(
      (c) =>
        c.kind === 'person' &&
        !touched.has(c.id) &&
        insideIds.has(c.ownerId) &&
        now - c.createdAt.getTime() > 150 * DAY &&
        now - c.createdAt.getTime() < 260 * DAY,
    )
    .slice(0, STORY_CONTACTS);
  const tagRows = await ctx.db
    .select({ id: tagTable.id, name: tagTable.name })
    .from(tagTable)
    .where(eq(tagTable.workspaceId, ws));
  const storyTags = ['Hot lead', 'Key account']
    .map((name) => tagRows.find((t) => t.name === name))
    .filter((t): t is { id: string; name: string } => Boolean(t));
  const fieldTeam = teamRows[teamRows.length - 1];
  const stories: { contactId: string; story: StoryOutput }[] = [];
  for (const [i, contact] of storyContacts.entries()) {
    const story = contactStory({
      workspaceId: ws,
      contact,
      inside: person(contact.ownerId),
      field: fieldMembers[i % fieldMembers.length] ?? person(contact.ownerId),
      admin,
      calendarOf: (userId) => calendarRows.find((c) => c.ownerUserId === userId) ?? calendarRows[0]!,
      tagsToAdd: storyTags.filter((t) => !contact.tagIds.includes(t.id)),
      now,
      rnd,
    });
    stories.push({ contactId: contact.id, story });
    noteRows.push(...story.notes);
    taskRows.push(...story.tasks);
    appointmentRows.push(...story.appointments);
    entries.push(...story.entries);
  }

  // The journal in the order things happened, as if it had been written day by day.
  entries.sort((x, y) => x.occurredAt!.getTime() - y.occurredAt!.getTime());
  await inTransaction(ctx, async (tx) => {
    await tx.db.insert(calendars).values(calendarRows);
    for (let i = 0; i < noteRows.length; i += 500) await tx.db.insert(notes).values(noteRows.slice(i, i + 500));
    for (let i = 0; i < taskRows.length; i += 500) await tx.db.insert(tasks).values(taskRows.slice(i, i + 500));
    for (let i = 0; i < appointmentRows.length; i += 500) {
      await tx.db.insert(appointments).values(appointmentRows.slice(i, i + 500));
    }
    // The story contacts as their stories leave them: the new owner (and the field team), type and tags.
    for (const { contactId, story } of stories) {
      const moved = fieldMembers.some((m) => m.id === story.final.ownerId);
      await tx.db
        .update(contacts)
        .set({
          ownerId: story.final.ownerId,
          ...(moved && fieldTeam ? { teamId: fieldTeam.id } : {}),
          contactType: story.final.contactType,
          tagIds: story.final.tagIds,
          updatedAt: story.final.updatedAt,
        })
        .where(and(eq(contacts.workspaceId, ws), eq(contacts.id, contactId)));
    }
    await recordMany(tx, entries);
  });
}
