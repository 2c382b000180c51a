import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeFetch, json, makeSession, renderWithApp } from '../../test/render.tsx';
import type { ConversationDto } from './conversations.api.ts';
import { ConversationsPage } from './ConversationsPage.tsx';

const MESSAGE_ID = '0190a0b0-0000-7000-8000-000000000201';
const GRETA = '0190a0b0-0000-7000-8000-000000000301';

const unmatched: ConversationDto = {
  contact: null,
  messageId: MESSAGE_ID,
  lastMessage: {
    id: MESSAGE_ID,
    at: '2026-03-01T10:00:00.000Z',
    preview: 'Is the flat still available?',
    channel: 'email',
    direction: 'inbound',
    from: 'Max Muster <max@muster.test>',
  },
  unreadCount: 1,
  starred: false,
  archived: false,
};

describe('ConversationsPage', () => {
  it('says what to do when a filter is empty, and filters through the URL', async () => {
    const requests = fakeFetch({ 'GET /api/v1/conversations': () => json(200, { data: [], nextCursor: null }) });
    const onSearchChange = vi.fn();
    await renderWithApp(<ConversationsPage search={{ filter: 'unread' }} onSearchChange={onSearchChange} />, {
      session: makeSession(),
    });
    expect(await screen.findByText('You’re all caught up')).toBeInTheDocument();
    expect(requests[0]!.path).toBe('/api/v1/conversations?unread=true');
    await userEvent.click(screen.getByRole('button', { name: 'Starred' }));
    expect(onSearchChange).toHaveBeenCalledWith({ filter: 'starred' });
  });

  it('attaches an unmatched message to a contact picked by search', async () => {
    const requests = fakeFetch({
      'GET /api/v1/conversations': () => json(200, { data: [unmatched], nextCursor: null }),
      [`GET /api/v1/messages/${MESSAGE_ID}`]: () =>
        json(200, {
          id: MESSAGE_ID,
          contactId: null,
          channel: 'email',
          direction: 'inbound',
          status: 'received',
          from: 'Max Muster <max@muster.test>',
          to: ['sales@harbour.test'],
          cc: [],
          subject: 'Flat',
          bodyText: 'Is the flat still available?',
          bodyHtml: null,
          author: null,
          mentionedUsers: [],
          attachments: [],
          call: null,
          scheduledAt: null,
          sentAt: null,
          receivedAt: '2026-03-01T10:00:00.000Z',
          openCount: 0,
          openedAt: null,
          clickCount: 0,
          clickedAt: null,
          errorCode: null,
          errorMessage: null,
          createdAt: '2026-03-01T10:00:00.000Z',
          messageIdHeader: '<m1@muster.test>',
          inReplyTo: null,
          references: [],
          providerSid: null,
          headers: {},
          statusHistory: [],
        }),
      'GET /api/v1/contacts': () =>
        json(200, { data: [{ id: GRETA, displayName: 'Greta Lindqvist' }], nextCursor: null, total: 1 }),
      [`POST /api/v1/messages/${MESSAGE_ID}/attach`]: () => json(200, { id: MESSAGE_ID, contactId: GRETA }),
    });
    const onSearchChange = vi.fn();
    await renderWithApp(
      <ConversationsPage search={{ filter: 'unmatched', message: MESSAGE_ID }} onSearchChange={onSearchChange} />,
      { session: makeSession() },
    );
    const row = await screen.findByTestId('inbox-row');
    expect(row).toHaveTextContent('Max Muster');
    expect(row).not.toHaveTextContent('max@muster.test');
    expect(row).toHaveTextContent('Unmatched');

    expect(await screen.findByText('No contact matches this sender')).toBeInTheDocument();
    await userEvent.type(screen.getAllByLabelText('Contact')[0]!, 'Gre');
    await userEvent.click(await screen.findByRole('option', { name: 'Greta Lindqvist' }));
    await userEvent.click(screen.getByRole('button', { name: 'Attach to contact' }));
    await waitFor(() => expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1));
    expect(requests.find((r) => r.method === 'POST')!.body).toEqual({ contactId: GRETA });
    await waitFor(() =>
      expect(onSearchChange).toHaveBeenCalledWith({ filter: undefined, message: undefined, contact: GRETA }),
    );
    expect(within(row).queryByRole('button')).toBeNull();
  });
});
