import { z } from 'zod';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { etag, versionFromIfMatch } from '../notes/if-match.ts';
import { getBoard, getColumnPage, getForecast } from './board.service.ts';
import {
  Board,
  BoardQuery,
  ColumnPage,
  ColumnQuery,
  ContactOpportunities,
  ContactOpportunitiesQuery,
  CreateOpportunityBody,
  Forecast,
  Opportunity,
  OpportunityListQuery,
  OpportunityPage,
  UpdateOpportunityBody,
} from './opportunities.schemas.ts';
import {
  createOpportunity,
  deleteOpportunity,
  getOpportunity,
  listContactOpportunities,
  listOpportunities,
  updateOpportunity,
} from './opportunities.service.ts';
import { VersionHeaders, StageParams } from './pipelines.schemas.ts';

const tags = ['Opportunities'];
const ifMatch = (h: string | undefined) => versionFromIfMatch(h, 'opportunity');

export const opportunitiesRoutes: RoutePlugin = async (app) => {
  app.get(
    '/opportunities',
    {
      schema: {
        tags,
        summary: 'Opportunities, newest first, with totals over every match',
        querystring: OpportunityListQuery,
        response: { 200: OpportunityPage },
      },
    },
    async (req) => listOpportunities({ ctx: req.ctx, query: req.query }),
  );

  app.post(
    '/opportunities',
    {
      schema: {
        tags,
        summary: 'Open an opportunity on a contact (journaled on the contact)',
        body: CreateOpportunityBody,
        response: { 201: Opportunity, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const opportunity = await createOpportunity({ ctx: req.ctx, input: req.body });
      return reply.status(201).header('etag', etag(opportunity.version)).send(opportunity);
    },
  );

  app.get(
    '/opportunities/:id',
    { schema: { tags, summary: 'One opportunity', params: IdParams, response: { 200: Opportunity, ...errors(404) } } },
    async (req, reply) => {
      const opportunity = await getOpportunity({ ctx: req.ctx, opportunityId: req.params.id });
      return reply.header('etag', etag(opportunity.version)).send(opportunity);
    },
  );

  app.patch(
    '/opportunities/:id',
    {
      schema: {
        tags,
        summary: 'Change an opportunity: move its stage, win, lose (with a reason), reopen, edit',
        description:
          'Send If-Match with the version you saw; a stale one is refused with 409 `version_conflict` whose `current` member is the opportunity as it is now.',
        params: IdParams,
        headers: VersionHeaders,
        body: UpdateOpportunityBody,
        response: { 200: Opportunity, ...errors(400, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const opportunity = await updateOpportunity({
        ctx: req.ctx,
        opportunityId: req.params.id,
        input: req.body,
        expectedVersion: ifMatch(req.headers['if-match']),
      });
      return reply.header('etag', etag(opportunity.version)).send(opportunity);
    },
  );

  app.delete(
    '/opportunities/:id',
    {
      schema: {
        tags,
        summary: 'Delete an opportunity (a won one is refused: reopen it first)',
        params: IdParams,
        headers: VersionHeaders,
        response: { 204: z.undefined(), ...errors(400, 404, 409) },
      },
    },
    async (req, reply) => {
      await deleteOpportunity({
        ctx: req.ctx,
        opportunityId: req.params.id,
        expectedVersion: ifMatch(req.headers['if-match']),
      });
      return reply.status(204).send();
    },
  );

  app.get(
    '/contacts/:id/opportunities',
    {
      schema: {
        tags,
        summary:
          'A contact’s opportunities (as main or further contact, and with linked=true those of a person’s businesses): open first, then their own before their businesses’, then newest',
        params: IdParams,
        querystring: ContactOpportunitiesQuery,
        response: { 200: ContactOpportunities, ...errors(404) },
      },
    },
    async (req) => ({
      data: await listContactOpportunities({ ctx: req.ctx, contactId: req.params.id, linked: req.query.linked }),
    }),
  );

  app.get(
    '/pipelines/:id/board',
    {
      schema: {
        tags,
        summary: 'The board: every stage’s first open cards (longest in the stage first), count and value',
        params: IdParams,
        querystring: BoardQuery,
        response: { 200: Board, ...errors(404) },
      },
    },
    async (req) =>
      getBoard({ ctx: req.ctx, pipelineId: req.params.id, ownerId: req.query.ownerId, limit: req.query.limit }),
  );

  app.get(
    '/pipelines/:id/board/:stageId',
    {
      schema: {
        tags,
        summary: 'More cards of one column, after the cursor the previous page gave',
        params: StageParams,
        querystring: ColumnQuery.extend(BoardQuery.pick({ ownerId: true }).shape),
        response: { 200: ColumnPage, ...errors(404) },
      },
    },
    async (req) =>
      getColumnPage({
        ctx: req.ctx,
        pipelineId: req.params.id,
        stageId: req.params.stageId,
        ownerId: req.query.ownerId,
        cursor: req.query.cursor,
        limit: req.query.limit,
      }),
  );

  app.get(
    '/pipelines/:id/forecast',
    {
      schema: {
        tags,
        summary: 'Open value and value × probability per stage and per owner',
        params: IdParams,
        response: { 200: Forecast, ...errors(404) },
      },
    },
    async (req) => getForecast({ ctx: req.ctx, pipelineId: req.params.id }),
  );
};
