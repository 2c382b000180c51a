import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeFetch, json, makeSession, renderWithApp, type FakeRequest } from '../../../test/render.tsx';
import { CONTACT_ID, makeProfile, OWNER } from '../../contacts/record/testing/profile.ts';
import type { TaskDto } from './contactTasks.api.ts';
import { TasksTab } from './TasksTab.tsx';

const BEN = { id: '00000000-0000-4000-8000-000000000002', name: 'Ben Member' };

function task(overrides: Partial<TaskDto>): TaskDto {
  return {
    id: '0190a0b0-0000-7000-8000-0000000000a0',
    contactId: CONTACT_ID,
    contact: { id: CONTACT_ID, displayName: 'Lena Hoffmann' },
    title: 'Call back about the viewing',
    description: '',
    assignee: OWNER,
    dueAt: null,
    status: 'pending',
    overdue: false,
    completedAt: null,
    completedBy: null,
    createdBy: OWNER,
    version: 1,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    ...overrides,
  };
}

const overdue = task({
  id: '0190a0b0-0000-7000-8000-0000000000a1',
  title: 'Send the contract',
  dueAt: '2026-03-01T09:00:00.000Z',
  overdue: true,
});
const later = task({
  id: '0190a0b0-0000-7000-8000-0000000000a2',
  title: 'Plan the viewing',
  dueAt: '2099-03-01T09:00:00.000Z',
  assignee: BEN,
});

function server() {
  let tasks = [overdue, later];
  const requests = fakeFetch({
    [`GET /api/v1/contacts/${CONTACT_ID}/tasks`]: (req: FakeRequest) => {
      const status = new URL(req.path, 'http://x').searchParams.get('status');
      return json(200, { data: tasks.filter((t) => status === 'all' || t.status === status), nextCursor: null });
    },
    [`POST /api/v1/tasks/${overdue.id}/complete`]: () => {
      tasks = tasks.map((t) =>
        t.id === overdue.id
          ? { ...t, status: 'completed', overdue: false, completedAt: new Date().toISOString(), completedBy: OWNER }
          : t,
      );
      return json(200, tasks[0]);
    },
    'GET /api/v1/users': () =>
      json(200, {
        data: [
          { ...OWNER, email: 'ada@example.test', role: 'admin', status: 'active' },
          { ...BEN, email: 'ben@example.test', role: 'member', status: 'active' },
        ],
      }),
    [`POST /api/v1/tasks/${overdue.id}/reopen`]: () => {
      tasks = tasks.map((t) => (t.id === overdue.id ? overdue : t));
      return json(200, overdue);
    },
  });
  return requests;
}

beforeAll(() => {
  // Mantine's autosizing textarea listens for web fonts, which happy-dom does not have.
  if (!('fonts' in document)) {
    Object.defineProperty(document, 'fonts', {
      configurable: true,
      value: { addEventListener: () => undefined, removeEventListener: () => undefined },
    });
  }
});

describe('TasksTab', () => {
  it('highlights overdue tasks', async () => {
    server();
    await renderWithApp(<TasksTab contact={makeProfile()} />, { session: makeSession() });
    const rows = await screen.findAllByTestId('task');
    expect(rows).toHaveLength(2);
    const [first, second] = rows as [HTMLElement, HTMLElement];
    expect(first).toHaveAttribute('data-overdue');
    expect(within(first).getByText('Overdue')).toBeInTheDocument();
    expect(within(first).getByTestId('task-due')).toHaveTextContent(/^Due /);
    expect(second).not.toHaveAttribute('data-overdue');
    expect(within(second).queryByText('Overdue')).not.toBeInTheDocument();
    expect(within(second).getByText('Ben Member')).toBeInTheDocument();
  });

  it('completes a task with its checkbox; it moves to Completed and can be reopened', async () => {
    const requests = server();
    await renderWithApp(<TasksTab contact={makeProfile()} />, { session: makeSession() });
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Complete Send the contract' }));
    await waitFor(() => expect(screen.getAllByTestId('task')).toHaveLength(1));
    expect(requests.some((r) => r.method === 'POST' && r.path === `/api/v1/tasks/${overdue.id}/complete`)).toBe(true);
    expect(screen.queryByText('Send the contract')).not.toBeInTheDocument();

    await userEvent.click(screen.getByText('Completed'));
    const done = await screen.findByTestId('task');
    expect(done).toHaveAttribute('data-status', 'completed');
    expect(within(done).queryByText('Overdue')).not.toBeInTheDocument();
    expect(within(done).getByText(/Completed .* by Ada Admin/)).toBeInTheDocument();

    await userEvent.click(within(done).getByRole('checkbox', { name: 'Reopen Send the contract' }));
    expect(await screen.findByText('No completed tasks yet')).toBeInTheDocument();
  });

  it('prefills the contact’s owner as the assignee of a new task and says so', async () => {
    server();
    await renderWithApp(<TasksTab contact={makeProfile()} />, { session: makeSession() });
    await userEvent.click(await screen.findByRole('button', { name: 'Add task' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText("Defaults to the contact's owner")).toBeInTheDocument();
    expect(within(dialog).getByDisplayValue('Ada Admin (owner)')).toBeInTheDocument();
  });
});
