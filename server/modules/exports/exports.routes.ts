import { z } from 'zod';
import { rawResponse } from '../../platform/http/openapi.ts';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { ContactExport, CreateExportBody } from './exports.schemas.ts';
import { cancelExport, createExport, getExport, listExports, openExportFile } from './exports.service.ts';

const tags = ['Contacts'];

export const exportsRoutes: RoutePlugin = async (app) => {
  app.post(
    '/contact-exports',
    {
      schema: {
        tags,
        summary: 'Prepare the contact list as a file in the background (for large lists); download it when completed',
        description:
          'The list query is the one GET /contacts takes. Poll GET /contact-exports/{id} for progress; the user is notified when the file is ready. Files are kept 7 days. At most 3 exports per user are prepared at once.',
        body: CreateExportBody,
        response: { 202: ContactExport, ...errors(400, 403, 429) },
      },
    },
    async (req, reply) => reply.status(202).send(await createExport({ ctx: req.ctx, input: req.body })),
  );
  app.get(
    '/contact-exports',
    {
      schema: {
        tags,
        summary: 'Your recent contact exports, newest first, with their progress',
        response: { 200: z.object({ data: z.array(ContactExport) }), ...errors(403) },
      },
    },
    async (req) => ({ data: await listExports({ ctx: req.ctx }) }),
  );
  app.get(
    '/contact-exports/:id',
    {
      schema: {
        tags,
        summary: 'One of your contact exports with its live progress',
        params: IdParams,
        response: { 200: ContactExport, ...errors(403, 404) },
      },
    },
    async (req) => getExport({ ctx: req.ctx, exportId: req.params.id }),
  );
  app.post(
    '/contact-exports/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Stop an export still being prepared',
        params: IdParams,
        response: { 200: ContactExport, ...errors(403, 404, 409) },
      },
    },
    async (req) => cancelExport({ ctx: req.ctx, exportId: req.params.id }),
  );
  app.get(
    '/contact-exports/:id/download',
    {
      schema: {
        tags,
        summary: 'The file of a completed export (until it expires)',
        params: IdParams,
        produces: ['text/csv', 'text/vcard'],
        response: {
          200: rawResponse('The contacts as a download', 'text/csv', 'text/vcard'),
          ...errors(403, 404, 409, 410),
        },
      },
    },
    async (req, reply) => {
      const file = await openExportFile({ ctx: req.ctx, exportId: req.params.id });
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('content-length', file.size)
        .header('cache-control', 'no-store')
        .send(file.body ?? '');
    },
  );
};
