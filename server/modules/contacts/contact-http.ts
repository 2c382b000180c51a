// HTTP helpers shared by the contact routes: the ETag on profiles and the If-Match header.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { sendTrusted } from '../../platform/http/trusted.ts';
import type { ContactProfileDto } from './contacts.schemas.ts';

/** Every response carrying a profile also carries its version as ETag, for the next If-Match. */
export function sendProfile(reply: FastifyReply, profile: ContactProfileDto, status = 200) {
  return sendTrusted(reply.status(status).header('etag', `"${profile.version}"`), profile);
}

export const IfMatchHeaders = z
  .object({
    'if-match': z
      .string()
      .max(40)
      .optional()
      .describe('The version you edited (from ETag); stale → 409 version_conflict'),
  })
  .loose();
