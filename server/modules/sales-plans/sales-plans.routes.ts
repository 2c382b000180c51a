import { z } from 'zod';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { etag, versionFromIfMatch } from '../notes/if-match.ts';
import { IfMatchHeaders } from '../notes/notes.schemas.ts';
import { salesPlanReport } from './sales-plan-report.ts';
import {
  CreateSalesPlanBody,
  SalesPlan,
  SalesPlanListQuery,
  SalesPlanReport,
  SalesPlanReportQuery,
  SetYearBody,
  UpdateSalesPlanBody,
} from './sales-plans.schemas.ts';
import {
  createSalesPlan,
  deleteSalesPlan,
  getSalesPlan,
  listSalesPlans,
  setSalesPlanYear,
  updateSalesPlan,
} from './sales-plans.service.ts';

const tags = ['Sales plans'];

export const salesPlansRoutes: RoutePlugin = async (app) => {
  app.get(
    '/sales-plans',
    {
      schema: {
        tags,
        summary: 'Revenue targets per team and month or quarter, by year and team',
        querystring: SalesPlanListQuery,
        response: { 200: z.object({ data: z.array(SalesPlan) }), ...errors(404) },
      },
    },
    async (req) => ({ data: await listSalesPlans({ ctx: req.ctx, ...req.query }) }),
  );

  app.post(
    '/sales-plans',
    {
      schema: {
        tags,
        summary: 'Set a team’s target for one month or quarter (admins and the team’s leader)',
        description:
          'periodStart is the first day of the month, or of the quarter (1 Jan, 1 Apr, 1 Jul, 1 Oct); another day → 400 invalid_period_start. A second target for the same team and period → 409 sales_plan_exists.',
        body: CreateSalesPlanBody,
        response: { 201: SalesPlan, ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => {
      const plan = await createSalesPlan({ ctx: req.ctx, input: req.body });
      return reply.status(201).header('etag', etag(plan.version)).send(plan);
    },
  );

  app.put(
    '/sales-plans/year',
    {
      schema: {
        tags,
        summary: 'Set a team’s 12 monthly or 4 quarterly targets of a year at once (null removes one)',
        body: SetYearBody,
        response: { 200: z.object({ data: z.array(SalesPlan) }), ...errors(403, 404) },
      },
    },
    async (req) => ({ data: await setSalesPlanYear({ ctx: req.ctx, input: req.body }) }),
  );

  app.get(
    '/sales-plans/report',
    {
      schema: {
        tags,
        summary: 'Planned vs won vs forecast per team and period of a year, in the workspace currency',
        description:
          'Won: opportunities won in the period (closing moment in the workspace time zone), counted for their team. Forecast: won plus open opportunities expected to close in the period × their likelihood (or their stage’s probability). Deals and targets in other currencies are listed under excluded. A member limited to their own contacts sees only the teams they belong to.',
        querystring: SalesPlanReportQuery,
        response: { 200: SalesPlanReport, ...errors(404) },
      },
    },
    async (req) => salesPlanReport({ ctx: req.ctx, ...req.query }),
  );

  app.get(
    '/sales-plans/:id',
    { schema: { tags, summary: 'One sales plan', params: IdParams, response: { 200: SalesPlan, ...errors(404) } } },
    async (req, reply) => {
      const plan = await getSalesPlan({ ctx: req.ctx, planId: req.params.id });
      return reply.header('etag', etag(plan.version)).send(plan);
    },
  );

  app.patch(
    '/sales-plans/:id',
    {
      schema: {
        tags,
        summary: 'Change a target (send If-Match with its version to refuse a stale edit)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateSalesPlanBody,
        response: { 200: SalesPlan, ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => {
      const plan = await updateSalesPlan({
        ctx: req.ctx,
        planId: req.params.id,
        input: req.body,
        expectedVersion: versionFromIfMatch(req.headers['if-match'], 'sales plan'),
      });
      return reply.header('etag', etag(plan.version)).send(plan);
    },
  );

  app.delete(
    '/sales-plans/:id',
    {
      schema: {
        tags,
        summary: 'Remove a target',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: z.undefined(), ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => {
      await deleteSalesPlan({
        ctx: req.ctx,
        planId: req.params.id,
        expectedVersion: versionFromIfMatch(req.headers['if-match'], 'sales plan'),
      });
      return reply.status(204).send();
    },
  );
};
