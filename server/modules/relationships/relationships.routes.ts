import { z } from 'zod';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { etag, versionFromIfMatch } from '../notes/if-match.ts';
import { IfMatchHeaders } from '../notes/notes.schemas.ts';
import { createLink, createPerson, deleteLink, listBusinesses, listPersons, updateLink } from './links.service.ts';
import {
  createRelationType,
  deleteRelationType,
  listRelationTypes,
  updateRelationType,
} from './relation-types.service.ts';
import { createRelation, deleteRelation, listRelations } from './relations.service.ts';
import {
  ContactLink,
  ContactRelation,
  CreateLinkBody,
  CreatePersonBody,
  CreateRelationBody,
  CreateRelationTypeBody,
  LinkPage,
  LinkParams,
  PersonsQuery,
  RelationParams,
  RelationType,
  UpdateLinkBody,
  UpdateRelationTypeBody,
} from './relationships.schemas.ts';

const tags = ['Relationships'];

export const relationshipsRoutes: RoutePlugin = async (app) => {
  app.get(
    '/contacts/:id/businesses',
    {
      schema: {
        tags,
        summary: 'The businesses a person works for (primary first), with the details they use by reference',
        params: IdParams,
        response: { 200: z.object({ data: z.array(ContactLink) }) },
      },
    },
    async (req) => ({ data: await listBusinesses({ ctx: req.ctx, contactId: req.params.id }) }),
  );
  app.get(
    '/contacts/:id/persons',
    {
      schema: {
        tags,
        summary: 'A business’s contact persons, a page at a time (those with it as primary first, then by name)',
        params: IdParams,
        querystring: PersonsQuery,
        response: { 200: LinkPage },
      },
    },
    async (req) => listPersons({ ctx: req.ctx, contactId: req.params.id, ...req.query }),
  );
  app.post(
    '/contacts/:id/persons',
    {
      schema: {
        tags,
        summary: 'Create a new person linked to this business, in one step',
        params: IdParams,
        body: CreatePersonBody,
        response: { 201: ContactLink, ...errors(409, 422) },
      },
    },
    async (req, reply) => {
      const link = await createPerson({ ctx: req.ctx, contactId: req.params.id, input: req.body });
      return reply.status(201).header('etag', etag(link.version)).send(link);
    },
  );
  app.post(
    '/contacts/:id/links',
    {
      schema: {
        tags,
        summary: 'Link a person and a business (from either side) with a role, note, primary flag and references',
        params: IdParams,
        body: CreateLinkBody,
        response: { 201: ContactLink, ...errors(409, 422) },
      },
    },
    async (req, reply) => {
      const link = await createLink({ ctx: req.ctx, contactId: req.params.id, input: req.body });
      return reply.status(201).header('etag', etag(link.version)).send(link);
    },
  );
  app.patch(
    '/contacts/:id/links/:linkId',
    {
      schema: {
        tags,
        summary: 'Change a link’s role, note, primary flag or references (If-Match: its version)',
        params: LinkParams,
        headers: IfMatchHeaders,
        body: UpdateLinkBody,
        response: { 200: ContactLink, ...errors(409, 422) },
      },
    },
    async (req, reply) => {
      const link = await updateLink({
        ctx: req.ctx,
        contactId: req.params.id,
        linkId: req.params.linkId,
        input: req.body,
        expectedVersion: versionFromIfMatch(req.headers['if-match'], 'link'),
      });
      return reply.header('etag', etag(link.version)).send(link);
    },
  );
  app.delete(
    '/contacts/:id/links/:linkId',
    {
      schema: {
        tags,
        summary: 'Unlink a person and a business',
        params: LinkParams,
        response: { 204: z.undefined(), ...errors(409) },
      },
    },
    async (req, reply) => {
      await deleteLink({ ctx: req.ctx, contactId: req.params.id, linkId: req.params.linkId });
      return reply.status(204).send();
    },
  );

  app.get(
    '/contacts/:id/relations',
    {
      schema: {
        tags,
        summary: 'The contact’s relations, each labelled as read from this contact',
        params: IdParams,
        response: { 200: z.object({ data: z.array(ContactRelation) }) },
      },
    },
    async (req) => ({ data: await listRelations({ ctx: req.ctx, contactId: req.params.id }) }),
  );
  app.post(
    '/contacts/:id/relations',
    {
      schema: {
        tags,
        summary: 'Relate this contact to another one with a relation type',
        params: IdParams,
        body: CreateRelationBody,
        response: { 201: ContactRelation, ...errors(409, 422) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createRelation({ ctx: req.ctx, contactId: req.params.id, input: req.body })),
  );
  app.delete(
    '/contacts/:id/relations/:relationId',
    {
      schema: {
        tags,
        summary: 'Remove a relation (from either of its contacts)',
        params: RelationParams,
        response: { 204: z.undefined(), ...errors(409) },
      },
    },
    async (req, reply) => {
      await deleteRelation({ ctx: req.ctx, contactId: req.params.id, relationId: req.params.relationId });
      return reply.status(204).send();
    },
  );

  app.get(
    '/relation-types',
    {
      schema: {
        tags,
        summary: 'The workspace’s relation types with their inverse labels and usage',
        response: { 200: z.object({ data: z.array(RelationType) }) },
      },
    },
    async (req) => ({ data: await listRelationTypes(req.ctx) }),
  );
  app.post(
    '/relation-types',
    {
      schema: {
        tags,
        summary: 'Add a relation type (admins only)',
        body: CreateRelationTypeBody,
        response: { 201: RelationType, ...errors(403, 409) },
      },
    },
    async (req, reply) => {
      const type = await createRelationType({ ctx: req.ctx, input: req.body });
      return reply.status(201).header('etag', etag(type.version)).send(type);
    },
  );
  app.patch(
    '/relation-types/:id',
    {
      schema: {
        tags,
        summary: 'Rename or reorder a relation type (admins only; If-Match: its version)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateRelationTypeBody,
        response: { 200: RelationType, ...errors(403, 409) },
      },
    },
    async (req, reply) => {
      const type = await updateRelationType({
        ctx: req.ctx,
        typeId: req.params.id,
        input: req.body,
        expectedVersion: versionFromIfMatch(req.headers['if-match'], 'relation type'),
      });
      return reply.header('etag', etag(type.version)).send(type);
    },
  );
  app.delete(
    '/relation-types/:id',
    {
      schema: {
        tags,
        summary: 'Delete an unused relation type (admins only; one in use is refused with its usage count)',
        params: IdParams,
        response: { 204: z.undefined(), ...errors(403, 409) },
      },
    },
    async (req, reply) => {
      await deleteRelationType({ ctx: req.ctx, typeId: req.params.id });
      return reply.status(204).send();
    },
  );
};
