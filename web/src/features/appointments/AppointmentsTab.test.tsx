import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { notifications } from '@mantine/notifications';
import { describe, expect, it, vi } from 'vitest';
import { fakeFetch, json, makeSession, renderWithApp } from '../../test/render.tsx';
import { CONTACT_ID, makeProfile, OWNER } from '../contacts/record/testing/profile.ts';
import type { AppointmentDto, CalendarDto } from './appointments.api.ts';
import { defaultCalendar } from './defaultCalendar.ts';
import { quickStatuses } from './appointmentStatus.ts';
import { AppointmentsTab } from './AppointmentsTab.tsx';

const HOUR = 3_600_000;

function appointment(overrides: Partial<AppointmentDto>): AppointmentDto {
  const start = Date.now() + 48 * HOUR;
  return {
    id: '0190a0b0-0000-7000-8000-0000000000d1',
    calendar: { id: '0190a0b0-0000-7000-8000-0000000000c1', name: 'Viewings', color: 'teal' },
    contact: { id: CONTACT_ID, displayName: 'Lena Hoffmann' },
    assignedUser: OWNER,
    title: 'Viewing at Elm Street',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + HOUR).toISOString(),
    location: '12 Elm Street, Hamburg',
    meetingUrl: null,
    description: '',
    status: 'scheduled',
    createdBy: OWNER,
    version: 3,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    ...overrides,
  };
}

describe('AppointmentsTab', () => {
  it('lists upcoming and past appointments and changes the status in one click', async () => {
    let upcoming = appointment({});
    const past = appointment({
      id: '0190a0b0-0000-7000-8000-0000000000d2',
      title: 'First call',
      startsAt: new Date(Date.now() - 72 * HOUR).toISOString(),
      endsAt: new Date(Date.now() - 71 * HOUR).toISOString(),
      location: null,
      meetingUrl: 'https://meet.example.com/abc',
    });
    const toast = vi.spyOn(notifications, 'show');
    const requests = fakeFetch({
      [`GET /api/v1/contacts/${CONTACT_ID}/appointments`]: () => json(200, { upcoming: [upcoming], past: [past] }),
      [`POST /api/v1/appointments/${upcoming.id}/status`]: () => {
        upcoming = { ...upcoming, status: 'confirmed', version: 4 };
        return json(200, { appointment: upcoming, warnings: [] });
      },
    });
    await renderWithApp(<AppointmentsTab contact={makeProfile()} />, { session: makeSession() });

    const cards = await screen.findAllByTestId('appointment');
    expect(cards).toHaveLength(2);
    const [next, earlier] = cards as [HTMLElement, HTMLElement];
    expect(within(next).getByTestId('appointment-status')).toHaveTextContent('Scheduled');
    expect(within(next).getByText('Viewings')).toBeInTheDocument();
    expect(within(next).getByRole('link', { name: /12 Elm Street/ })).toHaveAttribute(
      'href',
      expect.stringContaining('google.com/maps'),
    );
    expect(within(earlier).getByRole('link', { name: /Join meeting/ })).toHaveAttribute(
      'href',
      'https://meet.example.com/abc',
    );
    // An appointment that is over asks for its outcome.
    expect(within(earlier).getByRole('button', { name: 'Showed' })).toBeInTheDocument();
    expect(within(earlier).getByRole('button', { name: 'No-show' })).toBeInTheDocument();

    await userEvent.click(within(next).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(within(next).getByTestId('appointment-status')).toHaveTextContent('Confirmed'));
    const sent = requests.find((r) => r.method === 'POST')!;
    expect(sent.body).toEqual({ status: 'confirmed' });
    expect(sent.headers.get('if-match')).toBe('"3"');
    // A toast confirms the change and names the new status.
    expect(toast).toHaveBeenCalledWith(
      expect.objectContaining({ message: '“Viewing at Elm Street” is now: Confirmed', color: 'teal' }),
    );
  });

  it('does not offer Showed or No-show before the appointment starts, and says why', async () => {
    const a = appointment({ status: 'confirmed' });
    fakeFetch({ [`GET /api/v1/contacts/${CONTACT_ID}/appointments`]: () => json(200, { upcoming: [a], past: [] }) });
    await renderWithApp(<AppointmentsTab contact={makeProfile()} />, { session: makeSession() });
    const card = await screen.findByTestId('appointment');
    expect(within(card).queryByRole('button', { name: 'Showed' })).not.toBeInTheDocument();
    await userEvent.click(within(card).getByRole('button', { name: 'Set status' }));
    expect(await screen.findByRole('menuitem', { name: 'Showed' })).toBeDisabled();
    expect(screen.getByRole('menuitem', { name: 'No-show' })).toBeDisabled();
    expect(screen.getByRole('menuitem', { name: 'Scheduled' })).toBeEnabled();
    expect(screen.getByText(/can be set once the appointment has started/)).toBeInTheDocument();
  });

  it('asks before cancelling', async () => {
    let a = appointment({});
    const requests = fakeFetch({
      [`GET /api/v1/contacts/${CONTACT_ID}/appointments`]: () => json(200, { upcoming: [a], past: [] }),
      [`POST /api/v1/appointments/${a.id}/status`]: () => {
        a = { ...a, status: 'cancelled', version: 4 };
        return json(200, { appointment: a, warnings: [] });
      },
    });
    await renderWithApp(<AppointmentsTab contact={makeProfile()} />, { session: makeSession() });
    const card = await screen.findByTestId('appointment');
    await userEvent.click(within(card).getByRole('button', { name: 'Cancel' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Cancel this appointment?');
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel appointment' }));
    await waitFor(() => expect(within(card).getByTestId('appointment-status')).toHaveTextContent('Cancelled'));
    expect(requests.find((r) => r.method === 'POST')!.body).toEqual({ status: 'cancelled' });
  });

  it('invites a first booking', async () => {
    fakeFetch({ [`GET /api/v1/contacts/${CONTACT_ID}/appointments`]: () => json(200, { upcoming: [], past: [] }) });
    await renderWithApp(<AppointmentsTab contact={makeProfile()} />, { session: makeSession() });
    expect(await screen.findByText('No appointments yet')).toBeInTheDocument();
  });
});

describe('the calendar a new booking starts on', () => {
  const cal = (id: string, extra: Partial<CalendarDto>): CalendarDto =>
    ({ id, name: id, color: 'blue', owner: null, team: null, ...extra }) as CalendarDto;
  const me = { id: 'me', teamIds: ['t1'] };
  const calendars = [
    cal('Alpha team', { team: { id: 't1', name: 'T' } }),
    cal('Mine', { owner: { id: 'me', name: 'Me' } }),
    cal('Owner', { owner: { id: 'owner', name: 'Owner' } }),
  ];
  it('is the contact owner’s, else mine, else my team’s, else the first — never just the alphabetically first', () => {
    expect(defaultCalendar(calendars, { ownerId: 'owner', me })?.id).toBe('Owner');
    expect(defaultCalendar(calendars, { ownerId: 'nobody', me })?.id).toBe('Mine');
    expect(defaultCalendar([calendars[0]!, calendars[2]!], { ownerId: 'nobody', me })?.id).toBe('Alpha team');
    expect(defaultCalendar([calendars[2]!], { me: { id: 'x', teamIds: [] } })?.id).toBe('Owner');
  });
});

describe('quick status moves', () => {
  it('confirm before the start, record the outcome after it, nothing once settled', () => {
    expect(quickStatuses('scheduled', false)).toEqual(['confirmed']);
    expect(quickStatuses('confirmed', false)).toEqual([]);
    expect(quickStatuses('confirmed', true)).toEqual(['showed', 'no_show']);
    expect(quickStatuses('showed', true)).toEqual([]);
    expect(quickStatuses('cancelled', false)).toEqual([]);
  });
});
