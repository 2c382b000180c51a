import { CSV_CONTENT_TYPE } from '../../platform/csv.ts';
import { rawResponse } from '../../platform/http/openapi.ts';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors } from '../../platform/http/schemas.ts';
import { AuditFilterQuery, AuditLogPage, AuditLogQuery } from './audit-log.schemas.ts';
import { exportAuditLog, listAuditLog } from './audit-log.service.ts';

const tags = ['Audit log'];

export const auditLogRoutes: RoutePlugin = async (app) => {
  app.get(
    '/audit-log',
    {
      schema: {
        tags,
        summary: 'Every journal entry of the workspace, newest first (admins only)',
        querystring: AuditLogQuery,
        response: { 200: AuditLogPage, ...errors(403) },
      },
    },
    async (req) => {
      const { cursor, limit, ...filter } = req.query;
      return listAuditLog({ ctx: req.ctx, filter, cursor, limit });
    },
  );

  app.get(
    '/audit-log/export',
    {
      schema: {
        tags,
        summary: 'The filtered audit log as a CSV download (admins only)',
        description:
          'Columns: time, kind, category, actor type, actor, contact id, contact name, subject, details, entry id. Members get 403 (problem+json).',
        querystring: AuditFilterQuery,
        produces: ['text/csv'],
        response: { 200: rawResponse('The CSV file (UTF-8 with a byte-order mark)', 'text/csv'), ...errors(403) },
      },
    },
    async (req, reply) => {
      const stream = exportAuditLog({ ctx: req.ctx, filter: req.query });
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type(CSV_CONTENT_TYPE)
        .header('content-disposition', `attachment; filename="audit-log-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(stream);
    },
  );
};
