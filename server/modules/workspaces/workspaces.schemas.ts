import { z } from 'zod';
import { Timestamp } from '../../platform/http/schemas.ts';

export const Workspace = z
  .object({
    id: z.uuid(),
    name: z.string(),
    defaultLanguage: z.string(),
    timezone: z.string(),
    currency: z.string(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Workspace' });
export type WorkspaceDto = z.infer<typeof Workspace>;

export const UpdateWorkspaceBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    defaultLanguage: z.string().regex(/^[a-z]{2}$/, 'An ISO 639-1 code such as "en"'),
    timezone: z.string().min(1).max(64),
    currency: z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as "EUR"'),
  })
  .partial();
