import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, makeSession, renderWithApp } from '../../test/render.tsx';
import type { NotificationDto } from './notifications.api.ts';
import { NotificationBell } from './NotificationBell.tsx';
import { notificationHref } from './notifications.api.ts';

const CONTACT = { id: '0190a0b0-0000-7000-8000-000000000c01', displayName: 'Greta Lindqvist' };

const mention: NotificationDto = {
  id: '0190a0b0-0000-7000-8000-000000000a01',
  kind: 'mentioned',
  title: 'Ada Admin mentioned you in a note on Greta Lindqvist',
  body: 'Call summary: she wants a viewing next week',
  link: `/contacts/${CONTACT.id}`,
  contact: CONTACT,
  actor: { type: 'user', id: null, label: 'Ada Admin' },
  entryId: null,
  createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
  readAt: null,
};

const older: NotificationDto = {
  ...mention,
  id: '0190a0b0-0000-7000-8000-000000000a02',
  kind: 'task_assigned',
  title: 'Ada Admin assigned you a task: Send the contract',
  body: 'On Greta Lindqvist',
  createdAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
  readAt: new Date().toISOString(),
};

describe('NotificationBell', () => {
  it('shows the unread count, lists notifications and marks one read on click', async () => {
    let unread = 1;
    const requests = fakeFetch({
      'GET /api/v1/notifications/unread-count': () => json(200, { count: unread }),
      'GET /api/v1/notifications': () =>
        json(200, {
          data: [{ ...mention, readAt: unread ? null : new Date().toISOString() }, older],
          nextCursor: null,
        }),
      [`POST /api/v1/notifications/${mention.id}/read`]: () => {
        unread = 0;
        return json(200, { ...mention, readAt: new Date().toISOString() });
      },
    });
    const { router } = await renderWithApp(<NotificationBell />, { session: makeSession() });

    const bell = await screen.findByRole('button', { name: 'Notifications, 1 unread' });
    await userEvent.click(bell);
    const panel = await screen.findByRole('dialog', { name: 'Notifications' });
    expect(within(panel).getByText('1 unread')).toBeInTheDocument();
    const items = await within(panel).findAllByTestId('notification');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveAttribute('data-unread');
    expect(items[1]).not.toHaveAttribute('data-unread');
    expect(within(items[0]!).getByText('Greta Lindqvist')).toBeInTheDocument();
    expect(within(items[0]!).getByRole('link')).toHaveAttribute('href', `/contacts/${CONTACT.id}?tab=notes`);

    await userEvent.click(within(items[0]!).getByText(mention.title));
    await waitFor(() =>
      expect(requests.some((r) => r.method === 'POST' && r.path.endsWith(`${mention.id}/read`))).toBe(true),
    );
    // It went where the notification points (the test router shows other pages as "Elsewhere").
    expect(await screen.findByText('Elsewhere')).toBeInTheDocument();
    expect(router.state.location.href).toBe(`/contacts/${CONTACT.id}?tab=notes`);
  });

  it('marks all read and says so when nothing is left', async () => {
    let all = [mention];
    fakeFetch({
      'GET /api/v1/notifications/unread-count': () => json(200, { count: all.filter((n) => !n.readAt).length }),
      'GET /api/v1/notifications': () => json(200, { data: all, nextCursor: null }),
      'POST /api/v1/notifications/read-all': () => {
        all = all.map((n) => ({ ...n, readAt: new Date().toISOString() }));
        return json(200, { updated: 1 });
      },
    });
    await renderWithApp(<NotificationBell />, { session: makeSession() });
    await userEvent.click(await screen.findByRole('button', { name: 'Notifications, 1 unread' }));
    const markAll = await screen.findByRole('button', { name: 'Mark all read' });
    await userEvent.click(markAll);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Mark all read' })).toBeDisabled());
    expect(screen.getByRole('button', { name: 'Notifications' })).toBeInTheDocument();
  });

  it('has an empty state', async () => {
    fakeFetch({
      'GET /api/v1/notifications/unread-count': () => json(200, { count: 0 }),
      'GET /api/v1/notifications': () => json(200, { data: [], nextCursor: null }),
    });
    await renderWithApp(<NotificationBell />, { session: makeSession() });
    await userEvent.click(await screen.findByRole('button', { name: 'Notifications' }));
    expect(await screen.findByText("You're all caught up")).toBeInTheDocument();
  });
});

describe('notificationHref', () => {
  it('opens the contact page on the tab the notification is about', () => {
    expect(notificationHref({ kind: 'task_due', link: `/contacts/${CONTACT.id}` })).toBe(
      `/contacts/${CONTACT.id}?tab=tasks`,
    );
    expect(notificationHref({ kind: 'owner_changed', link: `/contacts/${CONTACT.id}` })).toBe(
      `/contacts/${CONTACT.id}`,
    );
    expect(notificationHref({ kind: 'owner_changed', link: '/contacts' })).toBe('/contacts');
    expect(notificationHref({ kind: 'mentioned', link: null })).toBeNull();
  });
});
