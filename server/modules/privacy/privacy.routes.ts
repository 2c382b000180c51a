import type { FastifyReply } from 'fastify';
import { rawResponse } from '../../platform/http/openapi.ts';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { eraseContact } from './erase-contact.ts';
import { listErasureRequests } from './erasure-requests.ts';
import { buildPersonalDataArchive } from './personal-data-archive.ts';
import { CreateErasureBody, ErasureRequest, ErasureRequestPage, ErasureRequestQuery } from './privacy.schemas.ts';

const tags = ['Privacy'];

export const privacyRoutes: RoutePlugin = async (app) => {
  app.get(
    '/contacts/:id/personal-data-archive',
    {
      schema: {
        tags,
        summary: 'Download everything held about one contact as a ZIP (right of access)',
        description:
          'JSON files for the details, emails, phones, locations, tags, custom fields, followers, notes, tasks, ' +
          'appointments, messages, opportunities, relations and journal, and the attached files under files/. ' +
          'The download is journaled (contact.personal_data_exported).',
        params: IdParams,
        produces: ['application/zip'],
        response: { 200: rawResponse('The ZIP archive', 'application/zip') },
      },
    },
    async (req, reply) => {
      const archive = await buildPersonalDataArchive({ ctx: req.ctx, contactId: req.params.id });
      return (reply as FastifyReply)
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${archive.filename}"`)
        .header('cache-control', 'no-store')
        .send(archive.stream);
    },
  );

  app.post(
    '/erasure-requests',
    {
      schema: {
        tags,
        summary: 'Erase a contact’s personal data everywhere, for good (admins only)',
        description:
          'Deletes the contact with everything under it and its files, redacts its values in the journal, ' +
          'notifications, import rows and other contacts’ messages, and keeps a tombstone (who, when, why, ' +
          'the contact id). `confirm` must repeat the contact’s name (400 confirmation_required); a contact ' +
          'with won business is refused (409 delete_blocked); members get 403 forbidden.',
        body: CreateErasureBody,
        response: { 201: ErasureRequest, ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(await eraseContact({ ctx: req.ctx, input: req.body })),
  );

  app.get(
    '/erasure-requests',
    {
      schema: {
        tags,
        summary: 'The workspace’s erasure requests, newest first (admins only)',
        querystring: ErasureRequestQuery,
        response: { 200: ErasureRequestPage, ...errors(403) },
      },
    },
    async (req) => listErasureRequests({ ctx: req.ctx, cursor: req.query.cursor, limit: req.query.limit }),
  );
};
