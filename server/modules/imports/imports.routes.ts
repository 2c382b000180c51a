import { z } from 'zod';
import { CSV_CONTENT_TYPE } from '../../platform/csv.ts';
import { rawResponse } from '../../platform/http/openapi.ts';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams, Problem } from '../../platform/http/schemas.ts';
import { IfMatchHeaders } from '../contacts/contact-http.ts';
import { etag, versionFromIfMatch } from '../notes/if-match.ts';
import { standardTargets } from './auto-map.ts';
import {
  ApplyMappingBody,
  Import,
  ImportMapping,
  ImportTargets,
  KeptContacts,
  Preview,
  SaveMappingBody,
  UpdateImportBody,
} from './imports.schemas.ts';
import {
  applyMapping,
  cancelImport,
  createImport,
  deleteMapping,
  getImport,
  keptContacts,
  listImports,
  listMappings,
  previewImport,
  rejectsCsv,
  saveMapping,
  startImport,
  undoImport,
  updateImport,
} from './imports.service.ts';

const tags = ['Imports'];
const ifMatch = (h: { 'if-match'?: string }) => versionFromIfMatch(h['if-match'], 'import');

export const importsRoutes: RoutePlugin = async (app) => {
  app.get(
    '/imports',
    {
      schema: {
        tags,
        summary: 'Imports, newest first (members see the ones they started)',
        response: { 200: z.object({ data: z.array(Import) }) },
      },
    },
    async (req) => ({ data: await listImports({ ctx: req.ctx }) }),
  );
  app.post(
    '/imports',
    {
      schema: {
        tags,
        summary:
          'Upload a CSV or vCard file (multipart "file"): its encoding, delimiter and columns are read and mapped',
        description:
          'Reads UTF-8 (with or without BOM), UTF-16 and Windows-1252; comma, semicolon or tab; vCard 3.0 and 4.0. The import starts as a draft: check the mapping and preview, then POST /imports/{id}/start.',
        consumes: ['multipart/form-data'],
        response: { 201: Import, 400: Problem, 401: Problem, 413: Problem, 415: Problem, 422: Problem },
      },
    },
    async (req, reply) => {
      // One byte over the limit lets the upload's own count see a file too large (busboy would cut it silently).
      const part = await req.file({ limits: { fileSize: req.ctx.deps.config.IMPORT_MAX_BYTES + 1 } });
      const created = await createImport({ ctx: req.ctx, part });
      return reply.status(201).header('etag', etag(created.version)).send(created);
    },
  );
  app.get(
    '/imports/targets',
    {
      schema: { tags, summary: 'The standard fields a column can be imported into', response: { 200: ImportTargets } },
    },
    async () => ({ standard: [...standardTargets] }),
  );
  app.get(
    '/imports/:id',
    {
      schema: {
        tags,
        summary: 'One import with its live progress',
        params: IdParams,
        response: { 200: Import, ...errors(404) },
      },
    },
    async (req, reply) => {
      const row = await getImport({ ctx: req.ctx, importId: req.params.id });
      return reply.header('etag', etag(row.version)).send(row);
    },
  );
  app.patch(
    '/imports/:id',
    {
      schema: {
        tags,
        summary: 'Change the name, column mapping or options of an import not started yet',
        params: IdParams,
        headers: IfMatchHeaders,
        body: UpdateImportBody,
        response: { 200: Import, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const row = await updateImport({
        ctx: req.ctx,
        importId: req.params.id,
        ifMatch: ifMatch(req.headers),
        input: req.body,
      });
      return reply.header('etag', etag(row.version)).send(row);
    },
  );
  app.get(
    '/imports/:id/preview',
    {
      schema: {
        tags,
        summary: 'The first rows as they will be stored, with every problem per cell; nothing is written',
        params: IdParams,
        response: { 200: Preview, ...errors(404, 422) },
      },
    },
    async (req) => previewImport({ ctx: req.ctx, importId: req.params.id }),
  );
  app.post(
    '/imports/:id/start',
    {
      schema: {
        tags,
        summary: 'Start the import: a background job writes the rows in batches',
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 200: Import, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) => {
      const row = await startImport({ ctx: req.ctx, importId: req.params.id, ifMatch: ifMatch(req.headers) });
      return reply.header('etag', etag(row.version)).send(row);
    },
  );
  app.post(
    '/imports/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Stop a running import after its current batch (what was written stays; undo takes it back)',
        params: IdParams,
        response: { 200: Import, ...errors(404, 409) },
      },
    },
    async (req) => cancelImport({ ctx: req.ctx, importId: req.params.id }),
  );
  app.post(
    '/imports/:id/undo',
    {
      schema: {
        tags,
        summary: 'Undo: archive the contacts the import created and revert what it changed, unless changed since',
        params: IdParams,
        response: { 200: Import, ...errors(404, 409) },
      },
    },
    async (req) => undoImport({ ctx: req.ctx, importId: req.params.id }),
  );
  app.get(
    '/imports/:id/kept',
    {
      schema: {
        tags,
        summary: 'Contacts an undo left as they were because they changed after the import',
        params: IdParams,
        response: { 200: KeptContacts, ...errors(404) },
      },
    },
    async (req) => ({ data: await keptContacts({ ctx: req.ctx, importId: req.params.id }) }),
  );
  app.get(
    '/imports/:id/rejects.csv',
    {
      schema: {
        tags,
        summary: 'The rejected rows as CSV, the reason in an added last column (fix and import again)',
        params: IdParams,
        produces: ['text/csv'],
        response: { 200: rawResponse('The CSV file (UTF-8 with a byte-order mark)', 'text/csv'), ...errors(404) },
      },
    },
    async (req, reply) => {
      const { filename, body } = await rejectsCsv({ ctx: req.ctx, importId: req.params.id });
      return reply
        .type(CSV_CONTENT_TYPE)
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  );

  // ── Saved mappings ─────────────────────────────────────────────────────────────────────────
  app.get(
    '/import-mappings',
    {
      schema: { tags, summary: 'Saved column mappings', response: { 200: z.object({ data: z.array(ImportMapping) }) } },
    },
    async (req) => ({ data: await listMappings({ ctx: req.ctx }) }),
  );
  app.post(
    '/import-mappings',
    {
      schema: {
        tags,
        summary: 'Save an import’s current mapping under a name; files with the same columns get it automatically',
        body: SaveMappingBody,
        response: { 201: ImportMapping, ...errors(404) },
      },
    },
    async (req, reply) => reply.status(201).send(await saveMapping({ ctx: req.ctx, input: req.body })),
  );
  app.post(
    '/imports/:id/apply-mapping',
    {
      schema: {
        tags,
        summary: 'Apply a saved mapping to an import not started yet',
        params: IdParams,
        headers: IfMatchHeaders,
        body: ApplyMappingBody,
        response: { 200: Import, ...errors(404, 409, 422) },
      },
    },
    async (req) =>
      applyMapping({
        ctx: req.ctx,
        importId: req.params.id,
        mappingId: req.body.mappingId,
        ifMatch: ifMatch(req.headers),
      }),
  );
  app.delete(
    '/import-mappings/:id',
    {
      schema: {
        tags,
        summary: 'Delete a saved mapping',
        params: IdParams,
        response: { 204: z.undefined(), ...errors(404) },
      },
    },
    async (req, reply) => {
      await deleteMapping({ ctx: req.ctx, mappingId: req.params.id });
      return reply.status(204).send();
    },
  );
};
