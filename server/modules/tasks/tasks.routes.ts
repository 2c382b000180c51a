import { z } from 'zod';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { etag, versionFromIfMatch } from '../notes/if-match.ts';
import { IfMatchHeaders } from '../notes/notes.schemas.ts';
import {
  ContactTasksQuery,
  CreateTaskBody,
  MyTasksQuery,
  Task,
  TaskPage,
  TaskSummary,
  TaskSummaryQuery,
  UpdateTaskBody,
} from './tasks.schemas.ts';
import {
  completeTask,
  createTask,
  deleteTask,
  getTask,
  listContactTasks,
  listTasks,
  reopenTask,
  summarizeTasks,
  updateTask,
} from './tasks.service.ts';

const tags = ['Tasks'];

export const tasksRoutes: RoutePlugin = async (app) => {
  app.get(
    '/contacts/:id/tasks',
    {
      schema: {
        tags,
        summary: 'A contact’s tasks, filtered by status',
        params: IdParams,
        querystring: ContactTasksQuery,
        response: { 200: TaskPage, ...errors(404) },
      },
    },
    async (req) => listContactTasks({ ctx: req.ctx, contactId: req.params.id, ...req.query }),
  );

  app.post(
    '/contacts/:id/tasks',
    {
      schema: {
        tags,
        summary: 'Create a task on a contact; the assignee defaults to the contact’s owner',
        params: IdParams,
        body: CreateTaskBody,
        response: { 201: Task, ...errors(404, 409) },
      },
    },
    async (req, reply) => {
      const task = await createTask({ ctx: req.ctx, contactId: req.params.id, input: req.body });
      return reply.status(201).header('etag', etag(task.version)).send(task);
    },
  );

  app.get(
    '/tasks',
    {
      schema: {
        tags,
        summary: 'Tasks across contacts (the "My tasks" page with assigneeId=me), by bucket',
        querystring: MyTasksQuery,
        response: { 200: TaskPage },
      },
    },
    async (req) => listTasks({ ctx: req.ctx, ...req.query }),
  );

  app.get(
    '/tasks/summary',
    {
      schema: {
        tags,
        summary: 'How many tasks each bucket holds (for the "My tasks" tabs)',
        querystring: TaskSummaryQuery,
        response: { 200: TaskSummary },
      },
    },
    async (req) => summarizeTasks({ ctx: req.ctx, assigneeId: req.query.assigneeId }),
  );

  app.get(
    '/tasks/:id',
    { schema: { tags, summary: 'One task', params: IdParams, response: { 200: Task, ...errors(404) } } },
    async (req, reply) => {
      const task = await getTask({ ctx: req.ctx, taskId: req.params.id });
      return reply.header('etag', etag(task.version)).send(task);
    },
  );

  app.patch(
    '/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Edit a task (If-Match with its version refuses a stale edit)',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateTaskBody,
        response: { 200: Task, ...errors(404, 409) },
      },
    },
    async (req, reply) => {
      const task = await updateTask({
        ctx: req.ctx,
        taskId: req.params.id,
        input: req.body,
        expectedVersion: versionFromIfMatch(req.headers['if-match']),
      });
      return reply.header('etag', etag(task.version)).send(task);
    },
  );

  app.post(
    '/tasks/:id/complete',
    {
      schema: {
        tags,
        summary: 'Mark a task done',
        params: IdParams,
        response: { 200: Task, ...errors(404, 409) },
      },
    },
    async (req) => completeTask({ ctx: req.ctx, taskId: req.params.id }),
  );

  app.post(
    '/tasks/:id/reopen',
    {
      schema: {
        tags,
        summary: 'Set a completed task back to pending',
        params: IdParams,
        response: { 200: Task, ...errors(404, 409) },
      },
    },
    async (req) => reopenTask({ ctx: req.ctx, taskId: req.params.id }),
  );

  app.delete(
    '/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Delete a task (journaled)',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: z.undefined(), ...errors(404, 409) },
      },
    },
    async (req, reply) => {
      await deleteTask({
        ctx: req.ctx,
        taskId: req.params.id,
        expectedVersion: versionFromIfMatch(req.headers['if-match']),
      });
      return reply.status(204).send();
    },
  );
};
