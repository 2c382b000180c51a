// The Appointments tab: upcoming and past appointments with the contact, each with its time, calendar, assigned
// user, place or link and status — and the status moves (Confirm, Showed, No-show, Cancel) one click away.
import { Button, EmptyState, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCalendarEvent, IconCalendarPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { timeZoneLabel } from '../../lib/format.ts';
import { useUserZone } from '../auth/useSession.ts';
import type { ContactProfileDto as ContactProfile } from '@dossier/contract';
import { AppointmentCard } from './AppointmentCard.tsx';
import { AppointmentFormModal } from './AppointmentFormModal.tsx';
import { contactAppointmentsQuery, type AppointmentDto } from './appointments.api.ts';

const PAST_SHOWN = 5;

export function AppointmentsTab({ contact }: { contact: ContactProfile }) {
  const { t } = useTranslation();
  const appointments = useQuery(contactAppointmentsQuery(contact.id));
  const [editing, setEditing] = useState<AppointmentDto | 'new' | null>(null);
  const [allPast, setAllPast] = useState(false);
  const readOnly = contact.archivedAt !== null;
  const zone = useUserZone();

  const book = () => setEditing('new');

  let body;
  if (appointments.isPending) body = <LoadingRows rows={4} />;
  else if (appointments.isError) body = <LoadError error={appointments.error} onRetry={() => appointments.refetch()} />;
  else {
    const { upcoming, past } = appointments.data;
    const shownPast = allPast ? past : past.slice(0, PAST_SHOWN);
    body =
      upcoming.length === 0 && past.length === 0 ? (
        <Paper withBorder py={44} px="md">
          <EmptyState
            icon={<IconCalendarEvent size={26} stroke={1.6} />}
            variant="light"
            title={t('appointments.tab.emptyTitle')}
            description={t('appointments.tab.emptyText', { name: contact.displayName })}
          >
            {!readOnly && (
              <EmptyState.Actions>
                <Button leftSection={<IconCalendarPlus size={16} />} onClick={book}>
                  {t('appointments.book')}
                </Button>
              </EmptyState.Actions>
            )}
          </EmptyState>
        </Paper>
      ) : (
        <Stack gap="lg">
          <Stack gap="xs" component="section" aria-labelledby="appointments-upcoming">
            <Title order={3} fz="sm" fw={600} c="dimmed" tt="uppercase" id="appointments-upcoming" lts={0.4}>
              {t('appointments.tab.upcoming', { count: upcoming.length })}
            </Title>
            {upcoming.length === 0 ? (
              <Paper withBorder p="md">
                <Group gap="xs" justify="space-between">
                  <Text size="sm" c="dimmed">
                    {t('appointments.tab.nothingAhead')}
                  </Text>
                  {!readOnly && (
                    <Button variant="subtle" size="compact-sm" onClick={book}>
                      {t('appointments.tab.bookNext')}
                    </Button>
                  )}
                </Group>
              </Paper>
            ) : (
              upcoming.map((a) => (
                <AppointmentCard
                  key={a.id}
                  appointment={a}
                  contactId={contact.id}
                  readOnly={readOnly}
                  onEdit={setEditing}
                />
              ))
            )}
          </Stack>
          {past.length > 0 && (
            <Stack gap="xs" component="section" aria-labelledby="appointments-past">
              <Title order={3} fz="sm" fw={600} c="dimmed" tt="uppercase" id="appointments-past" lts={0.4}>
                {t('appointments.tab.past', { count: past.length })}
              </Title>
              {shownPast.map((a) => (
                <AppointmentCard
                  key={a.id}
                  appointment={a}
                  contactId={contact.id}
                  readOnly={readOnly}
                  onEdit={setEditing}
                />
              ))}
              {past.length > PAST_SHOWN && (
                <Button
                  variant="subtle"
                  size="xs"
                  onClick={() => setAllPast((v) => !v)}
                  style={{ alignSelf: 'center' }}
                >
                  {allPast
                    ? t('appointments.tab.showFewer')
                    : t('appointments.tab.showAllPast', { count: past.length })}
                </Button>
              )}
            </Stack>
          )}
        </Stack>
      );
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" gap="sm">
        <Text size="sm" c="dimmed">
          {readOnly
            ? t('appointments.tab.archived')
            : t('appointments.timesIn', { zone: timeZoneLabel(zone.timeZone) })}
        </Text>
        {!readOnly && (
          <Button leftSection={<IconCalendarPlus size={16} />} onClick={book}>
            {t('appointments.book')}
          </Button>
        )}
      </Group>
      {body}
      <AppointmentFormModal
        contact={contact}
        appointment={editing && editing !== 'new' ? editing : undefined}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
    </Stack>
  );
}
