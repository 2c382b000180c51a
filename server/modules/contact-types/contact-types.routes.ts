import { z } from 'zod';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors } from '../../platform/http/schemas.ts';
import {
  ContactType,
  ContactTypeParams,
  CreateContactTypeBody,
  DeleteContactTypeQuery,
  UpdateContactTypeBody,
} from './contact-types.schemas.ts';
import { createContactType, deleteContactType, listContactTypes, updateContactType } from './contact-types.service.ts';

const tags = ['Contact types'];

export const contactTypesRoutes: RoutePlugin = async (app) => {
  app.get(
    '/contact-types',
    {
      schema: {
        tags,
        summary: 'The contact type / lifecycle list, in order',
        response: { 200: z.object({ data: z.array(ContactType) }) },
      },
    },
    async (req) => ({ data: await listContactTypes({ ctx: req.ctx }) }),
  );
  app.post(
    '/contact-types',
    {
      schema: {
        tags,
        summary: 'Add a contact type (admins only)',
        body: CreateContactTypeBody,
        response: { 201: ContactType, ...errors(403, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(await createContactType({ ctx: req.ctx, input: req.body })),
  );
  app.patch(
    '/contact-types/:key',
    {
      schema: {
        tags,
        summary: 'Relabel, recolour or reorder a contact type (admins only; the key is fixed)',
        params: ContactTypeParams,
        body: UpdateContactTypeBody,
        response: { 200: ContactType, ...errors(403, 404) },
      },
    },
    async (req) => updateContactType({ ctx: req.ctx, key: req.params.key, input: req.body }),
  );
  app.delete(
    '/contact-types/:key',
    {
      schema: {
        tags,
        summary: 'Delete a contact type; refused while contacts use it unless reassignTo moves them (admins only)',
        params: ContactTypeParams,
        querystring: DeleteContactTypeQuery,
        response: { 204: z.undefined(), ...errors(403, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      await deleteContactType({ ctx: req.ctx, key: req.params.key, reassignTo: req.query.reassignTo });
      return reply.status(204).send();
    },
  );
};
