// The demo's long stories: a handful of contacts with months of history — a lead qualified into a customer,
// handed from inside sales to a field rep, with calls written up, follow-ups created and ticked off, meetings
// held (or missed) and the next ones booked, tags and fields changing as the deal moves — in the order it
// happened. Like the rest of the activity seed it builds rows and their journal entries (dated when they
// happened) for seedActivity to write in one transaction.
import { v7 } from 'uuid';
import type { appointments, notes, tasks } from '../db/schema/activity.ts';
import type { Actor } from '../platform/context.ts';
import type { NewEntry } from '../platform/journal/journal.ts';
import { noteHtmlToText, preview } from '../modules/notes/note-html.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export interface StoryContact {
  id: string;
  displayName: string;
  ownerId: string;
  createdAt: Date;
  contactType: string;
  tagIds: string[];
}

interface Person {
  id: string;
  name: string;
}

export interface StoryCalendar {
  id: string;
  name: string;
  ownerUserId: string | null;
}

export interface StoryOutput {
  notes: (typeof notes.$inferInsert)[];
  tasks: (typeof tasks.$inferInsert)[];
  appointments: (typeof appointments.$inferInsert)[];
  entries: NewEntry[];
  /** The contact as the story leaves it (applied to the row in the same transaction). */
  final: { ownerId: string; contactType: string; tagIds: string[]; updatedAt: Date };
}

/** Steps of a deal, one every few days: what was said, what was promised, what was booked. */
const chapters = [
  {
    note: 'First call',
    body: 'Called back after the web enquiry. They track customers in spreadsheets and lose follow-ups.',
    task: 'Send the intro deck',
    meeting: 'Discovery call',
  },
  {
    note: 'Discovery call recap',
    body: 'Team of eight, growing. Main pain: no shared history per customer. Decision expected this quarter.',
    task: 'Share two customer references',
    meeting: null,
  },
  {
    note: 'Demo prepared',
    body: 'Agreed agenda: the timeline, tasks for the field team, the calendar and the show-rate report.',
    task: 'Prepare the demo account',
    meeting: 'Product demo',
  },
  {
    note: 'Demo feedback',
    body: 'Liked the contact timeline; asked about importing 3,000 contacts and about the mobile view.',
    task: 'Send import guide and the mobile screenshots',
    meeting: null,
  },
  {
    note: 'Handover to the field team',
    body: 'Large enough for an on-site visit; handing over with all notes so nothing is asked twice.',
    task: 'Introduce the field rep by email',
    meeting: 'Site visit',
  },
  {
    note: 'Site visit notes',
    body: 'Met the office manager and two reps. They want appointments for delivery slots and reminders.',
    task: 'Draft the pilot plan',
    meeting: null,
  },
  {
    note: 'Pilot agreed',
    body: 'Four-week pilot with one team. Success: every visit logged within a day, show rate reported weekly.',
    task: 'Set up the pilot workspace',
    meeting: 'Pilot kickoff',
  },
  {
    note: 'Pilot check-in',
    body: 'Usage is good; two reps still log visits on paper. Offered a short training.',
    task: 'Book the training session',
    meeting: 'Pilot review',
  },
  {
    note: 'Pricing discussion',
    body: 'Asked for the annual plan with twelve seats and a discount above ten seats.',
    task: 'Send the proposal',
    meeting: 'Pricing call',
  },
  {
    note: 'Contract questions',
    body: 'Legal wants the data processing agreement and the hosting location in writing.',
    task: 'Send the DPA',
    meeting: null,
  },
  {
    note: 'Contract signed',
    body: 'Signed the annual plan. Onboarding to start next week; the import is scheduled.',
    task: 'Schedule onboarding',
    meeting: 'Onboarding session',
  },
  {
    note: 'Onboarding done',
    body: 'Import finished, custom fields set up, all reps signed in. Next: quarterly review.',
    task: 'Check in after the first month',
    meeting: 'Quarterly review',
  },
] as const;

/** Between two chapters: the small touches that make up most of a relationship. */
const touches = [
  { note: 'Left a voicemail', task: 'Try again on Thursday' },
  { note: 'Email exchange', task: 'Answer the open questions' },
  { note: 'Quick call', task: 'Send the summary' },
  { note: 'Question about the trial', task: 'Check the export limits' },
  { note: 'Met at the trade show', task: 'Send the brochure' },
  { note: 'Internal sync', task: 'Update the forecast' },
] as const;

/**
 * One contact's story from its creation until a few weeks ahead. `inside` first looks after the contact; at the
 * handover chapter the contact moves to `field`. Deterministic for a given `rnd`.
 */
export function contactStory({
  workspaceId,
  contact,
  inside,
  field,
  admin,
  calendarOf,
  tagsToAdd,
  now,
  rnd,
}: {
  workspaceId: string;
  contact: StoryContact;
  inside: Person;
  field: Person;
  admin: Person;
  calendarOf(userId: string): StoryCalendar;
  tagsToAdd: { id: string; name: string }[];
  now: number;
  rnd: { int(min: number, max: number): number; chance(p: number): boolean };
}): StoryOutput {
  const out: StoryOutput = {
    notes: [],
    tasks: [],
    appointments: [],
    entries: [],
    final: {
      ownerId: contact.ownerId,
      contactType: contact.contactType,
      tagIds: [...contact.tagIds],
      updatedAt: contact.createdAt,
    },
  };
  const actor = (p: Person): Actor => ({ type: 'user', id: p.id, label: p.name });
  const at = (ms: number) => new Date(Math.min(ms, now - 60_000));
  const base = (type: string, id: string) => ({ contactId: contact.id, subject: { type, id } });
  let owner: Person = contact.ownerId === field.id ? field : inside;
  let type = contact.contactType;
  const tags = [...contact.tagIds];

  const changeOwner = (to: Person, when: number) => {
    if (to.id === owner.id) return;
    out.entries.push({
      contactId: contact.id,
      kind: 'contact.owner_changed',
      category: 'admin',
      actor: actor(admin),
      occurredAt: at(when),
      data: { from: owner, to },
    });
    owner = to;
  };
  const changeType = (to: string, when: number) => {
    if (to === type) return;
    out.entries.push({
      contactId: contact.id,
      kind: 'contact.field_changed',
      category: 'admin',
      actor: actor(owner),
      occurredAt: at(when),
      data: { displayName: contact.displayName, changes: [{ field: 'contactType', old: type, new: to }] },
    });
    type = to;
  };
  const addTag = (tag: { id: string; name: string }, when: number) => {
    if (tags.includes(tag.id)) return;
    tags.push(tag.id);
    out.entries.push({
      ...base('tag', tag.id),
      kind: 'contact.tag_added',
      category: 'admin',
      actor: actor(owner),
      occurredAt: at(when),
      data: { tag },
    });
  };

  // The story starts a day after the contact came in and runs until three weeks ahead, one chapter every
  // few days; the last chapters fall in the future, so they show as booked meetings and open tasks.
  const start = contact.createdAt.getTime() + DAY;
  const end = now + 21 * DAY;
  const step = Math.max(6 * DAY, (end - start) / chapters.length);
  let t = start;
  let chapter = 0;
  changeType('lead', start - 12 * HOUR);
  const addNote = (title: string, body: string, when: number) => {
    const bodyHtml = `<p>${body}</p>`;
    const noteId = v7({ msecs: when });
    out.notes.push({
      workspaceId,
      contactId: contact.id,
      id: noteId,
      title,
      bodyHtml,
      bodyText: noteHtmlToText(bodyHtml),
      color: 'default',
      mentionedUserIds: [],
      pinnedAt: null,
      authorId: owner.id,
      createdAt: new Date(when),
      updatedAt: new Date(when),
    });
    out.entries.push({
      ...base('note', noteId),
      kind: 'note.created',
      category: 'focus',
      actor: actor(owner),
      occurredAt: new Date(when),
      data: {
        title,
        preview: preview(noteHtmlToText(bodyHtml)),
        color: 'default',
        mentionedUserIds: [],
        attachments: 0,
      },
    });
  };
  const addTask = (title: string, createdAt: number, dueAt: number) => {
    const completedAt = dueAt < now - 2 * HOUR ? Math.max(createdAt + HOUR, dueAt - rnd.int(2, 20) * HOUR) : null;
    const taskId = v7({ msecs: createdAt });
    out.tasks.push({
      workspaceId,
      contactId: contact.id,
      id: taskId,
      title,
      description: '',
      assigneeId: owner.id,
      dueAt: new Date(dueAt),
      status: completedAt ? 'completed' : 'pending',
      completedAt: completedAt ? new Date(completedAt) : null,
      completedBy: completedAt ? owner.id : null,
      dueNotifiedAt: dueAt < now ? new Date(dueAt) : null,
      createdBy: owner.id,
      createdAt: new Date(createdAt),
      updatedAt: new Date(completedAt ?? createdAt),
    });
    out.entries.push({
      ...base('task', taskId),
      kind: 'task.created',
      category: 'focus',
      actor: actor(owner),
      occurredAt: at(createdAt),
      data: { title, assignee: owner, assigneeId: owner.id, dueAt: new Date(dueAt).toISOString() },
    });
    if (completedAt) {
      out.entries.push({
        ...base('task', taskId),
        kind: 'task.completed',
        category: 'focus',
        actor: actor(owner),
        occurredAt: at(completedAt),
        data: { title, assigneeId: owner.id, dueAt: new Date(dueAt).toISOString() },
      });
    }
  };

  while (t < end && chapter < chapters.length) {
    const c = chapters[chapter]!;
    const title = c.note;
    // Within working hours on a weekday.
    const day = new Date(t);
    while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setTime(day.getTime() + DAY);
    day.setUTCHours(rnd.int(8, 16), rnd.int(0, 3) * 15, 0, 0);
    const when = day.getTime();
    if (when >= end) break;
    const past = when < now;

    if (chapter === 4) changeOwner(field, when - 2 * HOUR);
    if (chapter === 2) changeType('prospect', when - HOUR);
    if (chapter === 10 && past) changeType('customer', when + HOUR);
    if (chapter === 1 && tagsToAdd[0]) addTag(tagsToAdd[0], when + 30 * 60_000);
    if (chapter === 6 && tagsToAdd[1]) addTag(tagsToAdd[1], when + 30 * 60_000);

    if (past) addNote(title, c.body, when);
    // The follow-up: created with the note (or lately, for what lies ahead), due a few days later.
    const createdAt = past ? when + 20 * 60_000 : now - rnd.int(1, 3) * DAY;
    addTask(c.task, createdAt, Math.max(when + rnd.int(2, 5) * DAY, createdAt + DAY));

    // The meeting this chapter leads to, a few days on; booked when the chapter happened.
    if (c.meeting) {
      const startsAt = new Date(when + rnd.int(2, 6) * DAY);
      while (startsAt.getUTCDay() === 0 || startsAt.getUTCDay() === 6) startsAt.setTime(startsAt.getTime() + DAY);
      startsAt.setUTCHours(rnd.int(9, 15), rnd.int(0, 1) * 30, 0, 0);
      const endsAt = new Date(startsAt.getTime() + (c.meeting === 'Site visit' ? 90 : 60) * 60_000);
      const bookedAt = past ? when + HOUR : now - rnd.int(1, 2) * DAY;
      const calendar = calendarOf(owner.id);
      const id = v7({ msecs: bookedAt });
      const over = endsAt.getTime() < now;
      const status = over ? (rnd.chance(0.85) ? 'showed' : 'no_show') : rnd.chance(0.5) ? 'confirmed' : 'scheduled';
      const video = c.meeting !== 'Site visit';
      out.appointments.push({
        workspaceId,
        calendarId: calendar.id,
        contactId: contact.id,
        id,
        assignedUserId: owner.id,
        title: c.meeting,
        startsAt,
        endsAt,
        location: video ? 'Video call' : `${contact.displayName}, on site`,
        meetingUrl: video ? `https://meet.example.com/${id.slice(-12)}` : null,
        description: '',
        status,
        createdBy: owner.id,
        createdAt: new Date(bookedAt),
        updatedAt: new Date(bookedAt),
      });
      const span = { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
      out.entries.push({
        ...base('appointment', id),
        kind: 'appointment.booked',
        category: 'focus',
        actor: actor(owner),
        occurredAt: at(bookedAt),
        data: {
          title: c.meeting,
          ...span,
          status: 'scheduled',
          calendar: { id: calendar.id, name: calendar.name },
          assignedUser: owner,
          assignedUserId: owner.id,
          location: video ? 'Video call' : `${contact.displayName}, on site`,
          meetingUrl: video ? `https://meet.example.com/${id.slice(-12)}` : null,
        },
      });
      if (status !== 'scheduled') {
        // Confirmed the day before; the outcome recorded an hour after it ended.
        const changedAt =
          status === 'confirmed' ? Math.max(bookedAt + HOUR, startsAt.getTime() - DAY) : endsAt.getTime() + HOUR;
        out.entries.push({
          ...base('appointment', id),
          kind: 'appointment.status_changed',
          category: 'focus',
          actor: actor(owner),
          occurredAt: at(changedAt),
          data: {
            title: c.meeting,
            ...span,
            from: 'scheduled',
            to: status,
            calendarId: calendar.id,
            assignedUserId: owner.id,
          },
        });
      }
    }
    // Halfway to the next chapter, a smaller touch: a call or an email written up, with its follow-up.
    const touch = touches[chapter % touches.length]!;
    const between = when + step / 2;
    if (between < now - DAY) {
      addNote(touch.note, `${touch.note} with ${contact.displayName}; notes in the shared inbox.`, between);
      addTask(touch.task, between + 10 * 60_000, between + rnd.int(1, 3) * DAY);
    }
    t += step;
    chapter++;
  }
  out.final = { ownerId: owner.id, contactType: type, tagIds: tags, updatedAt: at(t) };
  return out;
}
