import { z } from 'zod';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { CreateTeamBody, Team, UpdateTeamBody } from './teams.schemas.ts';
import { createTeam, deleteTeam, getTeam, listTeams, updateTeam } from './teams.service.ts';

const tags = ['Teams'];

export const teamsRoutes: RoutePlugin = async (app) => {
  app.get(
    '/teams',
    {
      schema: {
        tags,
        summary: 'List sales teams with their members',
        response: { 200: z.object({ data: z.array(Team) }) },
      },
    },
    async (req) => ({ data: await listTeams({ ctx: req.ctx }) }),
  );
  app.post(
    '/teams',
    {
      schema: {
        tags,
        summary: 'Create a team (admins only)',
        body: CreateTeamBody,
        response: { 201: Team, ...errors(403, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(await createTeam({ ctx: req.ctx, input: req.body })),
  );
  app.get(
    '/teams/:id',
    { schema: { tags, summary: 'One team', params: IdParams, response: { 200: Team, ...errors(404) } } },
    async (req) => getTeam({ ctx: req.ctx, teamId: req.params.id }),
  );
  app.patch(
    '/teams/:id',
    {
      schema: {
        tags,
        summary: 'Rename a team or set its members and leader (admins only)',
        params: IdParams,
        body: UpdateTeamBody,
        response: { 200: Team, ...errors(403, 404, 409) },
      },
    },
    async (req) => updateTeam({ ctx: req.ctx, teamId: req.params.id, input: req.body }),
  );
  app.delete(
    '/teams/:id',
    {
      schema: {
        tags,
        summary: 'Delete a team; its contacts keep their owner and lose the team (admins only)',
        params: IdParams,
        response: { 204: z.undefined(), ...errors(403, 404) },
      },
    },
    async (req, reply) => {
      await deleteTeam({ ctx: req.ctx, teamId: req.params.id });
      return reply.status(204).send();
    },
  );
};
