// A member count that opens the contact list filtered by the group or target market.
import { Text } from '@mantine/core';
import { useTranslation } from '../../app/i18n.ts';
import { AnchorLink } from '../../components/links.tsx';
import type { SegmentField } from './segmentFilter.tsx';

export function MembersLink({ field, id, count }: { field: SegmentField; id: string; count: number }) {
  const { t } = useTranslation();
  if (count === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('segments.noMembers')}
      </Text>
    );
  }
  return (
    <AnchorLink to="/contacts" search={{ filters: [{ field, op: 'eq', value: id }] }} size="sm">
      {t('segments.contacts', { count })}
    </AnchorLink>
  );
}
