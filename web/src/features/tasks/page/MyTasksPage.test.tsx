import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, makeSession, renderWithApp } from '../../../test/render.tsx';
import type { TaskBucket, TaskDto } from './myTasks.api.ts';
import { MyTasksPage } from './MyTasksPage.tsx';

const ME = makeSession().user;
const MARIA = { ...ME, id: '00000000-0000-4000-8000-000000000002', name: 'Maria Keller', email: 'maria@example.test' };

let n = 0;
function task(title: string, over: Partial<TaskDto> = {}): TaskDto {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(100 + n).padStart(12, '0')}`,
    contactId: '00000000-0000-4000-8000-000000000900',
    contact: { id: '00000000-0000-4000-8000-000000000900', displayName: 'Lena Hoffmann' },
    title,
    description: '',
    assignee: { id: ME.id, name: ME.name },
    dueAt: null,
    status: 'pending',
    overdue: false,
    completedAt: null,
    completedBy: null,
    createdBy: null,
    version: 1,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    ...over,
  };
}

/** A tiny in-memory task list that answers the page's requests the way the server does. */
function serve(
  initial: Record<TaskBucket, TaskDto[]>,
  more: (buckets: Record<TaskBucket, TaskDto[]>) => Parameters<typeof fakeFetch>[0] = () => ({}),
) {
  const buckets = structuredClone(initial);
  const requests = fakeFetch({
    ...more(buckets),
    'GET /api/v1/tasks/summary': () =>
      json(200, Object.fromEntries(Object.entries(buckets).map(([b, list]) => [b, list.length]))),
    'GET /api/v1/tasks': (req) => {
      const bucket = new URL(req.path, 'http://x').searchParams.get('bucket') as TaskBucket;
      return json(200, { data: buckets[bucket], nextCursor: null });
    },
    'GET /api/v1/users': () => json(200, { data: [ME, MARIA] }),
    'GET /api/v1/contacts': () => json(200, { data: [], nextCursor: null, total: { value: 0, exact: true } }),
  });
  return { buckets, requests };
}

const none = (): Record<TaskBucket, TaskDto[]> => ({
  overdue: [],
  today: [],
  upcoming: [],
  no_date: [],
  completed: [],
});

describe('MyTasksPage', () => {
  it('shows each section with its count, its tasks and a kind word when it is empty', async () => {
    serve({
      ...none(),
      overdue: [
        task('Send the signed exposé', {
          dueAt: '2026-01-10T09:00:00.000Z',
          overdue: true,
          description: 'They asked for the PDF with floor plans.',
        }),
      ],
      upcoming: [task('Prepare the valuation', { dueAt: '2099-01-10T09:00:00.000Z' }), task('Quarterly check-in')],
      completed: [task('Book the photographer', { status: 'completed', completedAt: '2026-01-09T10:00:00.000Z' })],
    });
    await renderWithApp(<MyTasksPage />, { session: makeSession({ role: 'member' }) });

    const overdue = await screen.findByRole('region', { name: 'Overdue' });
    await within(overdue).findByText('Send the signed exposé');
    expect(within(overdue).getByLabelText('1 task')).toBeInTheDocument();
    expect(within(overdue).getByText('They asked for the PDF with floor plans.')).toBeInTheDocument();
    expect(within(overdue).getByRole('link', { name: 'Lena Hoffmann' })).toBeInTheDocument();
    // Overdue is highlighted: the row says so and the date is red.
    expect(within(overdue).getByTestId('task-row')).toHaveAttribute('data-overdue');

    const today = screen.getByRole('region', { name: 'Today' });
    await within(today).findByText('Nothing else due today.');
    expect(within(screen.getByRole('region', { name: 'Upcoming' })).getAllByTestId('task-row')).toHaveLength(2);
    await within(screen.getByRole('region', { name: 'No due date' })).findByText('Every open task has a due date.');
    const completed = screen.getByRole('region', { name: 'Completed' });
    await within(completed).findByText('Book the photographer');
    expect(within(completed).getByRole('checkbox', { name: 'Reopen “Book the photographer”' })).toBeChecked();
    expect(screen.getByText(/3 open tasks, 1 overdue/)).toBeInTheDocument();
    // Members see their own list only.
    expect(screen.queryByRole('combobox', { name: 'Show the tasks of' })).not.toBeInTheDocument();
  });

  it('completes a task with its checkbox and shows it under Completed', async () => {
    const call = task('Call back about the offer', { dueAt: '2099-01-01T15:00:00.000Z' });
    const { requests } = serve({ ...none(), today: [call] }, (buckets) => ({
      [`POST /api/v1/tasks/${call.id}/complete`]: () => {
        const done = { ...call, status: 'completed' as const, completedAt: new Date().toISOString() };
        buckets.today = [];
        buckets.completed = [done];
        return json(200, done);
      },
    }));
    await renderWithApp(<MyTasksPage />, { session: makeSession({ role: 'member' }) });

    const today = await screen.findByRole('region', { name: 'Today' });
    await userEvent.click(await within(today).findByRole('checkbox', { name: 'Complete “Call back about the offer”' }));

    await waitFor(() => expect(requests.some((r) => r.method === 'POST' && r.path.endsWith('/complete'))).toBe(true));
    const completed = screen.getByRole('region', { name: 'Completed' });
    await within(completed).findByText('Call back about the offer');
    await within(screen.getByRole('region', { name: 'Today' })).findByText('Nothing else due today.');
    expect(within(completed).getByRole('checkbox', { name: 'Reopen “Call back about the offer”' })).toBeChecked();
  });

  it('lets an admin look at a colleague’s tasks', async () => {
    const { requests } = serve(none());
    await renderWithApp(<MyTasksPage />, { session: makeSession() });
    await screen.findByText('No tasks yet');
    expect(requests.some((r) => r.path.startsWith('/api/v1/tasks/summary?assigneeId=me'))).toBe(true);

    await userEvent.click(screen.getByRole('combobox', { name: 'Show the tasks of' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Maria Keller' }));

    await screen.findByRole('heading', { name: 'Tasks' });
    await waitFor(() =>
      expect(requests.some((r) => r.path.startsWith(`/api/v1/tasks/summary?assigneeId=${MARIA.id}`))).toBe(true),
    );
    expect(await screen.findByText('No tasks here')).toBeInTheDocument();
  });
});
