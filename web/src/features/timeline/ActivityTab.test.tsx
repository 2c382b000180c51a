import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, makeSession, renderWithApp, type FakeRequest } from '../../test/render.tsx';
import { CONTACT_ID, makeProfile } from '../contacts/record/testing/profile.ts';
import type { JournalEntry } from '../contacts/contact.api.ts';
import { ActivityTab } from './ActivityTab.tsx';
import { FIRST_TIMELINE_VIEW } from '../contacts/contact.api.ts';
import { emptyTitle, INITIAL_ACTIVITY_STATE, kindOptions, toTimelineFilters } from './activityFilters.ts';

const ADA = { type: 'user' as const, id: '00000000-0000-4000-8000-000000000001', label: 'Ada Admin' };

const noteEntry: JournalEntry = {
  id: '0190a0b0-0000-7000-8000-0000000000e1',
  contactId: CONTACT_ID,
  kind: 'note.created',
  category: 'focus',
  occurredAt: '2026-03-02T09:00:00.000Z',
  actor: ADA,
  subject: { type: 'note', id: '0190a0b0-0000-7000-8000-0000000000b1' },
  data: { title: 'Call summary', preview: 'She wants a viewing next week' },
};

const fieldEntry: JournalEntry = {
  id: '0190a0b0-0000-7000-8000-0000000000e2',
  contactId: CONTACT_ID,
  kind: 'contact.field_changed',
  category: 'admin',
  occurredAt: '2026-03-02T08:00:00.000Z',
  actor: { type: 'automation', id: null, label: 'Welcome series' },
  subject: { type: 'contact', id: CONTACT_ID },
  data: { changes: [{ field: 'title', old: 'Buyer', new: 'Head of Procurement' }] },
};

function routes(requests: { timeline: URLSearchParams[] }) {
  return {
    [`GET /api/v1/contacts/${CONTACT_ID}/timeline`]: (req: FakeRequest) => {
      const params = new URL(req.path, 'http://x').searchParams;
      requests.timeline.push(params);
      const category = params.get('category');
      const kinds = params.get('kinds');
      const data = [noteEntry, fieldEntry].filter(
        (e) => e.category === category && (!kinds || kinds.split(',').includes(e.kind)),
      );
      return json(200, { data, nextCursor: null });
    },
    [`GET /api/v1/contacts/${CONTACT_ID}/upcoming`]: () => json(200, { data: [] }),
    'GET /api/v1/contact-types': () => json(200, { data: [] }),
  };
}

/** The kind picker's text input (its wrapper carries the same label). */
const kindsInput = () => screen.getAllByLabelText('Kinds').find((el) => el.tagName === 'INPUT')!;

describe('ActivityTab', () => {
  it('opens on focus events and switches the category with the view', async () => {
    const requests = { timeline: [] as URLSearchParams[] };
    fakeFetch(routes(requests));
    await renderWithApp(<ActivityTab contact={makeProfile()} />, { session: makeSession() });

    const entry = await screen.findByTestId('journal-entry');
    expect(entry).toHaveTextContent('Added a note Call summary: She wants a viewing next week');
    expect(entry).toHaveTextContent('Ada Admin');
    expect(requests.timeline.at(-1)!.get('category')).toBe('focus');

    await userEvent.click(screen.getByText('Data changes'));
    await waitFor(() => expect(requests.timeline.at(-1)!.get('category')).toBe('admin'));
    const change = await screen.findByText(/Changed/);
    const item = change.closest('[data-testid="journal-entry"]') as HTMLElement;
    expect(item).toHaveAttribute('data-kind', 'contact.field_changed');
    expect(within(item).getByText('Buyer')).toBeInTheDocument();
    expect(within(item).getByText('Head of Procurement')).toBeInTheDocument();
    expect(within(item).getByText('Automation · Welcome series')).toBeInTheDocument();
  });

  it('filters by the kinds picked and says what is missing', async () => {
    const requests = { timeline: [] as URLSearchParams[] };
    fakeFetch(routes(requests));
    await renderWithApp(<ActivityTab contact={makeProfile()} />, { session: makeSession() });
    await screen.findByTestId('journal-entry');

    // The focus view offers the focus kinds only.
    await userEvent.click(kindsInput());
    expect(await screen.findByRole('option', { name: 'Task completed' })).toBeInTheDocument();
    expect(screen.queryByRole('option', { name: 'Tag added' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('option', { name: 'Task completed' }));
    await userEvent.click(screen.getByRole('option', { name: 'Note edited' }));

    await waitFor(() => expect(requests.timeline.at(-1)!.get('kinds')).toBe('note.updated,task.completed'));
    expect(requests.timeline.at(-1)!.get('category')).toBe('focus');
    expect(await screen.findByText('No notes or tasks yet')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(requests.timeline.at(-1)!.get('kinds')).toBeNull());
    expect(await screen.findByTestId('journal-entry')).toBeInTheDocument();
  });

  it('drops the picked kinds when the view changes', async () => {
    const requests = { timeline: [] as URLSearchParams[] };
    fakeFetch(routes(requests));
    await renderWithApp(<ActivityTab contact={makeProfile()} />, { session: makeSession() });
    await screen.findByTestId('journal-entry');
    await userEvent.click(kindsInput());
    await userEvent.click(await screen.findByRole('option', { name: 'Note added' }));
    await waitFor(() => expect(requests.timeline.at(-1)!.get('kinds')).toBe('note.created'));
    await userEvent.click(screen.getByText('Data changes'));
    await waitFor(() => expect(requests.timeline.at(-1)!.get('category')).toBe('admin'));
    expect(requests.timeline.at(-1)!.get('kinds')).toBeNull();
  });
});

describe('activity filters', () => {
  it('offers the contact kinds of each view, never workspace-wide ones', () => {
    const focus = kindOptions('focus').flatMap((g) => g.items.map((i) => i.value));
    const admin = kindOptions('admin').flatMap((g) => g.items.map((i) => i.value));
    expect(focus).toContain('note.created');
    expect(focus).toContain('appointment.status_changed');
    expect(focus).toContain('message.received');
    expect(focus.every((k) => /^(note|task|appointment|message|call|comment|opportunity)\./.test(k))).toBe(true);
    expect(admin).toContain('contact.field_changed');
    expect(admin).not.toContain('tag.created');
    expect(admin).not.toContain('calendar.created');
    expect(admin).not.toContain('message_template.created');
    expect(kindOptions('focus').map((g) => g.group)).toEqual([
      'Notes',
      'Tasks',
      'Appointments',
      'Opportunities',
      'Conversations',
    ]);
  });

  it('turns a day range in the user’s zone into from/to instants (to is exclusive)', () => {
    const filters = toTimelineFilters(
      { view: 'focus', kinds: ['task.created', 'note.created'], range: ['2026-03-01', '2026-03-31'] },
      'Europe/Berlin',
    );
    expect(filters).toEqual({
      category: 'focus',
      kinds: ['note.created', 'task.created'],
      from: '2026-02-28T23:00:00.000Z',
      to: '2026-03-31T22:00:00.000Z',
    });
  });

  it('opens on the view the contact page prefetches', () => {
    // The page asks for FIRST_TIMELINE_VIEW before the tab exists; a difference would ask twice on every contact.
    for (const zone of ['UTC', 'Europe/Berlin', 'Pacific/Auckland']) {
      expect(toTimelineFilters(INITIAL_ACTIVITY_STATE, zone)).toEqual(FIRST_TIMELINE_VIEW);
    }
  });

  it('names the empty result after the filter', () => {
    expect(emptyTitle({ view: 'focus', kinds: ['note.created', 'task.completed'], range: ['2026-03-01', null] })).toBe(
      'No notes or tasks in this period',
    );
    expect(emptyTitle({ view: 'focus', kinds: [], range: [null, null] })).toBe('No notes, tasks or appointments yet');
    expect(emptyTitle({ view: 'admin', kinds: [], range: ['2026-03-01', '2026-03-02'] })).toBe(
      'No data changes in this period',
    );
  });
});
