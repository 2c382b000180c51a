import { z } from 'zod';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams, Problem } from '../../platform/http/schemas.ts';
import {
  CreateCustomFieldBody,
  CreateFolderBody,
  CustomField,
  CustomFieldFolder,
  CustomFieldListQuery,
  UpdateCustomFieldBody,
  UpdateFolderBody,
  UploadedFile,
} from './custom-fields.schemas.ts';
import {
  createCustomField,
  createFolder,
  deleteFolder,
  getCustomField,
  listCustomFields,
  listFolders,
  setCustomFieldArchived,
  updateCustomField,
  updateFolder,
  uploadFieldFile,
} from './custom-fields.service.ts';

const tags = ['Custom fields'];

export const customFieldsRoutes: RoutePlugin = async (app) => {
  app.get(
    '/custom-fields',
    {
      schema: {
        tags,
        summary: 'The custom-field library',
        querystring: CustomFieldListQuery,
        response: { 200: z.object({ data: z.array(CustomField) }) },
      },
    },
    async (req) => ({
      data: await listCustomFields({ ctx: req.ctx, archived: req.query.archived, entity: req.query.entity }),
    }),
  );
  app.post(
    '/custom-fields',
    {
      schema: {
        tags,
        summary: 'Add a field to the library (admins only)',
        body: CreateCustomFieldBody,
        response: { 201: CustomField, ...errors(403, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await createCustomField({ ctx: req.ctx, input: req.body })),
  );
  app.post(
    '/custom-fields/files',
    {
      schema: {
        tags,
        summary: 'Upload a file for a file field (multipart "file"); use the fileId as the value',
        consumes: ['multipart/form-data'],
        response: { 201: UploadedFile, 401: Problem, 400: Problem, 413: Problem, 415: Problem },
      },
    },
    async (req, reply) => reply.status(201).send(await uploadFieldFile({ ctx: req.ctx, part: await req.file() })),
  );
  app.get(
    '/custom-fields/:id',
    {
      schema: {
        tags,
        summary: 'One custom field',
        params: IdParams,
        response: { 200: CustomField, ...errors(404) },
      },
    },
    async (req) => getCustomField({ ctx: req.ctx, fieldId: req.params.id }),
  );
  app.patch(
    '/custom-fields/:id',
    {
      schema: {
        tags,
        summary:
          'Change a field’s label, options, folder, required or applies-to-all (admins only; key and type are fixed)',
        params: IdParams,
        body: UpdateCustomFieldBody,
        response: { 200: CustomField, ...errors(403, 404, 409, 422) },
      },
    },
    async (req) => updateCustomField({ ctx: req.ctx, fieldId: req.params.id, input: req.body }),
  );
  app.delete(
    '/custom-fields/:id',
    {
      schema: {
        tags,
        summary: 'Archive a field: hidden everywhere, values kept (admins only)',
        params: IdParams,
        response: { 204: z.undefined(), ...errors(403, 404) },
      },
    },
    async (req, reply) => {
      await setCustomFieldArchived({ ctx: req.ctx, fieldId: req.params.id, archived: true });
      return reply.status(204).send();
    },
  );
  app.post(
    '/custom-fields/:id/restore',
    {
      schema: {
        tags,
        summary: 'Bring an archived field back (admins only)',
        params: IdParams,
        response: { 200: CustomField, ...errors(403, 404) },
      },
    },
    async (req) => setCustomFieldArchived({ ctx: req.ctx, fieldId: req.params.id, archived: false }),
  );

  app.get(
    '/custom-field-folders',
    {
      schema: {
        tags,
        summary: 'Folders that group custom fields',
        response: { 200: z.object({ data: z.array(CustomFieldFolder) }) },
      },
    },
    async (req) => ({ data: await listFolders({ ctx: req.ctx }) }),
  );
  app.post(
    '/custom-field-folders',
    {
      schema: {
        tags,
        summary: 'Create a folder (admins only)',
        body: CreateFolderBody,
        response: { 201: CustomFieldFolder, ...errors(403, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(await createFolder({ ctx: req.ctx, input: req.body })),
  );
  app.patch(
    '/custom-field-folders/:id',
    {
      schema: {
        tags,
        summary: 'Rename, reorder or hide a folder (admins only)',
        params: IdParams,
        body: UpdateFolderBody,
        response: { 200: CustomFieldFolder, ...errors(403, 404, 409) },
      },
    },
    async (req) => updateFolder({ ctx: req.ctx, folderId: req.params.id, input: req.body }),
  );
  app.delete(
    '/custom-field-folders/:id',
    {
      schema: {
        tags,
        summary: 'Delete a folder; its fields stay, outside any folder (built-in folders cannot be deleted)',
        params: IdParams,
        response: { 204: z.undefined(), ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => {
      await deleteFolder({ ctx: req.ctx, folderId: req.params.id });
      return reply.status(204).send();
    },
  );
};
