import { rawResponse } from '../../platform/http/openapi.ts';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { IdParams } from '../../platform/http/schemas.ts';
import { getFileForDownload } from './files.service.ts';

export const filesRoutes: RoutePlugin = async (app, { deps }) => {
  app.get(
    '/files/:id',
    {
      schema: {
        tags: ['Files'],
        summary: 'Download a stored file (pictures, attachments)',
        params: IdParams,
        response: { 200: rawResponse('The file, with its own content type', '*/*') },
      },
    },
    async (req, reply) => {
      const file = await getFileForDownload(req.ctx, req.params.id);
      const stream = await deps.storage.get(file.storageKey);
      const inline = file.contentType.startsWith('image/') || file.contentType === 'application/pdf';
      return reply
        .type(file.contentType)
        .header('content-length', file.size)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=31536000, immutable')
        .header(
          'content-disposition',
          `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        )
        .send(stream);
    },
  );
};
