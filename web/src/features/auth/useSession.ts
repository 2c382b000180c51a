// The signed-in session as a query: the one place the app learns who the user is and their CSRF token.
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionDto } from '@dossier/contract';
import { fetchSession } from './auth.api.ts';
import { useMemo } from 'react';

export type { SessionDto };

export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: fetchSession,
  // The session changes only when we sign in or out (both write the cache) or when it expires (a 401).
  staleTime: Infinity,
  retry: false,
});

export const sessionQueryKey = sessionQuery.queryKey;

/** The session, or null while signed out. */
export function useMaybeSession(): SessionDto | null {
  return useQuery(sessionQuery).data ?? null;
}

/**
 * The session inside the signed-in app. The router loads it before any app page renders, and the layout
 * stops rendering its pages the moment it becomes null, so this never sees a signed-out state.
 */
export function useSession(): SessionDto {
  const session = useMaybeSession();
  if (!session) throw new Error('useSession() used outside the signed-in app');
  return session;
}

export function useIsAdmin(): boolean {
  return useSession().user.role === 'admin';
}

/** Writes the session after sign-in, sign-up, sign-out or a profile change; a different user starts with an empty cache. */
export function useSetSession() {
  const queryClient = useQueryClient();
  return (session: SessionDto | null) => setSession(queryClient, session);
}

export function setSession(queryClient: ReturnType<typeof useQueryClient>, session: SessionDto | null): void {
  const previous = queryClient.getQueryData(sessionQueryKey);
  if (!session || previous?.user.id !== session.user.id) {
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionQueryKey[0] });
  }
  queryClient.setQueryData(sessionQueryKey, session);
}

/** The signed-in user's locale and time zone, for formatting dates (lib/format.ts). */
export function useUserZone(): { locale: string; timeZone: string } {
  const { user } = useSession();
  // The same object while the user's settings stay: memoized children may depend on it.
  return useMemo(() => ({ locale: user.locale, timeZone: user.timezone }), [user.locale, user.timezone]);
}
