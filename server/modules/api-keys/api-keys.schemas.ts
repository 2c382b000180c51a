import { z } from 'zod';
import { Timestamp } from '../../platform/http/schemas.ts';

export const ApiKey = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().describe('The first characters of the key, to recognise it'),
    role: z.enum(['admin', 'member']).describe('The most the key may do; never more than its creator may do now'),
    createdBy: z
      .object({ id: z.uuid(), name: z.string(), status: z.enum(['active', 'deactivated']) })
      .describe('The user the key acts for'),
    effectiveRole: z
      .enum(['admin', 'member'])
      .nullable()
      .describe(
        'What the key may do now: the lower of its role and its creator’s current role; null while the creator is deactivated (the key is refused)',
      ),
    createdAt: Timestamp,
    lastUsedAt: Timestamp.nullable(),
    revokedAt: Timestamp.nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKeyDto = z.infer<typeof ApiKey>;

export const CreatedApiKey = ApiKey.extend({
  key: z.string().describe('The secret. Shown only in this response; store it now.'),
}).meta({ id: 'CreatedApiKey' });

export const CreateApiKeyBody = z.object({
  name: z.string().trim().min(1).max(80),
  role: z.enum(['admin', 'member']).default('admin'),
});
