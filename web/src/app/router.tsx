// The route tree, in one file on purpose: to add a page, define its route here and add it to the tree below.
import type { ReactElement } from 'react';
import { Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from './i18n.ts';
import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
  useRouter,
  type ErrorComponentProps,
} from '@tanstack/react-router';
import { ButtonLink } from '../components/links.tsx';
import { problemMessage } from '../components/ProblemAlert.tsx';
import { safeRedirect } from '../features/auth/redirect.ts';
import { SignInPage } from '../features/auth/SignInPage.tsx';
import { SignUpPage } from '../features/auth/SignUpPage.tsx';
import { sessionQuery } from '../features/auth/useSession.ts';
import { ApiKeysSettingsPage } from '../features/settings/ApiKeysSettingsPage.tsx';
import { ContactTypesSettingsPage } from '../features/settings/ContactTypesSettingsPage.tsx';
import { SettingsLayout } from '../features/settings/SettingsLayout.tsx';
import { TagsSettingsPage } from '../features/settings/TagsSettingsPage.tsx';
import { TeamsSettingsPage } from '../features/settings/TeamsSettingsPage.tsx';
import { UsersSettingsPage } from '../features/settings/UsersSettingsPage.tsx';
import { WorkspaceSettingsPage } from '../features/settings/WorkspaceSettingsPage.tsx';
import { parseCalendarSearch, parseShowRateSearch } from '../features/calendar/search.ts';
import { ContactListPage } from '../features/contacts/list/ContactListPage.tsx';
import { parseContactListSearch } from '../features/contacts/list/listSearch.ts';
import { parseSalesPlanSearch } from '../features/sales-plans/search.ts';
import { parseInboxSearch } from '../features/conversations/inboxSearch.ts';
import { trackListOrigin } from '../features/contacts/record/listOrigin.ts';
import { prefetchContactPage } from '../features/contacts/record/prefetchContactPage.ts';
import { AppLayout } from './AppLayout.tsx';
import { AutomationsPlaceholder } from './placeholders.tsx';

/**
 * A route component that draws a lazily loaded page with what it reads from the route (params, search). Given the
 * page's `preload`, the router fetches the page's code beside the route's data, as it does for a lazy component given
 * directly; a plain wrapper hid it, and the code was asked for only once the data was in (about 150 ms more on the
 * first contact opened).
 */
function routeDrawing<T extends () => ReactElement>(page: { preload?: () => Promise<void> | undefined }, draw: T): T {
  return Object.assign(draw, { preload: page.preload });
}

// Heavy pages (the rich-text editor, charts, the calendar grid) load on first visit, keeping the first load small.
const AuditLogPage = lazyRouteComponent(() => import('../features/audit-log/AuditLogPage.tsx'), 'AuditLogPage');
const PrivacySettingsPage = lazyRouteComponent(
  () => import('../features/privacy/PrivacySettingsPage.tsx'),
  'PrivacySettingsPage',
);
const CalendarPage = lazyRouteComponent(() => import('../features/calendar/CalendarPage.tsx'), 'CalendarPage');
const ShowRatePage = lazyRouteComponent(() => import('../features/calendar/report/ShowRatePage.tsx'), 'ShowRatePage');
const RelationTypesSettingsPage = lazyRouteComponent(
  () => import('../features/relationships/RelationTypesSettingsPage.tsx'),
  'RelationTypesSettingsPage',
);
const GroupsSettingsPage = lazyRouteComponent(
  () => import('../features/segments/GroupsSettingsPage.tsx'),
  'GroupsSettingsPage',
);
const TargetMarketsSettingsPage = lazyRouteComponent(
  () => import('../features/segments/TargetMarketsSettingsPage.tsx'),
  'TargetMarketsSettingsPage',
);
const PipelinesPage = lazyRouteComponent(() => import('../features/pipelines/PipelinesPage.tsx'), 'PipelinesPage');
const PipelinesSettingsPage = lazyRouteComponent(
  () => import('../features/pipelines/PipelinesSettingsPage.tsx'),
  'PipelinesSettingsPage',
);
const SalesPlansPage = lazyRouteComponent(() => import('../features/sales-plans/SalesPlansPage.tsx'), 'SalesPlansPage');
const MyTasksPage = lazyRouteComponent(() => import('../features/tasks/page/MyTasksPage.tsx'), 'MyTasksPage');
const ConversationsPage = lazyRouteComponent(
  () => import('../features/conversations/ConversationsPage.tsx'),
  'ConversationsPage',
);
const ChannelSettingsPage = lazyRouteComponent(
  () => import('../features/conversations/settings/ChannelSettingsPage.tsx'),
  'ChannelSettingsPage',
);
const TemplatesSettingsPage = lazyRouteComponent(
  () => import('../features/conversations/settings/TemplatesSettingsPage.tsx'),
  'TemplatesSettingsPage',
);
// The profile page holds the signature editor (the rich-text editor): loaded when opened, not with the app.
const ProfileSettingsPage = lazyRouteComponent(
  () => import('../features/settings/ProfileSettingsPage.tsx'),
  'ProfileSettingsPage',
);
const ImportsPage = lazyRouteComponent(() => import('../features/imports/ImportsPage.tsx'), 'ImportsPage');
const ImportPage = lazyRouteComponent(() => import('../features/imports/ImportPage.tsx'), 'ImportPage');
const ExportPage = lazyRouteComponent(() => import('../features/exports/ExportPage.tsx'), 'ExportPage');
const DuplicatesPage = lazyRouteComponent(() => import('../features/merge/DuplicatesPage.tsx'), 'DuplicatesPage');
const ContactPage = lazyRouteComponent(() => import('../features/contacts/record/ContactPage.tsx'), 'ContactPage');
const CustomFieldsSettingsPage = lazyRouteComponent(
  () => import('../features/settings/CustomFieldsSettingsPage.tsx'),
  'CustomFieldsSettingsPage',
);

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

// ---------------------------------------------------------------------------------------------------------------
// Public pages. Signed-in visitors are sent on to the app.

interface SignInSearch {
  redirect?: string;
}

const redirectIfSignedIn = async ({ context, search }: { context: RouterContext; search: SignInSearch }) => {
  const session = await context.queryClient.ensureQueryData(sessionQuery);
  if (session) throw redirect({ href: safeRedirect(search.redirect), replace: true });
};

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): SignInSearch =>
    typeof search.redirect === 'string' ? { redirect: search.redirect } : {},
  beforeLoad: redirectIfSignedIn,
  component: function SignInRoute() {
    const { redirect: target } = signInRoute.useSearch();
    return <SignInPage redirect={target} />;
  },
});

const signUpRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-up',
  beforeLoad: ({ context }) => redirectIfSignedIn({ context, search: {} }),
  component: SignUpPage,
});

// ---------------------------------------------------------------------------------------------------------------
// The signed-in app. Everything below `appRoute` can rely on the session (useSession()).

const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (!session) throw redirect({ to: '/sign-in', search: { redirect: location.href }, replace: true });
  },
  component: AppLayout,
});

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/contacts', replace: true });
  },
});

const contactsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contacts',
  validateSearch: parseContactListSearch,
  component: function ContactsRoute() {
    const navigate = contactsRoute.useNavigate();
    return (
      <ContactListPage
        search={contactsRoute.useSearch()}
        onSearchChange={(search, opts) => navigate({ search, replace: opts?.replace })}
      />
    );
  },
});
const importsRoute = createRoute({ getParentRoute: () => appRoute, path: '/imports', component: ImportsPage });
const duplicatesRoute = createRoute({ getParentRoute: () => appRoute, path: '/duplicates', component: DuplicatesPage });
const importRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/imports/$importId',
  component: routeDrawing(ImportPage, function ImportRoute() {
    return <ImportPage importId={importRoute.useParams().importId} />;
  }),
});
const exportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/exports/$exportId',
  component: routeDrawing(ExportPage, function ExportRoute() {
    return <ExportPage exportId={exportRoute.useParams().exportId} />;
  }),
});
const contactRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contacts/$contactId',
  validateSearch: (search: Record<string, unknown>): { tab?: string } =>
    typeof search.tab === 'string' ? { tab: search.tab } : {},
  loaderDeps: ({ search }) => ({ tab: search.tab }),
  // Starts the page's requests together; the page draws once they are in (at most FIRST_VIEW_WAIT later), the page
  // before it staying in view meanwhile with the navigation bar running.
  loader: ({ context, params, deps }) => prefetchContactPage(context.queryClient, params.contactId, deps.tab),
  component: routeDrawing(ContactPage, function ContactRoute() {
    const { contactId } = contactRoute.useParams();
    const { tab } = contactRoute.useSearch();
    // A new page per contact, so nothing of the previous one (an open editor, a draft) carries over.
    return <ContactPage key={contactId} contactId={contactId} tab={tab} />;
  }),
});
const conversationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/conversations',
  validateSearch: parseInboxSearch,
  component: routeDrawing(ConversationsPage, function ConversationsRoute() {
    const navigate = conversationsRoute.useNavigate();
    return (
      <ConversationsPage search={conversationsRoute.useSearch()} onSearchChange={(search) => navigate({ search })} />
    );
  }),
});
const tasksRoute = createRoute({ getParentRoute: () => appRoute, path: '/tasks', component: MyTasksPage });
const calendarRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/calendar',
  validateSearch: parseCalendarSearch,
  component: routeDrawing(CalendarPage, function CalendarRoute() {
    return <CalendarPage search={calendarRoute.useSearch()} />;
  }),
});
const calendarReportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/calendar/report',
  validateSearch: parseShowRateSearch,
  component: routeDrawing(ShowRatePage, function CalendarReportRoute() {
    return <ShowRatePage search={calendarReportRoute.useSearch()} />;
  }),
});
const pipelinesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/pipelines',
  component: PipelinesPage,
});
const salesPlansRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/sales-plans',
  validateSearch: parseSalesPlanSearch,
  component: routeDrawing(SalesPlansPage, function SalesPlansRoute() {
    return <SalesPlansPage search={salesPlansRoute.useSearch()} />;
  }),
});
const automationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/automations',
  component: AutomationsPlaceholder,
});

// Settings: a layout with its own side navigation and one route per page.
const settingsRoute = createRoute({ getParentRoute: () => appRoute, path: '/settings', component: SettingsLayout });
const settingsIndexRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/settings/workspace', replace: true });
  },
});
const settingsWorkspaceRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/workspace',
  component: WorkspaceSettingsPage,
});
const settingsUsersRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/users',
  component: UsersSettingsPage,
});
const settingsTeamsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/teams',
  component: TeamsSettingsPage,
});
const settingsApiKeysRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/api-keys',
  component: ApiKeysSettingsPage,
});
const settingsProfileRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/profile',
  component: ProfileSettingsPage,
});
const settingsCustomFieldsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/custom-fields',
  component: CustomFieldsSettingsPage,
});
const settingsTagsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/tags',
  component: TagsSettingsPage,
});
const settingsGroupsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/groups',
  component: GroupsSettingsPage,
});
const settingsTargetMarketsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/target-markets',
  component: TargetMarketsSettingsPage,
});
const settingsPipelinesRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/pipelines',
  component: PipelinesSettingsPage,
});
const settingsRelationTypesRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/relation-types',
  component: RelationTypesSettingsPage,
});
const settingsContactTypesRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/contact-types',
  component: ContactTypesSettingsPage,
});
const settingsChannelsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/channels',
  component: ChannelSettingsPage,
});
const settingsTemplatesRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/templates',
  component: TemplatesSettingsPage,
});
const settingsAuditLogRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/audit-log',
  component: AuditLogPage,
});
const settingsPrivacyRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: '/privacy',
  component: PrivacySettingsPage,
});

export const routeTree = rootRoute.addChildren([
  signInRoute,
  signUpRoute,
  appRoute.addChildren([
    indexRoute,
    contactsRoute,
    contactRoute,
    importsRoute,
    exportRoute,
    duplicatesRoute,
    importRoute,
    conversationsRoute,
    tasksRoute,
    calendarRoute,
    calendarReportRoute,
    pipelinesRoute,
    salesPlansRoute,
    automationsRoute,
    settingsRoute.addChildren([
      settingsIndexRoute,
      settingsWorkspaceRoute,
      settingsUsersRoute,
      settingsTeamsRoute,
      settingsApiKeysRoute,
      settingsCustomFieldsRoute,
      settingsTagsRoute,
      settingsGroupsRoute,
      settingsTargetMarketsRoute,
      settingsContactTypesRoute,
      settingsPipelinesRoute,
      settingsRelationTypesRoute,
      settingsProfileRoute,
      settingsAuditLogRoute,
      settingsPrivacyRoute,
      settingsChannelsRoute,
      settingsTemplatesRoute,
    ]),
  ]),
]);

// ---------------------------------------------------------------------------------------------------------------

export function createAppRouter(queryClient: QueryClient) {
  const router = createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    // Loaders read through TanStack Query, which has its own cache; the router should always ask it.
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
    defaultPendingComponent: PendingPage,
    defaultErrorComponent: ErrorPage,
  });
  trackListOrigin(router);
  return router;
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}

function PendingPage() {
  return (
    <Center mih="50vh">
      <Loader size="sm" />
    </Center>
  );
}

function ErrorPage({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  const router = useRouter();
  // reset() clears the error boundary; invalidate() re-runs the route's loading (e.g. the session check).
  const retry = () => {
    reset();
    void router.invalidate();
  };
  return (
    <Center mih="60vh" px="md">
      <Stack align="center" gap="sm" maw={420}>
        <Title order={1} fz="h3">
          {t('app.errorPage')}
        </Title>
        <Text c="dimmed" ta="center" size="sm">
          {problemMessage(error)}
        </Text>
        <Button variant="default" onClick={retry}>
          {t('common.retry')}
        </Button>
      </Stack>
    </Center>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Center mih="60vh" px="md">
      <Stack align="center" gap="sm" maw={420}>
        <Title order={1} fz="h3">
          {t('app.notFound')}
        </Title>
        <Text c="dimmed" ta="center" size="sm">
          {t('app.notFoundText')}
        </Text>
        <ButtonLink to="/contacts" variant="default">
          {t('app.goToContacts')}
        </ButtonLink>
      </Stack>
    </Center>
  );
}
