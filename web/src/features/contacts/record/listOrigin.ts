// Where "Contacts" in a contact page's breadcrumb leads: back to the list as the user left it (its
// search, filters and sort) when they came from it — also after moving on to another contact —
// else to the plain list. Recorded as each navigation starts, so it does not depend on when the
// (lazily loaded) contact page first renders.
import type { AnyRouter } from '@tanstack/react-router';

const LIST_KEY = 'dossier.contacts.list-href';

type Place = { pathname: string; href: string } | undefined;

export function rememberListOrigin(from: Place, to: Place): void {
  if (!to?.pathname.startsWith('/contacts/')) return;
  try {
    if (from?.pathname === '/contacts') sessionStorage.setItem(LIST_KEY, from.href);
    else if (!from?.pathname.startsWith('/contacts/')) sessionStorage.removeItem(LIST_KEY);
  } catch {
    // Storage refused (private mode): the breadcrumb leads to the plain list.
  }
}

export function listOrigin(): string {
  try {
    return sessionStorage.getItem(LIST_KEY) ?? '/contacts';
  } catch {
    return '/contacts';
  }
}

export function trackListOrigin(router: AnyRouter): () => void {
  return router.subscribe('onBeforeNavigate', ({ fromLocation, toLocation }) =>
    rememberListOrigin(fromLocation, toLocation),
  );
}
