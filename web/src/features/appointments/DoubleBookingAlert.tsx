// The "already booked" warning: the assigned user has other appointments at that time. It informs and never
// blocks — people do book over a placeholder — so it is yellow and lists what overlaps.
import { Alert, List, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { useUserZone } from '../auth/useSession.ts';
import { formatSpan } from './zonedTime.ts';

export interface Overlap {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  contact: { displayName: string } | null;
}

export function DoubleBookingAlert({
  title,
  children,
  conflicts,
}: {
  title: string;
  children?: ReactNode;
  conflicts: Overlap[];
}) {
  const { t } = useTranslation();
  const zone = useUserZone();
  return (
    <Alert
      color="yellow"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={title}
      role="status"
      data-testid="double-booking-warning"
    >
      <List size="sm" spacing={2}>
        {conflicts.slice(0, 5).map((c) => (
          <List.Item key={c.id}>
            <Text span size="sm" fw={500}>
              {c.title}
            </Text>
            {c.contact && ` ${t('appointments.withName', { name: c.contact.displayName })}`}
            <Text span size="sm" c="dimmed">
              {' '}
              · {formatSpan(c.startsAt, c.endsAt, zone)}
            </Text>
          </List.Item>
        ))}
        {conflicts.length > 5 && <List.Item>{t('appointments.andMore', { count: conflicts.length - 5 })}</List.Item>}
      </List>
      {children && (
        <Text size="sm" mt={6}>
          {children}
        </Text>
      )}
    </Alert>
  );
}
