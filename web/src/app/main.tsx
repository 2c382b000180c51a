// Entry point: one query cache and one router for the page's lifetime, the API client wired to both.
import { notifications } from '@mantine/notifications';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setSession, sessionQueryKey } from '../features/auth/useSession.ts';
import { configureApi } from '../lib/api.ts';
import { Providers } from './providers.tsx';
import { createQueryClient } from './queryClient.ts';
import { i18n, initI18n, isLanguage, setLanguage, signedOutLanguage } from './i18n.ts';
import { createAppRouter } from './router.tsx';

const queryClient = createQueryClient();
const router = createAppRouter(queryClient);

configureApi({
  getCsrfToken: () => queryClient.getQueryData(sessionQueryKey)?.csrfToken,
  onUnauthorized: () => {
    // Several requests can fail at once when a session expires; react to the first only.
    if (!queryClient.getQueryData(sessionQueryKey)) return;
    const here = router.state.location.href;
    setSession(queryClient, null);
    notifications.show({ color: 'yellow', title: i18n.t('app.signedOut'), message: i18n.t('app.sessionEnded') });
    void router.navigate({ to: '/sign-in', search: { redirect: here }, replace: true });
  },
});

// The UI speaks the signed-in user's language (their profile); signed out, the one picked on the sign-in page,
// else the browser's. A change to the profile switches it at once, without a reload.
await initI18n({ language: signedOutLanguage() });
queryClient.getQueryCache().subscribe((event) => {
  if (event.query.queryKey[0] !== sessionQueryKey[0]) return;
  const locale = queryClient.getQueryData(sessionQueryKey)?.user.locale;
  void setLanguage(isLanguage(locale) ? locale : signedOutLanguage());
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Providers queryClient={queryClient}>
      <RouterProvider router={router} />
    </Providers>
  </StrictMode>,
);
