// The workspace libraries contacts draw on — tags, custom fields and their folders, contact types — as
// queries and calls shared by the settings pages, the contact list and the create dialog.
// Every type comes from the server's zod schemas.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ContactTypeDto, CreateContactTypeBody, UpdateContactTypeBody } from '@dossier/contract';
import type {
  CreateCustomFieldBody,
  CreateFolderBody,
  CustomFieldDto,
  CustomFieldFolderDto,
  CustomFieldType,
  SelectOption,
  UpdateCustomFieldBody,
  UpdateFolderBody,
} from '@dossier/contract';
import type { CreateTagBody, TagDto, UpdateTagBody } from '@dossier/contract';
import { api, qs } from '../../lib/api.ts';

export type { ContactTypeDto, CustomFieldDto, CustomFieldFolderDto, TagDto };
export type FieldType = z.infer<typeof CustomFieldType>;
export type SelectOptionDto = z.infer<typeof SelectOption>;
export type CreateCustomFieldInput = z.input<typeof CreateCustomFieldBody>;
export type UpdateCustomFieldInput = z.input<typeof UpdateCustomFieldBody>;
export type CreateFolderInput = z.input<typeof CreateFolderBody>;
export type UpdateFolderInput = z.input<typeof UpdateFolderBody>;
export type CreateTagInput = z.input<typeof CreateTagBody>;
export type UpdateTagInput = z.input<typeof UpdateTagBody>;
export type CreateContactTypeInput = z.input<typeof CreateContactTypeBody>;
export type UpdateContactTypeInput = z.input<typeof UpdateContactTypeBody>;

interface List<T> {
  data: T[];
}

// Tags -----------------------------------------------------------------------------------------------------------

/** All tags with their usage counts, by name. Key `['tags']`: invalidate it after anything that tags contacts. */
export const tagsQuery = queryOptions({
  queryKey: ['tags'],
  queryFn: async () => (await api.get<List<TagDto>>('/tags')).data,
});
export const createTag = (input: CreateTagInput) => api.post<TagDto>('/tags', input);
export const updateTag = (id: string, input: UpdateTagInput) => api.patch<TagDto>(`/tags/${id}`, input);
export const deleteTag = (id: string) => api.delete(`/tags/${id}`);

// Custom fields --------------------------------------------------------------------------------------------------

/** The active custom-field library of contacts, in display order. */
export const customFieldsQuery = queryOptions({
  queryKey: ['custom-fields'],
  queryFn: async () => (await api.get<List<CustomFieldDto>>('/custom-fields?entity=contact')).data,
});
/** The active fields of opportunities (under ['custom-fields'] so a change refreshes both). */
export const opportunityFieldsQuery = queryOptions({
  queryKey: ['custom-fields', 'opportunity'],
  queryFn: async () => (await api.get<List<CustomFieldDto>>('/custom-fields?entity=opportunity')).data,
});
export const archivedCustomFieldsQuery = queryOptions({
  queryKey: ['custom-fields', 'archived'],
  queryFn: async () => (await api.get<List<CustomFieldDto>>(`/custom-fields${qs({ archived: 'true' })}`)).data,
});
/** Under `['custom-fields']` so that a change to the fields also refreshes the folders' field counts. */
export const fieldFoldersQuery = queryOptions({
  queryKey: ['custom-fields', 'folders'],
  queryFn: async () => (await api.get<List<CustomFieldFolderDto>>('/custom-field-folders')).data,
});
export const createCustomField = (input: CreateCustomFieldInput) => api.post<CustomFieldDto>('/custom-fields', input);
export const updateCustomField = (id: string, input: UpdateCustomFieldInput) =>
  api.patch<CustomFieldDto>(`/custom-fields/${id}`, input);
export const archiveCustomField = (id: string) => api.delete(`/custom-fields/${id}`);
export const restoreCustomField = (id: string) => api.post<CustomFieldDto>(`/custom-fields/${id}/restore`);
export const createFolder = (input: CreateFolderInput) =>
  api.post<CustomFieldFolderDto>('/custom-field-folders', input);
export const updateFolder = (id: string, input: UpdateFolderInput) =>
  api.patch<CustomFieldFolderDto>(`/custom-field-folders/${id}`, input);
export const deleteFolder = (id: string) => api.delete(`/custom-field-folders/${id}`);

// Contact types --------------------------------------------------------------------------------------------------

/** The contact type / lifecycle list, in its order. */
export const contactTypesQuery = queryOptions({
  queryKey: ['contact-types'],
  queryFn: async () => (await api.get<List<ContactTypeDto>>('/contact-types')).data,
});
export const createContactType = (input: CreateContactTypeInput) => api.post<ContactTypeDto>('/contact-types', input);
export const updateContactType = (key: string, input: UpdateContactTypeInput) =>
  api.patch<ContactTypeDto>(`/contact-types/${encodeURIComponent(key)}`, input);
export const deleteContactType = (key: string, reassignTo?: string) =>
  api.delete(`/contact-types/${encodeURIComponent(key)}${qs({ reassignTo })}`);
