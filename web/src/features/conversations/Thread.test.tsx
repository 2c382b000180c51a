import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, makeSession, renderWithApp } from '../../test/render.tsx';
import { CONTACT_ID, OWNER } from '../contacts/record/testing/profile.ts';
import { refusalFor } from './Composer.tsx';
import type { ChannelOptionsDto, MessageDto } from './conversations.api.ts';
import { Thread } from './Thread.tsx';

const contact = { id: CONTACT_ID, phones: [{ e164: '+4930123456', isPrimary: true }] };

function message(n: number, overrides: Partial<MessageDto>): MessageDto {
  return {
    id: `0190a0b0-0000-7000-8000-0000000001${String(n).padStart(2, '0')}`,
    contactId: CONTACT_ID,
    channel: 'email',
    direction: 'outbound',
    status: 'sent',
    from: null,
    to: [],
    cc: [],
    subject: null,
    bodyText: '',
    bodyHtml: null,
    author: OWNER,
    mentionedUsers: [],
    attachments: [],
    call: null,
    scheduledAt: null,
    sentAt: null,
    receivedAt: null,
    openCount: 0,
    openedAt: null,
    clickCount: 0,
    clickedAt: null,
    errorCode: null,
    errorMessage: null,
    createdAt: `2026-03-0${n}T10:00:00.000Z`,
    ...overrides,
  };
}

const thread = [
  message(1, {
    subject: 'Offer for Lindenstraße 4',
    bodyHtml: '<p>Please find the <strong>offer</strong> attached.</p><script>alert(1)</script>',
    bodyText: 'Please find the offer attached.',
    to: ['greta@example.test'],
    openCount: 2,
    openedAt: '2026-03-01T12:00:00.000Z',
    attachments: [
      {
        id: '0190a0b0-0000-7000-8000-0000000000f1',
        filename: 'offer.pdf',
        size: 2048,
        contentType: 'application/pdf',
        url: '/api/v1/files/0190a0b0-0000-7000-8000-0000000000f1',
      },
    ],
  }),
  message(2, {
    channel: 'email',
    direction: 'inbound',
    status: 'received',
    author: null,
    from: 'Greta Lindqvist <greta@example.test>',
    subject: 'Re: Offer for Lindenstraße 4',
    bodyText: 'Looks good, thanks!',
  }),
  message(3, { channel: 'sms', bodyText: 'See you at 11', to: ['+4930123456'], status: 'delivered' }),
  message(4, {
    channel: 'call',
    direction: 'outbound',
    status: 'logged',
    bodyText: 'Talked about financing',
    call: { durationSeconds: 185, outcome: 'answered', recordingUrl: 'https://rec.example.test/1' },
  }),
  message(5, {
    channel: 'comment',
    direction: 'internal',
    status: 'logged',
    bodyHtml: '<p>Ask the bank first</p>',
    bodyText: 'Ask the bank first',
  }),
  message(6, {
    channel: 'whatsapp',
    status: 'scheduled',
    bodyText: 'Reminder: viewing tomorrow',
    scheduledAt: '2026-03-09T08:00:00.000Z',
  }),
];

const address = (a: string, refusal: string | null = null, primary = true) => ({ address: a, primary, refusal });
const allClear: ChannelOptionsDto = {
  email: { refusal: null, addresses: [address('greta@example.test')] },
  sms: {
    refusal: null,
    addresses: [address('+4930123456', 'sms_not_allowed'), address('+4915112345678', null, false)],
  },
  whatsapp: { refusal: 'channel_not_configured', addresses: [address('+4930123456')] },
};

function routes(channels: ChannelOptionsDto = allClear) {
  return {
    [`GET /api/v1/contacts/${CONTACT_ID}/messages`]: () => json(200, { data: thread, nextCursor: null }),
    [`GET /api/v1/contacts/${CONTACT_ID}/messages/channels`]: () => json(200, channels),
    'GET /api/v1/message-templates': () => json(200, { data: [] }),
    'GET /api/v1/users': () => json(200, { data: [] }),
  };
}

describe('Thread', () => {
  it('renders every kind of message newest last, with its marks, and without unsafe markup', async () => {
    fakeFetch(routes());
    const { container } = await renderWithApp(<Thread contact={contact} />, { session: makeSession() });
    const items = await screen.findAllByTestId('thread-message');
    expect(items.map((i) => i.dataset.channel)).toEqual(['email', 'email', 'sms', 'call', 'comment', 'whatsapp']);

    const email = items[0]!;
    expect(within(email).getByTestId('message-subject')).toHaveTextContent('Offer for Lindenstraße 4');
    expect(within(email).getByText('offer').tagName).toBe('STRONG');
    expect(container.querySelector('script')).toBeNull();
    expect(within(email).getByRole('link', { name: /offer\.pdf/ })).toHaveAttribute(
      'href',
      '/api/v1/files/0190a0b0-0000-7000-8000-0000000000f1',
    );
    expect(within(email).getByText(/Opened 2 times/)).toBeInTheDocument();

    // An inbound email shows its sender's name and can be answered.
    expect(within(items[1]!).getByText('Greta Lindqvist')).toBeInTheDocument();
    expect(within(items[1]!).getByRole('button', { name: 'Reply' })).toBeInTheDocument();
    expect(items[1]!.dataset.direction).toBe('inbound');

    expect(within(items[2]!).getByText('Delivered')).toBeInTheDocument();
    const call = items[3]!;
    expect(call).toHaveTextContent('Outgoing call');
    expect(call).toHaveTextContent('Answered');
    expect(call).toHaveTextContent('3:05');
    expect(within(call).getByRole('link', { name: 'Listen to the recording' })).toHaveAttribute(
      'href',
      'https://rec.example.test/1',
    );
    expect(within(items[4]!).getByText('Internal')).toBeInTheDocument();
    // A scheduled message says when it goes and can be cancelled.
    expect(within(items[5]!).getByText(/^Sends /)).toBeInTheDocument();
    expect(within(items[5]!).getByRole('button', { name: 'Cancel send' })).toBeInTheDocument();
  });

  it('cancels a scheduled send, and shows a message’s details: addresses, status history, headers', async () => {
    const scheduled = thread[5]!;
    let cancelled = false;
    const requests = fakeFetch({
      ...routes(),
      [`GET /api/v1/contacts/${CONTACT_ID}/messages`]: () =>
        json(200, {
          data: thread.map((m) => (cancelled && m.id === scheduled.id ? { ...m, status: 'cancelled' } : m)),
          nextCursor: null,
        }),
      [`POST /api/v1/messages/${scheduled.id}/cancel`]: () => {
        cancelled = true;
        return json(200, { ...scheduled, status: 'cancelled' });
      },
      [`GET /api/v1/messages/${thread[1]!.id}`]: () =>
        json(200, {
          ...thread[1]!,
          messageIdHeader: 'reply-1@mail.example.test',
          inReplyTo: 'offer-1@dossier.example.test',
          references: ['offer-1@dossier.example.test'],
          providerSid: null,
          headers: { 'x-dossier-received-via': 'smtp', 'content-language': 'sv' },
          statusHistory: [{ status: 'received', at: '2026-03-02T10:00:00.000Z' }],
        }),
    });
    const user = userEvent.setup();
    await renderWithApp(<Thread contact={contact} />, { session: makeSession() });
    const items = await screen.findAllByTestId('thread-message');

    await user.click(within(items[5]!).getByRole('button', { name: 'Cancel send' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST' && r.path.endsWith('/cancel'))).toBe(true));
    const after = await waitFor(() => {
      const item = screen.getAllByTestId('thread-message')[5]!;
      expect(item).toHaveTextContent('Cancelled');
      return item;
    });
    expect(within(after).queryByRole('button', { name: 'Cancel send' })).toBeNull();

    await user.click(within(screen.getAllByTestId('thread-message')[1]!).getByTitle('Show details'));
    const drawer = await screen.findByRole('dialog', { name: 'Message details' });
    expect(await within(drawer).findByText('reply-1@mail.example.test')).toBeInTheDocument();
    expect(within(drawer).getByText('offer-1@dossier.example.test')).toBeInTheDocument();
    expect(within(drawer).getByText('Greta Lindqvist <greta@example.test>')).toBeInTheDocument();
    expect(within(drawer).getByText('Status history')).toBeInTheDocument();
    expect(within(drawer).getAllByText('Received').length).toBeGreaterThan(0);
    expect(within(drawer).getByText('x-dossier-received-via')).toBeInTheDocument();
    expect(within(drawer).getByText('smtp')).toBeInTheDocument();
  });

  it('explains a refusal in place before sending, and follows the channel and recipient', async () => {
    const requests = fakeFetch(routes());
    await renderWithApp(<Thread contact={contact} request={{ channel: 'sms', n: 1 }} />, {
      session: makeSession(),
    });
    const composer = await screen.findByTestId('composer');
    // The primary number is a landline: the refusal says so before anything is written.
    const refusal = await within(composer).findByTestId('composer-refusal');
    expect(refusal.dataset.code).toBe('sms_not_allowed');
    expect(refusal).toHaveTextContent('This number can’t receive texts');
    expect(within(composer).getByRole('button', { name: 'Send' })).toBeDisabled();

    // Another of the contact's numbers can: the refusal goes, a text can be written and sent.
    await userEvent.click(within(composer).getAllByLabelText('To')[0]!);
    await userEvent.click(await screen.findByRole('option', { name: '+4915112345678' }));
    await waitFor(() => expect(within(composer).queryByTestId('composer-refusal')).toBeNull());
    await userEvent.type(within(composer).getByRole('textbox', { name: 'Message' }), 'Hello');
    expect(within(composer).getByRole('button', { name: 'Send' })).toBeEnabled();

    // WhatsApp has no provider: an admin is offered the channel settings.
    await userEvent.click(within(composer).getByRole('radio', { name: 'WhatsApp' }));
    const notConfigured = await within(composer).findByTestId('composer-refusal');
    expect(notConfigured.dataset.code).toBe('channel_not_configured');
    expect(notConfigured).toHaveTextContent('WhatsApp isn’t set up yet');
    expect(within(notConfigured).getByRole('link', { name: 'Open the channel settings' })).toHaveAttribute(
      'href',
      '/settings/channels',
    );
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('tells a member to ask an administrator, and logs a call', async () => {
    const requests = fakeFetch({
      ...routes({ ...allClear, email: { refusal: 'channel_not_configured', addresses: [] } }),
      [`POST /api/v1/contacts/${CONTACT_ID}/messages`]: () => json(201, thread[3]),
    });
    await renderWithApp(<Thread contact={contact} />, { session: makeSession({ role: 'member' }) });
    const composer = await screen.findByTestId('composer');
    const refusal = await within(composer).findByTestId('composer-refusal');
    expect(refusal).toHaveTextContent('Ask an administrator');
    expect(within(refusal).queryByRole('link')).toBeNull();

    await userEvent.click(within(composer).getByRole('radio', { name: 'Log call' }));
    expect(within(composer).queryByTestId('composer-refusal')).toBeNull();
    await userEvent.type(within(composer).getByRole('textbox', { name: 'What was said?' }), 'Left a message');
    await userEvent.click(within(composer).getByRole('button', { name: 'Log call' }));
    await waitFor(() => expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1));
    expect(requests.find((r) => r.method === 'POST')!.body).toMatchObject({
      channel: 'call',
      direction: 'outbound',
      outcome: 'answered',
      notes: 'Left a message',
      phone: '+4930123456',
    });
  });
});

describe('Thread on the contact page', () => {
  it('marks the thread read once a message from the contact shows', async () => {
    const requests = fakeFetch({
      ...routes(),
      [`PATCH /api/v1/conversations/${CONTACT_ID}`]: () => json(200, {}),
    });
    await renderWithApp(<Thread contact={contact} markRead />, { session: makeSession() });
    await screen.findAllByTestId('thread-message');
    await waitFor(() => expect(requests.filter((r) => r.method === 'PATCH')).toHaveLength(1));
    expect(requests.find((r) => r.method === 'PATCH')!.body).toEqual({ unread: false });
  });
});

describe('refusalFor', () => {
  it('prefers the channel refusal, then the chosen address’s, and never refuses comments or calls', () => {
    expect(refusalFor(allClear, 'whatsapp', '+4930123456')).toBe('channel_not_configured');
    expect(refusalFor(allClear, 'sms', '+4930123456')).toBe('sms_not_allowed');
    expect(refusalFor(allClear, 'sms', '+4915112345678')).toBeNull();
    expect(refusalFor(allClear, 'comment', null)).toBeNull();
    expect(refusalFor(allClear, 'call', null)).toBeNull();
  });
});
