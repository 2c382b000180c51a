// What an event on the live stream (/api/v1/events) means for the query cache: which cached answers are now
// stale. Events arrive in bursts (a bulk action writes hundreds of journal entries in one commit), so they are
// collected for a moment and each affected key is invalidated once.
import type { QueryClient, QueryKey } from '@tanstack/react-query';

/** The stream's event names (server/modules/realtime/realtime.routes.ts). */
export const LIVE_EVENTS = ['journal', 'message', 'notification', 'notifications_read', 'resync', 'ready'] as const;
export type LiveEventName = (typeof LIVE_EVENTS)[number];

export interface JournalEventData {
  id: string;
  contactId: string | null;
  kind: string;
}

/** The keys a journal entry of `kind` about `contactId` makes stale. */
export function keysForJournal(entry: Pick<JournalEventData, 'contactId' | 'kind'>): QueryKey[] {
  const keys: QueryKey[] = [];
  if (entry.contactId) {
    // The contact's profile and everything under it: timeline, notes, tasks, appointments, upcoming.
    keys.push(['contact', entry.contactId]);
    keys.push(['contacts']);
  }
  const family = entry.kind.split('.')[0];
  // The My-tasks page and the calendar show the same records across contacts.
  if (family === 'task') keys.push(['tasks']);
  // The Conversations inbox lists threads across contacts.
  if (family === 'message' || family === 'call' || family === 'comment') keys.push(['conversations']);
  if (family === 'appointment') keys.push(['appointments']);
  if (family === 'calendar') keys.push(['calendars'], ['appointments']);
  if (family === 'tag') keys.push(['tags']);
  if (family === 'custom_field' || family === 'custom_field_folder') keys.push(['custom-fields']);
  if (family === 'contact_type') keys.push(['contact-types']);
  if (family === 'user') keys.push(['contacts']);
  return keys;
}

/**
 * Applies stream events to a query cache. `push` queues an event; the affected keys are invalidated together
 * after `delayMs` (a few dozen milliseconds keeps "within a second" while collapsing bursts).
 */
export class LiveCache {
  private pending = new Map<string, QueryKey>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly queryClient: QueryClient,
    private readonly delayMs = 60,
  ) {}

  push(event: LiveEventName | string, data: unknown): void {
    switch (event) {
      case 'journal': {
        const entry = data as Partial<JournalEventData> | null;
        if (!entry || typeof entry.kind !== 'string') return;
        for (const key of keysForJournal({ contactId: entry.contactId ?? null, kind: entry.kind })) this.queue(key);
        return;
      }
      case 'message': {
        // A message changed without a journal entry (sent, opened): its thread and the inbox.
        const m = data as { contactId?: string | null } | null;
        if (m?.contactId) this.queue(['contact', m.contactId]);
        this.queue(['conversations']);
        return;
      }
      case 'notification':
      case 'notifications_read':
        this.queue(['notifications']);
        return;
      case 'resync':
        // More was missed than the server can replay: everything on screen may be out of date.
        this.flushNow();
        void this.queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
        return;
      default:
        return;
    }
  }

  private queue(key: QueryKey): void {
    this.pending.set(JSON.stringify(key), key);
    this.timer ??= setTimeout(() => this.flushNow(), this.delayMs);
  }

  flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const keys = [...this.pending.values()];
    this.pending.clear();
    for (const queryKey of keys) void this.queryClient.invalidateQueries({ queryKey });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}
