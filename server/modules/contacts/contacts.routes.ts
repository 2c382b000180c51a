import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { rawResponse } from '../../platform/http/openapi.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { archiveContact, deleteContactPermanently, restoreContact } from './archive-contact.ts';
import { bulkUpdateContacts } from './bulk-contacts.ts';
import { contactDetailsRoutes } from './contact-details.routes.ts';
import { IfMatchHeaders, sendProfile } from './contact-http.ts';
import { reassignContacts } from './contact-owners.ts';
import { getContactProfile } from './contact-profile.ts';
import { parseIfMatch } from './contact-write.ts';
import {
  BulkBody,
  ContactListPage,
  ContactListQuery,
  ContactProfile,
  CreateContactBody,
  DeleteContactQuery,
  DuplicateResult,
  ExportQuery,
  ListExportQuery,
  ReassignBody,
  UpdateContactBody,
} from './contacts.schemas.ts';
import { createContact } from './create-contact.ts';
import { duplicateContact } from './duplicate-contact.ts';
import { exportContact } from './export-contact.ts';
import { exportContactList } from './export-contacts.ts';
import { listContacts } from './list-contacts.ts';
import { sendTrusted } from '../../platform/http/trusted.ts';
import { updateContact } from './update-contact.ts';

const tags = ['Contacts'];

export const contactsRoutes: RoutePlugin = async (app, opts) => {
  app.get(
    '/contacts',
    {
      schema: {
        tags,
        summary: 'List, filter, sort and search contacts (keyset pages)',
        querystring: ContactListQuery,
        response: { 200: ContactListPage },
      },
    },
    async (req, reply) => sendTrusted(reply, await listContacts({ ctx: req.ctx, query: req.query })),
  );

  app.post(
    '/contacts',
    {
      schema: {
        tags,
        summary: 'Create a contact with its emails, phones, locations, tags and custom values',
        body: CreateContactBody,
        response: { 201: ContactProfile, ...errors(409, 422) },
      },
    },
    async (req, reply) => sendProfile(reply, await createContact({ ctx: req.ctx, input: req.body }), 201),
  );

  app.post(
    '/contacts/bulk',
    {
      schema: {
        tags,
        summary: 'Tag, untag, assign an owner, archive or restore many contacts (ids or a list query)',
        body: BulkBody,
        response: { 200: z.object({ affected: z.number().int() }), ...errors(422) },
      },
    },
    async (req) => bulkUpdateContacts({ ctx: req.ctx, input: req.body }),
  );

  app.get(
    '/contacts/:id',
    {
      schema: {
        tags,
        summary: 'The full contact profile in one request (ETag: its version)',
        params: IdParams,
        response: { 200: ContactProfile, ...errors(404) },
      },
    },
    async (req, reply) => sendProfile(reply, await getContactProfile({ ctx: req.ctx, contactId: req.params.id })),
  );

  app.patch(
    '/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Change fields of a contact; only the fields sent change',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateContactBody,
        response: { 200: ContactProfile, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) =>
      sendProfile(
        reply,
        await updateContact({
          ctx: req.ctx,
          contactId: req.params.id,
          ifMatch: parseIfMatch(req.headers['if-match']),
          input: req.body,
        }),
      ),
  );

  app.delete(
    '/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Archive a contact; with permanent=true&confirm=<id>, delete an archived one for good',
        params: IdParams,
        querystring: DeleteContactQuery,
        headers: IfMatchHeaders,
        response: { 204: z.undefined(), ...errors(404, 409) },
      },
    },
    async (req, reply) => {
      if (req.query.permanent) {
        await deleteContactPermanently({ ctx: req.ctx, contactId: req.params.id, confirm: req.query.confirm });
      } else {
        await archiveContact({
          ctx: req.ctx,
          contactId: req.params.id,
          ifMatch: parseIfMatch(req.headers['if-match']),
        });
      }
      return reply.status(204).send();
    },
  );

  app.post(
    '/contacts/:id/restore',
    {
      schema: {
        tags,
        summary: 'Bring an archived contact back with everything attached to it',
        params: IdParams,
        response: { 200: ContactProfile, ...errors(404, 409) },
      },
    },
    async (req, reply) => sendProfile(reply, await restoreContact({ ctx: req.ctx, contactId: req.params.id })),
  );

  app.post(
    '/contacts/:id/duplicate',
    {
      schema: {
        tags,
        summary: 'Copy a contact’s details (not its history, emails or phones)',
        params: IdParams,
        response: { 201: DuplicateResult, ...errors(404, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await duplicateContact({ ctx: req.ctx, contactId: req.params.id })),
  );

  app.get(
    '/contacts/export',
    {
      schema: {
        tags,
        summary: 'Download the contact list (any filter, search or saved view) as CSV or vCard, streamed',
        querystring: ListExportQuery,
        produces: ['text/csv', 'text/vcard'],
        response: { 200: rawResponse('The contacts as a download', 'text/csv', 'text/vcard'), ...errors(400) },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const file = await exportContactList({ ctx: req.ctx, query, format });
      return (reply as FastifyReply)
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );

  app.get(
    '/contacts/:id/export',
    {
      schema: {
        tags,
        summary: 'Download one contact’s full record as JSON (with its journal) or a one-row CSV',
        params: IdParams,
        querystring: ExportQuery,
        produces: ['application/json', 'text/csv'],
        response: { 200: rawResponse('The record as a download', 'application/json', 'text/csv') },
      },
    },
    async (req, reply) => {
      const file = await exportContact({ ctx: req.ctx, contactId: req.params.id, format: req.query.format });
      // A file download, not a JSON document: sent as is, outside the response schemas.
      return (reply as FastifyReply)
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );

  app.post(
    '/users/:id/reassign-contacts',
    {
      schema: {
        tags: ['Users'],
        summary: 'Give all contacts of a user to another user (admins only), e.g. before deactivating them',
        params: IdParams,
        body: ReassignBody,
        response: { 200: z.object({ affected: z.number().int() }), ...errors(403, 404, 422) },
      },
    },
    async (req) => reassignContacts({ ctx: req.ctx, fromUserId: req.params.id, toUserId: req.body.toUserId }),
  );

  await app.register(contactDetailsRoutes, { deps: opts.deps });
};
