// Renders a component the way the app does (theme, query cache, router) with fetch answered by fake routes.
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  RouterProvider,
} from '@tanstack/react-router';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import { theme } from '../app/theme.ts';
import type { SessionDto } from '../features/auth/useSession.ts';
import { sessionQueryKey } from '../features/auth/useSession.ts';
import { configureApi } from '../lib/api.ts';

export interface FakeRequest {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

type Handler = (req: FakeRequest) => Response | Promise<Response>;

export const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A problem document shaped exactly like the server's (server/platform/errors.ts). */
export const problem = (status: number, code: string, detail: string, extra: Record<string, unknown> = {}) =>
  new Response(
    JSON.stringify({ type: `https://dossier.dev/problems/${code}`, title: 'Error', status, code, detail, ...extra }),
    { status, headers: { 'content-type': 'application/problem+json' } },
  );

/**
 * Replaces fetch with a table of routes ("GET /api/v1/users"); unknown routes fail the test loudly.
 * Returns the requests made, so tests can check what was sent.
 */
export function fakeFetch(routes: Record<string, Handler>): FakeRequest[] {
  const requests: FakeRequest[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(String(input), 'http://localhost');
      const method = (init.method ?? 'GET').toUpperCase();
      const req: FakeRequest = {
        method,
        path: url.pathname + url.search,
        headers: new Headers(init.headers),
        body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      };
      requests.push(req);
      const handler = routes[`${method} ${url.pathname}`];
      if (!handler) throw new Error(`No fake route for ${method} ${url.pathname}`);
      return handler(req);
    }),
  );
  return requests;
}

export function makeSession(overrides: { role?: 'admin' | 'member'; name?: string } = {}): SessionDto {
  return {
    csrfToken: 'csrf-test-token',
    user: {
      id: '00000000-0000-4000-8000-000000000001',
      email: 'ada@example.test',
      name: overrides.name ?? 'Ada Admin',
      role: overrides.role ?? 'admin',
      contactAccess: 'all',
      status: 'active',
      locale: 'en',
      timezone: 'Europe/Berlin',
      emailSignature: '',
      teamIds: [],
      createdAt: '2026-01-05T09:00:00.000Z',
      deactivatedAt: null,
    },
    workspace: {
      id: '00000000-0000-4000-8000-0000000000aa',
      name: 'Acme Realty',
      defaultLanguage: 'en',
      timezone: 'Europe/Berlin',
      currency: 'EUR',
      createdAt: '2026-01-05T09:00:00.000Z',
    },
  };
}

/** Renders `ui` at `/` inside a memory router, with an optional signed-in session in the cache. */
export async function renderWithApp(ui: ReactNode, opts: { session?: SessionDto | null } = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  if (opts.session !== undefined) queryClient.setQueryData(sessionQueryKey, opts.session);
  configureApi({
    getCsrfToken: () => queryClient.getQueryData(sessionQueryKey)?.csrfToken,
    onUnauthorized: () => queryClient.setQueryData(sessionQueryKey, null),
  });
  const rootRoute = createRootRoute({ component: Outlet });
  const page = createRoute({ getParentRoute: () => rootRoute, path: '/', component: () => ui });
  // Pages link elsewhere; a catch-all keeps those links valid without rendering other pages.
  const elsewhere = createRoute({ getParentRoute: () => rootRoute, path: '$', component: () => <p>Elsewhere</p> });
  const router = createRouter({
    routeTree: rootRoute.addChildren([page, elsewhere]),
    history: createMemoryHistory({ initialEntries: ['/'] }),
  });
  await router.load();
  const result = render(
    <MantineProvider theme={theme} env="test">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router as never} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { ...result, queryClient, router };
}
