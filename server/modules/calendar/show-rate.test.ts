import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertContact } from '../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const day = (d: number, hour = 10) => new Date(Date.UTC(2026, 2, d, hour)).toISOString();

describe('show-rate report', () => {
  it('counts outcomes per calendar and per user over appointments starting in the range', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria');
    const demos = (await admin.post('/api/v1/calendars', { name: 'Demos' })).json();
    const visits = (await admin.post('/api/v1/calendars', { name: 'Visits', ownerUserId: maria.user.id })).json();
    const contact = await insertContact(t, admin);
    const book = async (calendarId: string, d: number, status: string) => {
      const appt = (
        await admin.post(`/api/v1/contacts/${contact.id}/appointments`, {
          calendarId,
          title: `${status} ${d}`,
          startsAt: day(d),
          endsAt: day(d, 11),
        })
      ).json().appointment;
      if (status !== 'scheduled') await admin.post(`/api/v1/appointments/${appt.id}/status`, { status });
    };
    // Demos: 3 showed, 1 no-show, 1 cancelled, 1 scheduled → 75 %.
    for (const [d, s] of [
      [2, 'showed'],
      [3, 'showed'],
      [4, 'showed'],
      [5, 'no_show'],
      [6, 'cancelled'],
      [7, 'scheduled'],
    ] as const)
      await book(demos.id, d, s);
    // Visits: only a confirmed and a cancelled one → no rate yet.
    await book(visits.id, 8, 'confirmed');
    await book(visits.id, 9, 'cancelled');
    // Outside the range.
    await book(demos.id, 20, 'no_show');
    await book(visits.id, 1, 'showed');

    const byCalendar = await admin.get(`/api/v1/reports/show-rate?from=${day(2, 0)}&to=${day(15, 0)}&groupBy=calendar`);
    expect(byCalendar.statusCode).toBe(200);
    expect(byCalendar.json()).toEqual({
      groupBy: 'calendar',
      from: day(2, 0),
      to: day(15, 0),
      rows: [
        {
          id: demos.id,
          name: 'Demos',
          showed: 3,
          noShow: 1,
          cancelled: 1,
          scheduled: 1,
          confirmed: 0,
          total: 6,
          showRate: 0.75,
        },
        {
          id: visits.id,
          name: 'Visits',
          showed: 0,
          noShow: 0,
          cancelled: 1,
          scheduled: 0,
          confirmed: 1,
          total: 2,
          showRate: null,
        },
      ],
      totals: { showed: 3, noShow: 1, cancelled: 2, scheduled: 1, confirmed: 1, total: 8, showRate: 0.75 },
    });

    const byUser = (
      await admin.get(`/api/v1/reports/show-rate?from=${day(1, 0)}&to=${day(31, 0)}&groupBy=user`)
    ).json();
    const rows = Object.fromEntries(byUser.rows.map((r: { name: string }) => [r.name, r]));
    expect(rows[admin.user.name]).toMatchObject({ id: admin.user.id, showed: 3, noShow: 2, total: 7, showRate: 0.6 });
    expect(rows.Maria).toMatchObject({ id: maria.user.id, showed: 1, noShow: 0, total: 3, showRate: 1 });
    expect(byUser.totals).toMatchObject({ showed: 4, noShow: 2, total: 10 });

    const empty = (await admin.get(`/api/v1/reports/show-rate?from=${day(25, 0)}&to=${day(26, 0)}`)).json();
    expect(empty.rows).toEqual([]);
    expect(empty.totals.showRate).toBeNull();
    expect((await admin.get(`/api/v1/reports/show-rate?from=${day(5)}&to=${day(2)}`)).statusCode).toBe(400);
    expect((await admin.get(`/api/v1/reports/show-rate?from=${day(1)}&to=${day(5)}&groupBy=team`)).statusCode).toBe(
      400,
    );

    // Another workspace sees none of it.
    const other = await t.signup();
    const theirs = (await other.get(`/api/v1/reports/show-rate?from=${day(1, 0)}&to=${day(31, 0)}`)).json();
    expect(theirs.rows).toEqual([]);
    expect(theirs.totals.total).toBe(0);
  });
});
