// "Book appointment": a new appointment for a contact, prefilled with the time picked on the grid.
// When the server reports that the assigned user was already booked, the dialog says so before closing.
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { LazyModal } from '../../components/LazyModal.tsx';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Trans } from 'react-i18next';
import { useTranslation } from '../../app/i18n.ts';
import { AnchorLink } from '../../components/links.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useUserZone } from '../auth/useSession.ts';
import { AppointmentForm, BusyWarning, initialValues } from './AppointmentForm.tsx';
import {
  afterAppointmentChange,
  bookAppointment,
  type AppointmentResultDto,
  type CalendarDto,
} from './calendar.api.ts';

export interface BookingRequest {
  start: Date;
  end: Date;
  calendar?: CalendarDto;
  userId: string;
}

export function BookAppointmentModal({ request, onClose }: { request: BookingRequest | null; onClose(): void }) {
  const { t } = useTranslation();
  const [booked, setBooked] = useState<AppointmentResultDto | null>(null);
  const close = () => {
    setBooked(null);
    onClose();
  };
  return (
    <LazyModal
      opened={request !== null}
      onClose={close}
      title={<Text fw={600}>{booked ? t('calendar.book.booked') : t('appointments.book')}</Text>}
      size="lg"
    >
      {booked ? (
        <Booked result={booked} onDone={close} />
      ) : (
        request && (
          <BookForm
            key={`${request.start.toISOString()}-${request.end.toISOString()}`}
            request={request}
            onBooked={(result) => (result.warnings.length ? setBooked(result) : close())}
            onCancel={close}
          />
        )
      )}
    </LazyModal>
  );
}

function BookForm({
  request,
  onBooked,
  onCancel,
}: {
  request: BookingRequest;
  onBooked(result: AppointmentResultDto): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const queryClient = useQueryClient();
  return (
    <AppointmentForm
      mode="book"
      initial={initialValues(zone.timeZone, request)}
      submitLabel={t('appointments.book')}
      onSubmit={({ contactId, ...input }) => bookAppointment(contactId, input)}
      onSaved={async (result) => {
        await afterAppointmentChange(queryClient, result.appointment.contact.id);
        if (result.warnings.length === 0) {
          notifications.show({
            color: 'green',
            message: t('calendar.book.toast', {
              title: result.appointment.title,
              when: formatDateTime(result.appointment.startsAt, zone),
            }),
          });
        }
        onBooked(result);
      }}
      onCancel={onCancel}
    />
  );
}

function Booked({ result, onDone }: { result: AppointmentResultDto; onDone(): void }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const a = result.appointment;
  return (
    <Stack gap="md">
      <Alert color="green" variant="light" icon={<IconCircleCheck size={18} />}>
        <Text size="sm">
          <Trans
            i18nKey="calendar.book.isBooked"
            values={{ title: a.title, when: formatDateTime(a.startsAt, zone) }}
            components={{ b: <Text span fw={600} size="sm" /> }}
          />
        </Text>
        <Text size="sm" c="dimmed">
          {t('calendar.drawer.contact')}:{' '}
          <AnchorLink to="/contacts/$contactId" params={{ contactId: a.contact.id }} size="sm">
            {a.contact.displayName}
          </AnchorLink>
        </Text>
      </Alert>
      {result.warnings.map((w) => (
        <BusyWarning
          key={w.code}
          title={t('calendar.doubleBooked')}
          detail={t('appointments.doubleBooked', { name: a.assignedUser.name })}
          clashes={w.conflicts}
          zone={zone}
          footnote={t('calendar.book.bothKept')}
        />
      ))}
      <Group justify="flex-end">
        <Button onClick={onDone} data-autofocus>
          {t('appointments.done')}
        </Button>
      </Group>
    </Stack>
  );
}
