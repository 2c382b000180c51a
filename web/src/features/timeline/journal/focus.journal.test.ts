import { describe, expect, it } from 'vitest';
import { describeEntry } from './describeEntry.ts';

const zone = { locale: 'en-GB', timeZone: 'Europe/Berlin' };
const line = (kind: string, data: Record<string, unknown>) => describeEntry({ kind, data }, { zone }).text;

describe('focus events in words', () => {
  it('describes notes', () => {
    expect(line('note.created', { title: 'Call summary', preview: 'Wants a viewing', attachments: 2 })).toBe(
      'Added a note Call summary: Wants a viewing (2 attachments)',
    );
    expect(line('note.created', { title: '', preview: 'Prefers email' })).toBe('Added a note: “Prefers email”');
    expect(
      line('note.created', {
        title: 'Recap',
        preview: 'Next steps',
        mentionedUserIds: ['a', 'b'],
        mentioned: [
          { id: 'a', name: 'Maria Keller' },
          { id: 'b', name: 'Tom Becker' },
        ],
      }),
    ).toBe('Added a note Recap: Next steps (mentioning Maria Keller, Tom Becker)');
    expect(line('note.created', { title: 'Old entry', mentionedUserIds: ['a'] })).toBe(
      'Added a note Old entry (1 mention)',
    );
    expect(line('note.pinned', { title: 'Parking' })).toBe('Pinned the note Parking');
    expect(line('note.deleted', { title: '', preview: 'Old' })).toBe('Deleted the note “Old”');
  });

  it('shows one note change as old → new and several as a list', () => {
    const one = describeEntry(
      { kind: 'note.updated', data: { title: 'Plan', changes: [{ field: 'color', old: 'default', new: 'yellow' }] } },
      { zone },
    );
    expect(one.text).toBe('Changed Colour of the note Plan from No colour to Yellow');
    const several = describeEntry(
      {
        kind: 'note.updated',
        data: {
          title: 'Plan',
          changes: [
            { field: 'title', old: 'Draft', new: 'Plan' },
            { field: 'body', old: 'a', new: 'b' },
            { field: 'mentionedUserIds', old: [], new: ['x'] },
          ],
        },
      },
      { zone },
    );
    expect(several.text).toBe('Edited the note Plan');
    expect(several.changes).toEqual([
      { field: 'Title', old: 'Draft', new: 'Plan' },
      { field: 'Text', old: 'a', new: 'b' },
    ]);
  });

  it('describes tasks with assignee and due time in the reader’s zone', () => {
    expect(
      line('task.created', {
        title: 'Call back',
        assignee: { id: 'u', name: 'Maria Keller' },
        dueAt: '2020-03-02T08:00:00.000Z',
      }),
    ).toMatch(/^Created task Call back, assigned to Maria Keller, due .*2 Mar.*09:00$/);
    expect(line('task.completed', { title: 'Call back' })).toBe('Completed task Call back');
    expect(
      line('task.updated', {
        title: 'Call back',
        changes: [{ field: 'assignee', old: { id: 'a', name: 'Ada' }, new: { id: 'b', name: 'Ben' } }],
      }),
    ).toBe('Changed Assignee of task Call back from Ada to Ben');
  });

  it('describes appointments and their status changes', () => {
    expect(line('appointment.status_changed', { title: 'Viewing', from: 'scheduled', to: 'no_show' })).toBe(
      'Status of Viewing changed from Scheduled to No-show',
    );
    expect(
      line('appointment.booked', {
        title: 'Viewing',
        startsAt: '2020-03-02T13:00:00.000Z',
        endsAt: '2020-03-02T14:00:00.000Z',
        assignedUser: { id: 'u', name: 'Jonas Weber' },
        calendar: { id: 'c', name: 'Sales' },
      }),
    ).toMatch(/^Booked Viewing for .*2 Mar.*14:00 – 15:00 with Jonas Weber \(calendar: Sales\)$/);
    const moved = describeEntry(
      {
        kind: 'appointment.rescheduled',
        data: {
          title: 'Viewing',
          from: { startsAt: '2020-03-02T13:00:00.000Z', endsAt: '2020-03-02T14:00:00.000Z' },
          to: { startsAt: '2020-03-03T13:00:00.000Z', endsAt: '2020-03-03T14:00:00.000Z' },
        },
      },
      { zone },
    );
    expect(moved.parts.filter((p) => typeof p !== 'string' && p.tone !== 'strong')).toHaveLength(2);
    expect(describeEntry({ kind: 'appointment.cancelled', data: { title: 'Viewing' } }, { zone }).color).toBe('red');
  });
});
