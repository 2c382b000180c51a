// The contact header's line on its open deal: stage, value and expected close (the newest open one, and how
// many more there are). A person without a deal of their own shows their business's, "via" the business.
import { Group, Text } from '@mantine/core';
import { IconTargetArrow } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '../../app/i18n.ts';
import { useUserZone } from '../auth/useSession.ts';
import { formatDate } from '../../lib/format.ts';
import { contactOpportunitiesQuery, formatMoney } from './pipelines.api.ts';

export function OpenDealLine({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const deals = useQuery(contactOpportunitiesQuery(contactId));
  const open = (deals.data ?? []).filter((o) => o.status === 'open');
  const deal = open[0];
  if (!deal) return null;
  const text = [
    t('pipelines.header.openDeal', {
      stage: deal.stage.name,
      value: formatMoney(deal.value, deal.currency, zone.locale),
    }),
    deal.expectedCloseDate &&
      t('pipelines.header.closes', { date: formatDate(`${deal.expectedCloseDate}T12:00:00Z`, zone) }),
    deal.via && t('pipelines.header.via', { name: deal.via.displayName }),
    open.length > 1 && t('pipelines.header.more', { count: open.length - 1 }),
  ]
    .filter(Boolean)
    .join('');
  // Two lines at most: the header column is narrow, and the stage, value and close date are the point.
  return (
    <Group gap={4} wrap="nowrap" align="flex-start" data-testid="open-deal">
      <IconTargetArrow
        size={13}
        color="var(--mantine-color-indigo-6)"
        aria-hidden
        style={{ flex: 'none', marginTop: 2 }}
      />
      <Text size="xs" c="dimmed" lineClamp={2} title={text}>
        {text}
      </Text>
    </Group>
  );
}
