import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, makeSession, problem, renderWithApp, type FakeRequest } from '../../test/render.tsx';
import { CONTACT_ID, makeProfile, OWNER } from '../contacts/record/testing/profile.ts';
import { matchUsers } from './NoteBodyEditor.tsx';
import type { NoteDto } from './notes.api.ts';
import { NotesTab } from './NotesTab.tsx';
import { safeNoteHtml } from './safeNoteHtml.ts';

const BEN_ID = '00000000-0000-4000-8000-000000000002';

function note(n: number, overrides: Partial<NoteDto> = {}): NoteDto {
  return {
    id: `0190a0b0-0000-7000-8000-00000000000${n}`,
    contactId: CONTACT_ID,
    title: `Note ${n}`,
    bodyHtml: `<p>Body of note ${n}</p>`,
    bodyText: `Body of note ${n}`,
    color: 'default',
    pinned: false,
    pinnedAt: null,
    author: OWNER,
    mentionedUsers: [],
    attachments: [],
    version: 1,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    ...overrides,
  };
}

const pinned = { pinned: true, pinnedAt: '2026-03-02T10:00:00.000Z' };
const notes = [
  note(1, { ...pinned, title: 'Parking' }),
  note(2, { ...pinned, title: 'Budget' }),
  note(3, {
    title: 'Call summary',
    bodyHtml: `<p>Follow up <span data-type="mention" data-id="${BEN_ID}" data-label="Ben Member">@Ben Member</span> <strong>soon</strong></p>`,
    updatedAt: '2026-03-05T10:00:00.000Z',
    attachments: [
      {
        id: '0190a0b0-0000-7000-8000-0000000000f1',
        filename: 'floor-plan.pdf',
        size: 245_760,
        contentType: 'application/pdf',
        url: '/api/v1/files/0190a0b0-0000-7000-8000-0000000000f1',
      },
    ],
  }),
];

describe('NotesTab', () => {
  it('shows pinned notes first and says clearly when a third cannot be pinned', async () => {
    const requests = fakeFetch({
      [`GET /api/v1/contacts/${CONTACT_ID}/notes`]: () => json(200, { data: notes, nextCursor: null }),
      [`POST /api/v1/notes/${notes[2]!.id}/pin`]: () =>
        problem(409, 'pin_limit', 'Only two notes can be pinned; unpin one first', { limit: 2 }),
    });
    await renderWithApp(<NotesTab contact={makeProfile()} />, { session: makeSession() });
    const cards = await screen.findAllByTestId('note');
    expect(cards.map((c) => c.getAttribute('aria-label'))).toEqual(['Parking', 'Budget', 'Call summary']);
    expect(within(cards[0]!).getByRole('button', { name: 'Unpin' })).toHaveAttribute('aria-pressed', 'true');

    await userEvent.click(within(cards[2]!).getByRole('button', { name: 'Pin to top' }));
    const alert = await within(cards[2]!).findByRole('alert');
    expect(alert).toHaveTextContent('Could not pin this note');
    expect(alert).toHaveTextContent('Only two notes can be pinned; unpin one first');
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);

    await userEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(within(cards[2]!).queryByRole('alert')).not.toBeInTheDocument());
  });

  it('renders the body as formatted text with mentions, the attachments, the author and an edited marker', async () => {
    fakeFetch({
      [`GET /api/v1/contacts/${CONTACT_ID}/notes`]: () => json(200, { data: notes, nextCursor: null }),
    });
    await renderWithApp(<NotesTab contact={makeProfile()} />, { session: makeSession() });
    const card = (await screen.findAllByTestId('note'))[2]!;
    expect(within(card).getByText('soon').tagName).toBe('STRONG');
    expect(within(card).getByText('@Ben Member')).toHaveAttribute('data-type', 'mention');
    const file = within(card).getByRole('link', { name: /floor-plan\.pdf/ });
    expect(file).toHaveAttribute('href', '/api/v1/files/0190a0b0-0000-7000-8000-0000000000f1');
    expect(file).toHaveTextContent('240 KB');
    expect(within(card).getByText('Ada Admin')).toBeInTheDocument();
    expect(within(card).getByText('(edited)')).toBeInTheDocument();
    expect(within((await screen.findAllByTestId('note'))[0]!).queryByText('(edited)')).not.toBeInTheDocument();
  });

  it('searches the contact’s notes', async () => {
    const requests = fakeFetch({
      [`GET /api/v1/contacts/${CONTACT_ID}/notes`]: (req: FakeRequest) => {
        const q = new URL(req.path, 'http://x').searchParams.get('q');
        return json(200, { data: q ? [] : notes, nextCursor: null });
      },
    });
    await renderWithApp(<NotesTab contact={makeProfile()} />, { session: makeSession() });
    await screen.findAllByTestId('note');
    await userEvent.type(screen.getByRole('textbox', { name: 'Search notes' }), 'garage');
    expect(await screen.findByText('No notes match “garage”')).toBeInTheDocument();
    expect(requests.at(-1)!.path).toContain('q=garage');
  });

  it('invites the first note when there is none', async () => {
    fakeFetch({ [`GET /api/v1/contacts/${CONTACT_ID}/notes`]: () => json(200, { data: [], nextCursor: null }) });
    await renderWithApp(<NotesTab contact={makeProfile()} />, { session: makeSession() });
    expect(await screen.findByText('No notes yet')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add the first note' })).toBeInTheDocument();
  });
});

describe('note bodies', () => {
  it('keep formatting and mentions but never script, handlers or foreign links', () => {
    const html = safeNoteHtml(
      '<p onclick="x()">Hi <strong>there</strong><script>alert(1)</script><img src=x onerror=alert(1)>' +
        '<a href="javascript:alert(1)">bad</a> <a href="https://example.com">good</a>' +
        `<span style="color:red">plain</span> <span data-type="mention" data-id="${BEN_ID}" data-label="Ben">@Ben</span></p>`,
    );
    expect(html).not.toMatch(/script|onerror|onclick|javascript|<img|style=/);
    expect(html).toContain('<strong>there</strong>');
    expect(html).toContain('<a href="https://example.com" target="_blank" rel="noopener noreferrer nofollow">good</a>');
    expect(html).toContain('<a target="_blank" rel="noopener noreferrer nofollow">bad</a>');
    expect(html).toContain('plain');
    expect(html).toContain(`<span data-type="mention" data-id="${BEN_ID}" data-label="Ben">@Ben</span>`);
  });
});

describe('mention suggestions', () => {
  const users = [
    { id: '1', name: 'Ada Admin', email: 'ada@example.test' },
    { id: '2', name: 'Maria Keller', email: 'maria@example.test' },
    { id: '3', name: 'Jonas Weber', email: 'jw@example.test' },
    { id: '4', name: 'Tamara Ansel', email: 'tamara@example.test' },
  ];
  it('match the start of any name first, then anywhere', () => {
    expect(matchUsers(users, 'ke').map((u) => u.label)).toEqual(['Maria Keller']);
    expect(matchUsers(users, 'ma').map((u) => u.label)).toEqual(['Maria Keller', 'Tamara Ansel']);
    expect(matchUsers(users, 'jw').map((u) => u.label)).toEqual(['Jonas Weber']);
    expect(matchUsers(users, '')).toHaveLength(4);
  });
});
