// A contact's notes: the list (pinned first, searchable), writes with If-Match, pins, attachment uploads.
// Keys live under ['contact', id, 'notes', …] so a live update of the contact refreshes them.
import { infiniteQueryOptions, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CreateNoteBody, NoteDto, NotePage, UpdateNoteBody, UploadedAttachment } from '@dossier/contract';
import { api, ApiError, qs } from '../../lib/api.ts';
import { upload } from '../contacts/contact.api.ts';

export type { NoteDto };
export type NoteAttachmentDto = NoteDto['attachments'][number];
export type CreateNoteInput = z.input<typeof CreateNoteBody>;
export type UpdateNoteInput = z.input<typeof UpdateNoteBody>;
export type UploadedAttachmentDto = z.infer<typeof UploadedAttachment>;
type NotePageDto = z.infer<typeof NotePage>;

export const NOTES_PAGE_SIZE = 20;

export const notesKey = (contactId: string) => ['contact', contactId, 'notes'] as const;

export const notesQuery = (contactId: string, q: string) =>
  infiniteQueryOptions({
    queryKey: [...notesKey(contactId), { q }],
    queryFn: ({ pageParam }) =>
      api.get<NotePageDto>(`/contacts/${contactId}/notes${qs({ q, cursor: pageParam, limit: NOTES_PAGE_SIZE })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** The writes of a contact's notes; uploads are multipart and need the session's CSRF token. */
export function noteWrites(contactId: string, csrfToken: string | undefined) {
  return {
    create: (input: CreateNoteInput) => api.post<NoteDto>(`/contacts/${contactId}/notes`, input),
    update: (note: Pick<NoteDto, 'id' | 'version'>, input: UpdateNoteInput) =>
      api.patch<NoteDto>(`/notes/${note.id}`, input, ifMatch(note.version)),
    remove: (note: Pick<NoteDto, 'id' | 'version'>) => api.delete(`/notes/${note.id}`, ifMatch(note.version)),
    pin: (noteId: string) => api.post<NoteDto>(`/notes/${noteId}/pin`),
    unpin: (noteId: string) => api.post<NoteDto>(`/notes/${noteId}/unpin`),
    upload: (file: File) =>
      upload<UploadedAttachmentDto>('POST', `/contacts/${contactId}/notes/attachments`, file, { csrfToken }),
  };
}

/** After a note changes: its list, and the contact's timeline (a journal entry was written). */
export async function afterNoteChange(queryClient: QueryClient, contactId: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: notesKey(contactId) }),
    queryClient.invalidateQueries({ queryKey: ['contact', contactId, 'timeline'] }),
  ]);
}

export const isPinLimit = (error: unknown) => error instanceof ApiError && error.code === 'pin_limit';
export const isVersionConflict = (error: unknown) => error instanceof ApiError && error.code === 'version_conflict';
