// The signed-in app's one live connection: an EventSource on /api/v1/events whose events mark cached answers
// stale, so an open page shows another user's change without a reload. Mounted once, in the app layout.
//
// The browser reconnects by itself after a dropped connection and sends Last-Event-ID, so the server replays
// what was missed. It gives up only when the server answers with an error status (signed out, restarting);
// then one ordinary request tells whether the session ended, and a new stream opens later with the last id.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { API_BASE } from '../../lib/api.ts';
import { useSession } from '../auth/useSession.ts';
import { LIVE_EVENTS, LiveCache } from './liveEvents.ts';

const RETRY_MS = [2_000, 5_000, 10_000, 30_000, 60_000];

export function LiveUpdates() {
  const queryClient = useQueryClient();
  const userId = useSession().user.id;

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const cache = new LiveCache(queryClient);
    let source: EventSource | null = null;
    let lastEventId: string | undefined;
    let failures = 0;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;

    const open = () => {
      const url = `${API_BASE}/events${lastEventId ? `?lastEventId=${encodeURIComponent(lastEventId)}` : ''}`;
      const es = new EventSource(url, { withCredentials: true });
      source = es;
      for (const name of LIVE_EVENTS) {
        es.addEventListener(name, (event) => {
          const message = event as MessageEvent<string>;
          if (message.lastEventId) lastEventId = message.lastEventId;
          if (name === 'ready') {
            failures = 0;
            return;
          }
          let data: unknown = null;
          try {
            data = JSON.parse(message.data);
          } catch {
            return;
          }
          cache.push(name, data);
        });
      }
      es.onerror = () => {
        // CONNECTING: the browser is already retrying. CLOSED: it gave up; we take over.
        if (es.readyState !== EventSource.CLOSED || stopped) return;
        es.close();
        const delay = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]!;
        failures += 1;
        // Refused because the session ended? An ordinary request finds out, and its 401 sends the app to sign-in.
        void queryClient.invalidateQueries({ queryKey: ['notifications'] });
        retry = setTimeout(open, delay);
      };
    };

    open();
    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      source?.close();
      cache.dispose();
    };
  }, [queryClient, userId]);

  return null;
}
