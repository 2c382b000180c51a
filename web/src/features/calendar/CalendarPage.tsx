// The calendar: a week or a day of appointments in the user's time zone, filtered by calendar and by user.
// Click an appointment to act on it; click or drag on free time to book one.
import { ActionIcon, Alert, Box, Button, Drawer, Group, Loader, SegmentedControl, Text, Tooltip } from '@mantine/core';
import { useDisclosure, useLocalStorage, useMediaQuery } from '@mantine/hooks';
import { IconCalendarPlus, IconChevronLeft, IconChevronRight, IconInfoCircle, IconStack2 } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { Page } from '../../components/Page.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/QueryStatus.tsx';
import { useSession, useUserZone } from '../auth/useSession.ts';
import { AppointmentDrawer } from './AppointmentDrawer.tsx';
import { BookAppointmentModal, type BookingRequest } from './BookAppointmentModal.tsx';
import { defaultCalendar } from '../appointments/defaultCalendar.ts';
import { appointmentsQuery, calendarsQuery, type AppointmentDto } from './calendar.api.ts';
import classes from './CalendarPage.module.css';
import { CalendarsPanel } from './CalendarsPanel.tsx';
import { CalendarTabs } from './CalendarTabs.tsx';
import { WeekGrid } from './grid/WeekGrid.tsx';
import { UserSelect } from './pickers.tsx';
import type { CalendarSearch, CalendarView } from './search.ts';
import {
  addDays,
  formatLocalDate,
  localDateOf,
  minutesOfDay,
  startOfWeek,
  zonedInstant,
  type LocalDate,
} from '../../lib/zoned.ts';

const EVERYONE = 'everyone';

/** The current time, refreshed every minute so the now-line moves and "today" turns over at midnight. */
export function useNow(intervalMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function CalendarPage({ search }: { search: CalendarSearch }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const { user: me } = useSession();
  const navigate = useNavigate();
  const now = useNow();
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [panelOpened, panel] = useDisclosure(false);
  const [hidden, setHidden] = useLocalStorage<string[]>({
    // Per user: people who share a browser keep their own choice.
    key: `dossier-calendar-hidden:${me.id}`,
    defaultValue: [],
    getInitialValueInEffect: false,
  });
  const [booking, setBooking] = useState<BookingRequest | null>(null);
  const [openAppointment, setOpenAppointment] = useState<AppointmentDto | null>(null);

  const today = localDateOf(now, zone.timeZone);
  const view: CalendarView = search.view ?? (phone ? 'day' : 'week');
  const anchor = search.date ?? today;
  const first = view === 'week' ? startOfWeek(anchor) : anchor;
  const days: LocalDate[] = Array.from({ length: view === 'week' ? 7 : 1 }, (_, i) => addDays(first, i));
  const from = zonedInstant(first, 0, zone.timeZone).toISOString();
  const to = zonedInstant(addDays(first, days.length), 0, zone.timeZone).toISOString();

  const calendars = useQuery(calendarsQuery);
  const appointments = useQuery({
    ...appointmentsQuery({ from, to, userId: search.user }),
    placeholderData: (previous) => previous,
  });
  const shown = (appointments.data?.data ?? []).filter((a) => !hidden.includes(a.calendar.id));
  // The open appointment follows the list, so a status change shows as soon as the list refetches.
  const current = openAppointment
    ? ((appointments.data?.data ?? []).find((a) => a.id === openAppointment.id) ?? openAppointment)
    : null;

  const go = (next: Partial<CalendarSearch>) => void navigate({ to: '/calendar', search: { ...search, ...next } });
  const step = view === 'week' ? 7 : 1;

  const visibleCalendars = (calendars.data ?? []).filter((c) => !hidden.includes(c.id));
  const bookOn = defaultCalendar(visibleCalendars, { me }) ?? defaultCalendar(calendars.data ?? [], { me });

  const book = (range?: { start: Date; end: Date }) => {
    let start = range?.start;
    let end = range?.end;
    if (!start || !end) {
      // The next full hour today when today is shown, else 9:00 on the first day shown.
      const day = days.includes(today) ? today : first;
      const minutes =
        day === today ? Math.min(23 * 60, (Math.floor(minutesOfDay(now, zone.timeZone) / 60) + 1) * 60) : 9 * 60;
      start = zonedInstant(day, minutes, zone.timeZone);
      end = new Date(start.getTime() + 60 * 60_000);
    }
    setBooking({ start, end, calendar: bookOn, userId: search.user ?? me.id });
  };

  const rangeLabel =
    view === 'week'
      ? formatRange(days[0]!, days[6]!, zone.locale)
      : formatLocalDate(first, zone.locale, {
          weekday: phone ? 'short' : 'long',
          day: 'numeric',
          month: phone ? 'short' : 'long',
          year: 'numeric',
        });

  const panelContent = (
    <CalendarsPanel
      hidden={hidden}
      onToggle={(id, visible) => setHidden((h) => (visible ? h.filter((x) => x !== id) : [...h, id]))}
      onShowOnly={(ids) => setHidden((calendars.data ?? []).map((c) => c.id).filter((id) => !ids.includes(id)))}
    />
  );

  return (
    <Page size={1680}>
      <PageHeader
        title={t('calendar.title')}
        description={t('calendar.description', { zone: zone.timeZone.replaceAll('_', ' ') })}
        actions={
          <Button leftSection={<IconCalendarPlus size={16} />} onClick={() => book()}>
            {t('appointments.book')}
          </Button>
        }
      />
      <CalendarTabs active="calendar" />
      <div className={classes.layout}>
        <Box component="aside" visibleFrom="md" className={classes.side} aria-label={t('calendar.calendars')}>
          {panelContent}
        </Box>
        <section className={classes.main} aria-label={t('calendar.appointments')}>
          <Group justify="space-between" gap="sm" mb="sm" wrap="wrap">
            <Group gap={6} wrap="nowrap">
              <Button variant="default" size="sm" onClick={() => go({ date: today })} disabled={days.includes(today)}>
                {t('calendar.today')}
              </Button>
              <Tooltip label={view === 'week' ? t('calendar.previousWeek') : t('calendar.previousDay')}>
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={view === 'week' ? t('calendar.previousWeek') : t('calendar.previousDay')}
                  onClick={() => go({ date: addDays(first, -step) })}
                >
                  <IconChevronLeft size={18} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={view === 'week' ? t('calendar.nextWeek') : t('calendar.nextDay')}>
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={view === 'week' ? t('calendar.nextWeek') : t('calendar.nextDay')}
                  onClick={() => go({ date: addDays(first, step) })}
                >
                  <IconChevronRight size={18} />
                </ActionIcon>
              </Tooltip>
              <Text fw={600} size="lg" ml={4} aria-live="polite" className={classes.range}>
                {rangeLabel}
              </Text>
              {appointments.isFetching && <Loader size="xs" aria-label={t('calendar.loading')} />}
            </Group>
            <Group gap="sm" wrap="wrap">
              <Tooltip label={t('calendar.calendars')}>
                <ActionIcon
                  variant="default"
                  size="lg"
                  hiddenFrom="md"
                  aria-label={t('calendar.calendars')}
                  onClick={panel.open}
                >
                  <IconStack2 size={18} />
                </ActionIcon>
              </Tooltip>
              <UserSelect
                aria-label={t('calendar.showAppointmentsOf')}
                value={search.user ?? EVERYONE}
                onChange={(id) => go({ user: !id || id === EVERYONE ? undefined : id })}
                extraOptions={[{ value: EVERYONE, label: t('calendar.everyone') }]}
                allowDeselect={false}
                w={{ base: 150, sm: 200 }}
                comboboxProps={{ withinPortal: true }}
              />
              <SegmentedControl
                aria-label={t('calendar.view')}
                value={view}
                onChange={(v) => go({ view: v as CalendarView })}
                data={[
                  { value: 'week', label: t('calendar.week') },
                  { value: 'day', label: t('calendar.day') },
                ]}
              />
            </Group>
          </Group>
          {appointments.isError ? (
            <Box mb="sm">
              <LoadError error={appointments.error} onRetry={() => appointments.refetch()} />
            </Box>
          ) : appointments.data?.truncated ? (
            <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} />} mb="sm">
              {t('calendar.truncated')}
            </Alert>
          ) : null}
          {calendars.data && calendars.data.length > 0 && visibleCalendars.length === 0 && (
            <Alert color="gray" variant="light" icon={<IconInfoCircle size={18} />} mb="sm">
              {t('calendar.allHidden')}
            </Alert>
          )}
          <WeekGrid
            days={days}
            appointments={shown}
            zone={zone}
            now={now}
            onSlotSelect={book}
            onOpen={setOpenAppointment}
            height="max(26rem, calc(100dvh - 17rem))"
          />
        </section>
      </div>

      <Drawer
        opened={panelOpened}
        onClose={panel.close}
        title={<Text fw={600}>{t('calendar.calendars')}</Text>}
        size="xs"
      >
        {panelContent}
      </Drawer>
      <BookAppointmentModal request={booking} onClose={() => setBooking(null)} />
      <AppointmentDrawer appointment={current} onClose={() => setOpenAppointment(null)} />
    </Page>
  );
}

function formatRange(from: LocalDate, to: LocalDate, locale: string): string {
  const noon = (d: LocalDate) => new Date(`${d}T12:00:00Z`);
  const format = new Intl.DateTimeFormat(locale || 'en', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return format.formatRange(noon(from), noon(to));
}
