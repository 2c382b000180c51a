// The two faces of the Calendar section: the calendar itself and the show-rate report.
import { Tabs } from '@mantine/core';
import { IconCalendar, IconChartBar } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from '../../app/i18n.ts';

export function CalendarTabs({ active }: { active: 'calendar' | 'report' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Tabs
      value={active}
      onChange={(value) => {
        if (value === 'report') void navigate({ to: '/calendar/report' });
        else if (value === 'calendar') void navigate({ to: '/calendar' });
      }}
      mb="md"
    >
      <Tabs.List>
        <Tabs.Tab value="calendar" leftSection={<IconCalendar size={16} />}>
          {t('calendar.tabs.calendar')}
        </Tabs.Tab>
        <Tabs.Tab value="report" leftSection={<IconChartBar size={16} />}>
          {t('calendar.tabs.showRate')}
        </Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}
