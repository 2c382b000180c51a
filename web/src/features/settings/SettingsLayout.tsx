// Settings: its own navigation beside (or, on a phone, above) the page.
import { Box, Group, ScrollArea, Stack, Text, Title } from '@mantine/core';
import {
  IconLayoutKanban,
  IconBuilding,
  IconForms,
  IconHistory,
  IconKey,
  IconStairs,
  IconArrowsLeftRight,
  IconPlugConnected,
  IconShieldLock,
  IconTags,
  IconTargetArrow,
  IconTemplate,
  IconUserCircle,
  IconUsers,
  IconUsersGroup,
  IconUsersPlus,
  type Icon,
} from '@tabler/icons-react';
import { Outlet, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { NavLinkLink } from '../../components/links.tsx';
import { PageHeadingLevel } from '../../components/PageHeader.tsx';
import { useIsAdmin } from '../auth/useSession.ts';
import classes from './SettingsLayout.module.css';

interface Item {
  /** Key under settings.nav. */
  label: string;
  to:
    | '/settings/workspace'
    | '/settings/users'
    | '/settings/teams'
    | '/settings/api-keys'
    | '/settings/audit-log'
    | '/settings/privacy'
    | '/settings/custom-fields'
    | '/settings/tags'
    | '/settings/groups'
    | '/settings/target-markets'
    | '/settings/contact-types'
    | '/settings/relation-types'
    | '/settings/profile'
    | '/settings/channels'
    | '/settings/templates'
    | '/settings/pipelines';
  icon: Icon;
  adminOnly?: boolean;
}

/** Labels are keys under settings.nav. */
const GROUPS: { label: string; items: Item[] }[] = [
  {
    label: 'workspace',
    items: [
      { label: 'general', to: '/settings/workspace', icon: IconBuilding },
      { label: 'users', to: '/settings/users', icon: IconUsers },
      { label: 'teams', to: '/settings/teams', icon: IconUsersGroup },
      { label: 'apiKeys', to: '/settings/api-keys', icon: IconKey, adminOnly: true },
      { label: 'auditLog', to: '/settings/audit-log', icon: IconHistory, adminOnly: true },
      { label: 'privacy', to: '/settings/privacy', icon: IconShieldLock, adminOnly: true },
    ],
  },
  {
    label: 'contacts',
    items: [
      { label: 'customFields', to: '/settings/custom-fields', icon: IconForms },
      { label: 'tags', to: '/settings/tags', icon: IconTags },
      { label: 'groups', to: '/settings/groups', icon: IconUsersPlus },
      { label: 'targetMarkets', to: '/settings/target-markets', icon: IconTargetArrow },
      { label: 'contactTypes', to: '/settings/contact-types', icon: IconStairs },
      { label: 'relationTypes', to: '/settings/relation-types', icon: IconArrowsLeftRight },
    ],
  },
  { label: 'revenue', items: [{ label: 'pipelines', to: '/settings/pipelines', icon: IconLayoutKanban }] },
  {
    label: 'conversations',
    items: [
      { label: 'channels', to: '/settings/channels', icon: IconPlugConnected, adminOnly: true },
      { label: 'templates', to: '/settings/templates', icon: IconTemplate },
    ],
  },
  { label: 'personal', items: [{ label: 'profile', to: '/settings/profile', icon: IconUserCircle }] },
];

export function SettingsLayout() {
  const { t } = useTranslation();
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
        {t('settings.nav.title')}
      </Title>
      <div className={classes.layout}>
        <nav aria-label={t('settings.nav.title')} className={classes.nav}>
          {/* Desktop: grouped vertical list. Phone: one scrollable row of the same links. */}
          <Stack gap="lg" visibleFrom="sm">
            {groups.map((g) => (
              <Stack gap={2} key={g.label}>
                <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" mb={4} className={classes.groupLabel}>
                  {t(`settings.nav.${g.label}`)}
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
          {/* The h1 is "Settings"; each page's title is the h2 below it. */}
          <PageHeadingLevel.Provider value={2}>
            <Outlet />
          </PageHeadingLevel.Provider>
        </section>
      </div>
    </Box>
  );
}

function SettingsLink({ item, active, compact }: { item: Item; active: boolean; compact?: boolean }) {
  const { t } = useTranslation();
  const ItemIcon = item.icon;
  return (
    <NavLinkLink
      to={item.to}
      label={t(`settings.nav.${item.label}`)}
      leftSection={<ItemIcon size={17} stroke={1.7} />}
      active={active}
      aria-current={active ? 'page' : undefined}
      className={compact ? classes.compactLink : classes.link}
    />
  );
}
