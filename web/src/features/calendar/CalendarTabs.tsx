// The two faces of the Calendar section: the calendar itself and the show-rate report.
import { Tabs } from '@mantine/core';
import { IconCalendar, IconChartBar } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';

export function CalendarTabs({ active }: { active: 'calendar' | 'report' }) {
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
          Calendar
        </Tabs.Tab>
        <Tabs.Tab value="report" leftSection={<IconChartBar size={16} />}>
          Show rate
        </Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}
