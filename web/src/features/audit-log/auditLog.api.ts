// The workspace audit log (admins): pages of the journal, newest first, and the CSV export of the same filter.
import { infiniteQueryOptions } from '@tanstack/react-query';
import type { AuditEntryDto } from '@dossier/contract';
import { api, API_BASE, qs } from '../../lib/api.ts';

export interface AuditFilter {
  actorId?: string;
  kinds?: string[];
  contactId?: string;
  category?: 'focus' | 'admin';
  /** ISO instants: from inclusive, to exclusive. */
  from?: string;
  to?: string;
}

const params = (f: AuditFilter) => ({
  actorId: f.actorId,
  kinds: f.kinds?.length ? f.kinds.join(',') : undefined,
  contactId: f.contactId,
  category: f.category,
  from: f.from,
  to: f.to,
});

export const auditLogQuery = (f: AuditFilter) =>
  infiniteQueryOptions({
    queryKey: ['audit-log', f],
    queryFn: ({ pageParam }) =>
      api.get<{ data: AuditEntryDto[]; nextCursor: string | null }>(
        `/audit-log${qs({ ...params(f), cursor: pageParam, limit: 50 })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** The export's address: a plain GET the browser downloads with the session cookie (writes need CSRF; reads do not). */
export const auditLogExportUrl = (f: AuditFilter) => `${API_BASE}/audit-log/export${qs(params(f))}`;
