import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors } from '../../platform/http/schemas.ts';
import { UpdateWorkspaceBody, Workspace } from './workspaces.schemas.ts';
import { getWorkspace, updateWorkspace } from './workspaces.service.ts';

const tags = ['Workspace'];

export const workspacesRoutes: RoutePlugin = async (app) => {
  app.get(
    '/workspace',
    { schema: { tags, summary: 'The current workspace', response: { 200: Workspace } } },
    async (req) => getWorkspace({ ctx: req.ctx }),
  );
  app.patch(
    '/workspace',
    {
      schema: {
        tags,
        summary: 'Rename the workspace or change its defaults (admins only)',
        body: UpdateWorkspaceBody,
        response: { 200: Workspace, ...errors(403) },
      },
    },
    async (req) => updateWorkspace({ ctx: req.ctx, input: req.body }),
  );
};
