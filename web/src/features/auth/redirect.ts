/** Where to go after signing in: only same-site paths, so a crafted link cannot send users elsewhere. */
export function safeRedirect(target: string | undefined, fallback = '/contacts'): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback;
  if (target.startsWith('/sign-in') || target.startsWith('/sign-up')) return fallback;
  return target;
}
