// One contact: its profile, its journal, and every write the contact page makes. Writes carry the version the
// user edited as If-Match (a stale one is refused with 409 version_conflict, never silently overwritten) and
// answer with the fresh profile, which replaces the cached one. Keys: ['contact', id] and ['contact', id, …].
import { infiniteQueryOptions, queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { z } from 'zod';
import type {
  ContactProfileDto,
  DndBody,
  DuplicateResult as DuplicateResultSchema,
  EmailInput,
  InlineFieldBody,
  LocationInput,
  PhoneInput,
  UpdateContactBody,
  UpdateEmailBody,
  UpdateLocationBody,
  UpdatePhoneBody,
} from '@dossier/contract';
import type { UploadedFile } from '@dossier/contract';
import type { JournalEntryDto, TimelinePage } from '@dossier/contract';
import { api, API_BASE, ApiError, qs, request, toApiError } from '../../lib/api.ts';
import { sessionQueryKey } from '../auth/useSession.ts';

export type ContactProfile = ContactProfileDto;
export type ContactEmail = ContactProfile['emails'][number];
export type ContactPhone = ContactProfile['phones'][number];
export type ContactLocation = ContactProfile['locations'][number];
export type ProfileField = ContactProfile['fields'][number];
export type Dnd = ContactProfile['dnd'];
export type JournalEntry = JournalEntryDto;
export type TimelinePageDto = z.infer<typeof TimelinePage>;
export type UpdateContactInput = z.input<typeof UpdateContactBody>;
export type EmailInputDto = z.input<typeof EmailInput>;
export type UpdateEmailInput = z.input<typeof UpdateEmailBody>;
export type PhoneInputDto = z.input<typeof PhoneInput>;
export type UpdatePhoneInput = z.input<typeof UpdatePhoneBody>;
export type LocationInputDto = z.input<typeof LocationInput>;
export type UpdateLocationInput = z.input<typeof UpdateLocationBody>;
export type DndInput = z.input<typeof DndBody>;
export type InlineFieldInput = z.input<typeof InlineFieldBody>;
export type DuplicateResult = z.infer<typeof DuplicateResultSchema>;
export type UploadedFileDto = z.infer<typeof UploadedFile>;

// Reading ----------------------------------------------------------------------------------------------------------

export const contactKey = (contactId: string) => ['contact', contactId] as const;

export const contactQuery = (contactId: string) =>
  queryOptions({
    queryKey: contactKey(contactId),
    queryFn: () => api.get<ContactProfile>(`/contacts/${contactId}`),
  });

export function useContact(contactId: string) {
  return useQuery(contactQuery(contactId));
}

export interface TimelineFilters {
  category?: 'focus' | 'admin';
  kinds?: string[];
  from?: string;
  to?: string;
}

/** Three screens of entries on a laptop; the next page loads as the list is scrolled to its end. */
export const TIMELINE_PAGE_SIZE = 20;

/** The journal's view a contact page opens on: the Activity tab's focus events, unfiltered. */
export const FIRST_TIMELINE_VIEW: TimelineFilters = { category: 'focus' };

/** A contact's journal, newest first, page after page on its keyset cursor. */
export const contactTimelineQuery = (contactId: string, filters: TimelineFilters = {}) =>
  infiniteQueryOptions({
    queryKey: ['contact', contactId, 'timeline', filters],
    queryFn: ({ pageParam }) =>
      api.get<TimelinePageDto>(
        `/contacts/${contactId}/timeline${qs({
          category: filters.category,
          kinds: filters.kinds?.length ? filters.kinds.join(',') : undefined,
          from: filters.from,
          to: filters.to,
          cursor: pageParam,
          limit: TIMELINE_PAGE_SIZE,
        })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/**
 * Who archived the contact and when: the profile says when, the newest contact.archived entry says who.
 * Under ['contact', id, …] so that a restore or a live update refreshes it.
 */
export const archivedByQuery = (contactId: string) =>
  queryOptions({
    queryKey: ['contact', contactId, 'archived-by'],
    queryFn: async () => {
      const page = await api.get<TimelinePageDto>(
        `/contacts/${contactId}/timeline${qs({ kinds: 'contact.archived', limit: 1 })}`,
      );
      return page.data[0] ?? null;
    },
  });

/** A stored file's name and size (file fields keep only the file's id), read from its download headers. */
export const fileInfoQuery = (fileId: string) =>
  queryOptions({
    queryKey: ['files', fileId],
    staleTime: Infinity,
    queryFn: async (): Promise<{ filename: string; size: number | null }> => {
      const res = await fetch(fileUrl(fileId), { method: 'HEAD', credentials: 'same-origin' });
      if (!res.ok) throw new ApiError({ status: res.status, code: 'not_found', detail: 'The file is gone' });
      const disposition = res.headers.get('content-disposition') ?? '';
      const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
      const size = Number(res.headers.get('content-length'));
      return {
        filename: encoded ? decodeURIComponent(encoded) : 'File',
        size: Number.isFinite(size) && size > 0 ? size : null,
      };
    },
  });

export const fileUrl = (fileId: string) => `${API_BASE}/files/${fileId}`;

export const exportUrl = (contactId: string, format: 'json' | 'csv') =>
  `${API_BASE}/contacts/${contactId}/export${qs({ format })}`;

// Writing ----------------------------------------------------------------------------------------------------------

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/**
 * A multipart upload (pictures, file fields), which lib/api's JSON client does not send: the same CSRF header,
 * If-Match when given, and the same problem+json → ApiError.
 */
export async function upload<T>(
  method: 'POST' | 'PUT',
  path: string,
  file: File,
  opts: { version?: number; csrfToken?: string } = {},
): Promise<T> {
  const form = new FormData();
  form.append('file', file);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.version !== undefined) Object.assign(headers, ifMatch(opts.version));
  if (opts.csrfToken) headers['x-csrf-token'] = opts.csrfToken;
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, { method, headers, credentials: 'same-origin', body: form });
  } catch {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      detail: 'Could not reach the server. Check your connection and try again.',
    });
  }
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as T;
}

/** The writes of one contact, bound to the signed-in session's CSRF token. */
export function contactWrites(contactId: string, csrfToken: string | undefined) {
  const base = `/contacts/${contactId}`;
  const profile = (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, version: number, body?: unknown) =>
    request<ContactProfile>(method, `${base}${path}`, body, ifMatch(version));
  return {
    update: (version: number, input: UpdateContactInput) => profile('PATCH', '', version, input),

    addEmail: (version: number, input: EmailInputDto) => profile('POST', '/emails', version, input),
    updateEmail: (version: number, emailId: string, input: UpdateEmailInput) =>
      profile('PATCH', `/emails/${emailId}`, version, input),
    removeEmail: (version: number, emailId: string) => profile('DELETE', `/emails/${emailId}`, version),

    addPhone: (version: number, input: PhoneInputDto) => profile('POST', '/phones', version, input),
    updatePhone: (version: number, phoneId: string, input: UpdatePhoneInput) =>
      profile('PATCH', `/phones/${phoneId}`, version, input),
    removePhone: (version: number, phoneId: string) => profile('DELETE', `/phones/${phoneId}`, version),
    recheckPhone: (version: number, phoneId: string) =>
      profile('POST', `/phones/${phoneId}/check-line-type`, version, {}),

    addLocation: (version: number, input: LocationInputDto) => profile('POST', '/locations', version, input),
    updateLocation: (version: number, locationId: string, input: UpdateLocationInput) =>
      profile('PATCH', `/locations/${locationId}`, version, input),
    removeLocation: (version: number, locationId: string) => profile('DELETE', `/locations/${locationId}`, version),

    addTags: (version: number, input: { names?: string[]; tagIds?: string[] }) =>
      profile('POST', '/tags', version, input),
    removeTag: (version: number, tagId: string) => profile('DELETE', `/tags/${tagId}`, version),

    addFollower: (version: number, userId: string) => profile('POST', '/followers', version, { userId }),
    removeFollower: (version: number, userId: string) => profile('DELETE', `/followers/${userId}`, version),

    setDnd: (version: number, input: DndInput) => profile('PUT', '/dnd', version, input),

    setPicture: (version: number, file: File) =>
      upload<ContactProfile>('PUT', `${base}/picture`, file, { version, csrfToken }),
    removePicture: (version: number) => profile('DELETE', '/picture', version),

    attachField: (version: number, fieldId: string) => profile('POST', '/fields', version, { fieldId }),
    createInlineField: (version: number, input: InlineFieldInput) => profile('POST', '/fields/inline', version, input),
    detachField: (version: number, fieldId: string) => profile('DELETE', `/fields/${fieldId}`, version),

    // Archiving changes no value a user edited, so it does not need the version.
    archive: () => api.delete(base),
    restore: () => api.post<ContactProfile>(`${base}/restore`),
    deletePermanently: () => api.delete(`${base}${qs({ permanent: true, confirm: contactId })}`),
    duplicate: () => api.post<DuplicateResult>(`${base}/duplicate`),
  };
}

export type ContactWrites = ReturnType<typeof contactWrites>;

/** Uploads a file for a file-type custom field; its fileId becomes the field's value. */
export function uploadFieldFile(file: File, csrfToken: string | undefined) {
  return upload<UploadedFileDto>('POST', '/custom-fields/files', file, { csrfToken });
}

export function useCsrfToken(): string | undefined {
  return useQueryClient().getQueryData(sessionQueryKey)?.csrfToken;
}

// Versions this page's own writes produced, per contact: a field opened at version 7 while the page's own save
// of another field made version 8 is not stale. Someone else's change in between still is (never overwritten).
const ownVersions = new Map<string, Set<number>>();
// One write at a time per contact, in the order they were made, so each one sees the version the last produced.
const queues = new Map<string, Promise<unknown>>();

/** The version to send for a change the user made on `seen`: moved past versions only this page produced. */
export function effectiveVersion(queryClient: QueryClient, contactId: string, seen: number): number {
  const current = queryClient.getQueryData<ContactProfile>(contactKey(contactId))?.version;
  if (current === undefined || current <= seen) return seen;
  const own = ownVersions.get(contactId);
  for (let v = seen + 1; v <= current; v++) if (!own?.has(v)) return seen;
  return current;
}

/** After a write: the answer is the new profile; the journal, lists and archive facts may have changed too. */
export function acceptProfile(queryClient: QueryClient, profile: ContactProfile) {
  const own = ownVersions.get(profile.id) ?? new Set<number>();
  own.add(profile.version);
  ownVersions.set(profile.id, own);
  const cached = queryClient.getQueryData<ContactProfile>(contactKey(profile.id));
  // A slower answer must not replace a newer profile (e.g. one a live update brought in meanwhile).
  if (!cached || cached.version <= profile.version) queryClient.setQueryData(contactKey(profile.id), profile);
  void queryClient.invalidateQueries({ queryKey: ['contact', profile.id, 'timeline'] });
  void queryClient.invalidateQueries({ queryKey: ['contact', profile.id, 'archived-by'] });
  void queryClient.invalidateQueries({ queryKey: ['contacts'] });
}

/**
 * The contact's writes, bound to the session. Each takes the version the user saw first; writes run one at a time,
 * and every answer that is a profile replaces the cached one in place (no refetch, no flash) and refreshes what
 * depends on it (its journal, the lists).
 */
export function useContactActions(contactId: string) {
  const queryClient = useQueryClient();
  const csrf = useCsrfToken();
  return useMemo(() => {
    const writes = contactWrites(contactId, csrf);
    return Object.fromEntries(
      Object.entries(writes).map(([name, fn]) => [
        name,
        (...args: unknown[]) => {
          const run = async () => {
            if (typeof args[0] === 'number') args[0] = effectiveVersion(queryClient, contactId, args[0]);
            const result = await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
            if (isProfile(result)) acceptProfile(queryClient, result);
            return result;
          };
          const next = (queues.get(contactId) ?? Promise.resolve()).then(run, run);
          queues.set(
            contactId,
            next.catch(() => undefined),
          );
          return next;
        },
      ]),
    ) as ContactWrites;
  }, [contactId, csrf, queryClient]);
}

const isProfile = (v: unknown): v is ContactProfile =>
  typeof v === 'object' && v !== null && 'version' in v && 'displayName' in v && 'id' in v;

// Problems ---------------------------------------------------------------------------------------------------------

export const isVersionConflict = (error: unknown) => error instanceof ApiError && error.code === 'version_conflict';

/** The contact named by a 409 email_taken / phone_taken. */
export function takenBy(error: unknown): { id: string; displayName: string; archived: boolean } | null {
  if (!(error instanceof ApiError) || (error.code !== 'email_taken' && error.code !== 'phone_taken')) return null;
  const c = error.extras.contact as { id?: unknown; displayName?: unknown; archived?: unknown } | undefined;
  if (!c || typeof c.id !== 'string' || typeof c.displayName !== 'string') return null;
  return { id: c.id, displayName: c.displayName, archived: Boolean(c.archived) };
}
