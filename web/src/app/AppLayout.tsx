// The signed-in frame: header with the workspace and the user menu, the section navigation, the page.
import {
  AppShell,
  Badge,
  Burger,
  Group,
  Menu,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconAddressBook,
  IconBolt,
  IconCalendar,
  IconChecklist,
  IconMessages,
  IconChevronDown,
  IconLayoutKanban,
  IconLogout,
  IconMoon,
  IconSettings,
  IconSun,
  IconTarget,
  IconUserCircle,
  type Icon,
} from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Outlet, useRouter, useRouterState } from '@tanstack/react-router';
import { useTranslation } from './i18n.ts';
import { NavLinkLink } from '../components/links.tsx';
import { LogoMark } from '../components/Logo.tsx';
import { problemMessage } from '../components/ProblemAlert.tsx';
import { UserAvatar } from '../components/UserAvatar.tsx';
import { signOut } from '../features/auth/auth.api.ts';
import { ContactSearchButton, ContactShortcuts } from '../features/contacts/list/ContactShortcuts.tsx';
import { useMaybeSession, useSetSession, type SessionDto } from '../features/auth/useSession.ts';
import { LiveUpdates } from '../features/live/LiveUpdates.tsx';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';
import classes from './AppLayout.module.css';

interface Section {
  /** Key under app.nav. */
  label: string;
  to:
    | '/contacts'
    | '/conversations'
    | '/tasks'
    | '/calendar'
    | '/pipelines'
    | '/sales-plans'
    | '/automations'
    | '/settings';
  icon: Icon;
}

const SECTIONS: Section[] = [
  { label: 'contacts', to: '/contacts', icon: IconAddressBook },
  { label: 'conversations', to: '/conversations', icon: IconMessages },
  { label: 'tasks', to: '/tasks', icon: IconChecklist },
  { label: 'calendar', to: '/calendar', icon: IconCalendar },
  { label: 'pipelines', to: '/pipelines', icon: IconLayoutKanban },
  { label: 'salesPlans', to: '/sales-plans', icon: IconTarget },
  { label: 'automations', to: '/automations', icon: IconBolt },
];

const SETTINGS: Section = { label: 'settings', to: '/settings', icon: IconSettings };

export function AppLayout() {
  const { t } = useTranslation();
  const session = useMaybeSession();
  const [navOpened, nav] = useDisclosure(false);
  // The session turns null on sign-out or expiry; the router is already on its way to /sign-in.
  if (!session) return null;

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding={0}
      classNames={{ header: classes.header, navbar: classes.navbar, main: classes.main }}
    >
      <AppShell.Header>
        <Group h="100%" px={{ base: 'sm', sm: 'md' }} justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger
              opened={navOpened}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpened ? t('app.closeNavigation') : t('app.openNavigation')}
            />
            <LogoMark size={28} />
            <Text fw={600} size="md" truncate="end" className={classes.workspaceName} title={session.workspace.name}>
              {session.workspace.name}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <ContactSearchButton />
            <NotificationBell />
            <UserMenu session={session} />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t('app.sections')}>
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>
            {SECTIONS.map((s) => (
              <SectionLink key={s.to} section={s} onNavigate={nav.close} />
            ))}
          </Stack>
        </AppShell.Section>
        <AppShell.Section pt="sm" className={classes.navFooter}>
          <SectionLink section={SETTINGS} onNavigate={nav.close} />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
      <ContactShortcuts />
      <LiveUpdates />
      <NavigationProgress />
    </AppShell>
  );
}

/**
 * A thin bar along the top while the next page gathers what it shows (the contact page waits for its first view):
 * the page being left stays in view meanwhile, and the bar says the click was taken. It appears only after a moment,
 * so a page that opens at once does not flash it.
 */
function NavigationProgress() {
  const { t } = useTranslation();
  const pending = useRouterState({ select: (s) => s.status === 'pending' });
  if (!pending) return null;
  return <div className={classes.progress} role="progressbar" aria-label={t('app.loadingPage')} />;
}

function SectionLink({ section, onNavigate }: { section: Section; onNavigate(): void }) {
  const { t } = useTranslation();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const active = pathname === section.to || pathname.startsWith(`${section.to}/`);
  const SectionIcon = section.icon;
  return (
    <NavLinkLink
      to={section.to}
      label={t(`app.nav.${section.label}`)}
      leftSection={<SectionIcon size={19} stroke={1.7} />}
      active={active}
      onClick={onNavigate}
      className={classes.navLink}
      aria-current={active ? 'page' : undefined}
    />
  );
}

function UserMenu({ session }: { session: SessionDto }) {
  const { t } = useTranslation();
  const router = useRouter();
  const setSession = useSetSession();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const { user } = session;

  const signOutMutation = useMutation({
    mutationFn: signOut,
    onSuccess: async () => {
      // Clear first: the sign-in page sends signed-in visitors back into the app.
      setSession(null);
      await router.navigate({ to: '/sign-in', search: {} });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('app.signOutFailed'), message: problemMessage(error) }),
  });

  return (
    <Menu position="bottom-end" width={260} withinPortal>
      <Menu.Target>
        <UnstyledButton className={classes.userButton} aria-label={t('app.accountMenu', { name: user.name })}>
          <Group gap={8} wrap="nowrap">
            <UserAvatar name={user.name} size={30} />
            <Text size="sm" fw={500} visibleFrom="sm" truncate="end" maw={160}>
              {user.name}
            </Text>
            <IconChevronDown size={14} stroke={1.8} className={classes.chevron} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Stack gap={2} px="sm" py="xs">
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text size="sm" fw={600} truncate="end">
              {user.name}
            </Text>
            <Badge size="sm" color={user.role === 'admin' ? 'brand' : 'gray'}>
              {t(`settings.roles.${user.role}`)}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed" truncate="end">
            {user.email}
          </Text>
        </Stack>
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconUserCircle size={16} stroke={1.7} />}
          onClick={() => router.navigate({ to: '/settings/profile' })}
        >
          {t('settings.nav.profile')}
        </Menu.Item>
        <Menu.Item
          leftSection={scheme === 'dark' ? <IconSun size={16} stroke={1.7} /> : <IconMoon size={16} stroke={1.7} />}
          onClick={() => setColorScheme(scheme === 'dark' ? 'light' : 'dark')}
        >
          {scheme === 'dark' ? t('app.lightTheme') : t('app.darkTheme')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconLogout size={16} stroke={1.7} />}
          onClick={() => signOutMutation.mutate()}
          disabled={signOutMutation.isPending}
        >
          {t('app.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
