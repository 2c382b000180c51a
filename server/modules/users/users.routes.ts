import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { deactivateUser, getDeactivationImpact } from './deactivate-user.ts';
import {
  CreateUserBody,
  DeactivateUserBody,
  DeactivationImpact,
  UpdateMeBody,
  UpdateUserBody,
  User,
  UserListQuery,
} from './users.schemas.ts';
import { createUser, getUser, listUsers, reactivateUser, updateMe, updateUser } from './users.service.ts';

const tags = ['Users'];

export const usersRoutes: RoutePlugin = async (app) => {
  app.get(
    '/users',
    {
      schema: {
        tags,
        summary: 'List the users of the workspace',
        querystring: UserListQuery,
        response: { 200: z.object({ data: z.array(User) }) },
      },
    },
    async (req) => ({ data: await listUsers({ ctx: req.ctx, status: req.query.status }) }),
  );

  app.post(
    '/users',
    {
      schema: {
        tags,
        summary: 'Create a user (admins only)',
        body: CreateUserBody,
        response: { 201: User, ...errors(403, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(await createUser({ ctx: req.ctx, input: req.body })),
  );

  app.get(
    '/users/me',
    { schema: { tags, summary: 'The signed-in user', response: { 200: User, ...errors(403) } } },
    async (req) => {
      const userId = req.ctx.principal.userId;
      if (!userId) throw new AppError('forbidden', 403, 'An API key has no user profile');
      return getUser({ ctx: req.ctx, userId });
    },
  );

  app.patch(
    '/users/me',
    {
      schema: {
        tags,
        summary: 'Update your own profile or password; a new password signs out your other sessions',
        body: UpdateMeBody,
        response: { 200: User, ...errors(403, 429) },
      },
    },
    async (req) =>
      updateMe({ ctx: req.ctx, input: req.body, sessionId: req.caller?.session?.id ?? null, clientAddress: req.ip }),
  );

  app.get(
    '/users/:id',
    { schema: { tags, summary: 'One user', params: IdParams, response: { 200: User, ...errors(404) } } },
    async (req) => getUser({ ctx: req.ctx, userId: req.params.id }),
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags,
        summary: 'Change a user’s name, role or contact access (admins only)',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: User, ...errors(403, 404, 409) },
      },
    },
    async (req) => updateUser({ ctx: req.ctx, userId: req.params.id, input: req.body }),
  );

  app.get(
    '/users/:id/deactivation',
    {
      schema: {
        tags,
        summary:
          'What deactivating a user leaves to hand over: contacts owned, open tasks, calendars owned (admins only)',
        params: IdParams,
        response: { 200: DeactivationImpact, ...errors(403, 404) },
      },
    },
    async (req) => getDeactivationImpact({ ctx: req.ctx, userId: req.params.id }),
  );

  app.post(
    '/users/:id/deactivate',
    {
      schema: {
        tags,
        summary:
          'Deactivate a user (admins only), handing their contacts, open tasks and calendars to the given users in the same step; refused while they still own contacts',
        params: IdParams,
        body: DeactivateUserBody,
        response: { 200: User, ...errors(403, 404, 409) },
      },
    },
    async (req) => deactivateUser({ ctx: req.ctx, userId: req.params.id, targets: req.body ?? {} }),
  );

  app.post(
    '/users/:id/reactivate',
    {
      schema: {
        tags,
        summary: 'Reactivate a user (admins only)',
        params: IdParams,
        response: { 200: User, ...errors(403, 404) },
      },
    },
    async (req) => reactivateUser({ ctx: req.ctx, userId: req.params.id }),
  );
};
