// Settings: its own navigation beside (or, on a phone, above) the page.
import { Box, Group, ScrollArea, Stack, Text, Title } from '@mantine/core';
import {
  IconBuilding,
  IconForms,
  IconHistory,
  IconKey,
  IconStairs,
  IconTags,
  IconUserCircle,
  IconUsers,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react';
import { Outlet, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { NavLinkLink } from '../../components/links.tsx';
import { useIsAdmin } from '../auth/useSession.ts';
import classes from './SettingsLayout.module.css';

interface Item {
  label: string;
  to:
    | '/settings/workspace'
    | '/settings/users'
    | '/settings/teams'
    | '/settings/api-keys'
    | '/settings/audit-log'
    | '/settings/custom-fields'
    | '/settings/tags'
    | '/settings/contact-types'
    | '/settings/profile';
  icon: Icon;
  adminOnly?: boolean;
}

const GROUPS: { label: string; items: Item[] }[] = [
  {
    label: 'Workspace',
    items: [
      { label: 'General', to: '/settings/workspace', icon: IconBuilding },
      { label: 'Users', to: '/settings/users', icon: IconUsers },
      { label: 'Teams', to: '/settings/teams', icon: IconUsersGroup },
      { label: 'API keys', to: '/settings/api-keys', icon: IconKey, adminOnly: true },
      { label: 'Audit log', to: '/settings/audit-log', icon: IconHistory, adminOnly: true },
    ],
  },
  {
    label: 'Contacts',
    items: [
      { label: 'Custom fields', to: '/settings/custom-fields', icon: IconForms },
      { label: 'Tags', to: '/settings/tags', icon: IconTags },
      { label: 'Contact types', to: '/settings/contact-types', icon: IconStairs },
    ],
  },
  { label: 'Personal', items: [{ label: 'Your profile', to: '/settings/profile', icon: IconUserCircle }] },
];

export function SettingsLayout() {
  const isAdmin = useIsAdmin();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const groups = GROUPS.map((g) => ({ ...g, items: g.items.filter((i) => isAdmin || !i.adminOnly) }));
  const phoneNav = useRef<HTMLDivElement>(null);

  // On a phone the links form one row wider than the screen; keep the current page's link in view.
  useEffect(() => {
    phoneNav.current?.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [pathname]);

  return (
    <Box px={{ base: 'md', sm: 'xl' }} py={{ base: 'md', sm: 'xl' }} maw={1240} mx="auto">
      <Title order={1} fz="h2" mb={{ base: 'sm', sm: 'lg' }}>
        Settings
      </Title>
      <div className={classes.layout}>
        <nav aria-label="Settings" className={classes.nav}>
          {/* Desktop: grouped vertical list. Phone: one scrollable row of the same links. */}
          <Stack gap="lg" visibleFrom="sm">
            {groups.map((g) => (
              <Stack gap={2} key={g.label}>
                <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" mb={4} className={classes.groupLabel}>
                  {g.label}
                </Text>
                {g.items.map((item) => (
                  <SettingsLink key={item.to} item={item} active={pathname.startsWith(item.to)} />
                ))}
              </Stack>
            ))}
          </Stack>
          <ScrollArea hiddenFrom="sm" type="never" className={classes.phoneNav} viewportRef={phoneNav}>
            <Group gap={4} wrap="nowrap" pb={4}>
              {groups
                .flatMap((g) => g.items)
                .map((item) => (
                  <SettingsLink key={item.to} item={item} active={pathname.startsWith(item.to)} compact />
                ))}
            </Group>
          </ScrollArea>
        </nav>
        <section className={classes.content}>
          <Outlet />
        </section>
      </div>
    </Box>
  );
}

function SettingsLink({ item, active, compact }: { item: Item; active: boolean; compact?: boolean }) {
  const ItemIcon = item.icon;
  return (
    <NavLinkLink
      to={item.to}
      label={item.label}
      leftSection={<ItemIcon size={17} stroke={1.7} />}
      active={active}
      aria-current={active ? 'page' : undefined}
      className={compact ? classes.compactLink : classes.link}
    />
  );
}
