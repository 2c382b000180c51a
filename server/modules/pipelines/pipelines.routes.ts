import { z } from 'zod';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { etag, versionFromIfMatch } from '../notes/if-match.ts';
import {
  CreatePipelineBody,
  CreateStageBody,
  DeleteStageQuery,
  VersionHeaders,
  Pipeline,
  ReorderStagesBody,
  StageParams,
  UpdatePipelineBody,
  UpdateStageBody,
} from './pipelines.schemas.ts';
import {
  createPipeline,
  createStage,
  deletePipeline,
  deleteStage,
  getPipeline,
  listPipelines,
  reorderStages,
  updatePipeline,
  updateStage,
} from './pipelines.service.ts';

const tags = ['Pipelines'];
const ifMatch = (h: string | undefined) => versionFromIfMatch(h, 'pipeline');

export const pipelinesRoutes: RoutePlugin = async (app) => {
  app.get(
    '/pipelines',
    {
      schema: {
        tags,
        summary: 'The workspace’s pipelines in order, each with its stages',
        response: { 200: z.object({ data: z.array(Pipeline) }) },
      },
    },
    async (req) => ({ data: await listPipelines({ ctx: req.ctx }) }),
  );

  app.post(
    '/pipelines',
    {
      schema: {
        tags,
        summary: 'Create a pipeline (admins only)',
        body: CreatePipelineBody,
        response: { 201: Pipeline, ...errors(403, 409) },
      },
    },
    async (req, reply) => {
      const pipeline = await createPipeline({ ctx: req.ctx, input: req.body });
      return reply.status(201).header('etag', etag(pipeline.version)).send(pipeline);
    },
  );

  app.get(
    '/pipelines/:id',
    {
      schema: {
        tags,
        summary: 'One pipeline with its stages',
        params: IdParams,
        response: { 200: Pipeline, ...errors(404) },
      },
    },
    async (req, reply) => {
      const pipeline = await getPipeline({ ctx: req.ctx, pipelineId: req.params.id });
      return reply.header('etag', etag(pipeline.version)).send(pipeline);
    },
  );

  app.patch(
    '/pipelines/:id',
    {
      schema: {
        tags,
        summary: 'Rename or reposition a pipeline (admins only; If-Match)',
        params: IdParams,
        headers: VersionHeaders,
        body: UpdatePipelineBody,
        response: { 200: Pipeline, ...errors(400, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const pipeline = await updatePipeline({
        ctx: req.ctx,
        pipelineId: req.params.id,
        input: req.body,
        expectedVersion: ifMatch(req.headers['if-match']),
      });
      return reply.header('etag', etag(pipeline.version)).send(pipeline);
    },
  );

  app.delete(
    '/pipelines/:id',
    {
      schema: {
        tags,
        summary: 'Delete a pipeline (admins only); one holding opportunities is refused with 409 pipeline_in_use',
        params: IdParams,
        headers: VersionHeaders,
        response: { 204: z.undefined(), ...errors(400, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      await deletePipeline({
        ctx: req.ctx,
        pipelineId: req.params.id,
        expectedVersion: ifMatch(req.headers['if-match']),
      });
      return reply.status(204).send();
    },
  );

  app.post(
    '/pipelines/:id/stages',
    {
      schema: {
        tags,
        summary: 'Add a stage (admins only; If-Match with the pipeline’s version)',
        params: IdParams,
        headers: VersionHeaders,
        body: CreateStageBody,
        response: { 201: Pipeline, ...errors(400, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const pipeline = await createStage({
        ctx: req.ctx,
        pipelineId: req.params.id,
        input: req.body,
        expectedVersion: ifMatch(req.headers['if-match']),
      });
      return reply.status(201).header('etag', etag(pipeline.version)).send(pipeline);
    },
  );

  app.put(
    '/pipelines/:id/stages/order',
    {
      schema: {
        tags,
        summary: 'Reorder the stages (admins only; If-Match with the pipeline’s version)',
        params: IdParams,
        headers: VersionHeaders,
        body: ReorderStagesBody,
        response: { 200: Pipeline, ...errors(400, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const pipeline = await reorderStages({
        ctx: req.ctx,
        pipelineId: req.params.id,
        stageIds: req.body.stageIds,
        expectedVersion: ifMatch(req.headers['if-match']),
      });
      return reply.header('etag', etag(pipeline.version)).send(pipeline);
    },
  );

  app.patch(
    '/pipelines/:id/stages/:stageId',
    {
      schema: {
        tags,
        summary: 'Rename a stage or change its probability or rotting days (admins only; If-Match)',
        params: StageParams,
        headers: VersionHeaders,
        body: UpdateStageBody,
        response: { 200: Pipeline, ...errors(400, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const pipeline = await updateStage({
        ctx: req.ctx,
        pipelineId: req.params.id,
        stageId: req.params.stageId,
        input: req.body,
        expectedVersion: ifMatch(req.headers['if-match']),
      });
      return reply.header('etag', etag(pipeline.version)).send(pipeline);
    },
  );

  app.delete(
    '/pipelines/:id/stages/:stageId',
    {
      schema: {
        tags,
        summary: 'Delete a stage (admins only; If-Match); its opportunities move to ?moveTo, else 409 stage_in_use',
        params: StageParams,
        headers: VersionHeaders,
        querystring: DeleteStageQuery,
        response: { 200: Pipeline, ...errors(400, 403, 404, 409, 422) },
      },
    },
    async (req, reply) => {
      const pipeline = await deleteStage({
        ctx: req.ctx,
        pipelineId: req.params.id,
        stageId: req.params.stageId,
        moveTo: req.query.moveTo,
        expectedVersion: ifMatch(req.headers['if-match']),
      });
      return reply.header('etag', etag(pipeline.version)).send(pipeline);
    },
  );
};
