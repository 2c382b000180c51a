// Everything that arrives from outside: raw MIME email (API key), Twilio's webhooks (signed with the
// workspace's auth token), and the two actions on mail no contact matched.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireAdmin } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { rawResponse } from '../../platform/http/openapi.ts';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import {
  AttachMessageBody,
  CreateContactFromMessageBody,
  InboundEmailAccepted,
  TwilioForm,
  TwilioParams,
} from './inbound.schemas.ts';
import { Message } from '../conversations/conversations.schemas.ts';
import { attachMessage, createContactFromMessage } from './unmatched-messages.ts';
import { inboundApiEnabled } from './inbound-recipients.ts';
import { ingestEmail } from './ingest-email.ts';
import { receiveTwilioCall, receiveTwilioMessage, receiveTwilioStatus, twilioAccount } from './twilio-inbound.ts';
import { isValidTwilioSignature, publicRequestUrl, type FormParams } from './twilio-signature.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/** application/x-www-form-urlencoded → names and values; a repeated name keeps every value. */
export function parseForm(body: string): FormParams {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const prev = out[name];
    out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

export const inboundRoutes: RoutePlugin = async (app, { deps }) => {
  // Scoped to this plugin's routes: the rest of the API speaks JSON only.
  app.addContentTypeParser(
    'message/rfc822',
    { parseAs: 'buffer', bodyLimit: deps.config.INBOUND_MAX_BYTES },
    (_req, body, done) => done(null, body),
  );
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 256 * 1024 },
    (_req, body, done) => done(null, parseForm(body as string)),
  );

  app.post(
    '/inbound/email',
    {
      bodyLimit: deps.config.INBOUND_MAX_BYTES,
      schema: {
        tags: ['Inbound'],
        summary: 'Receive one email as raw MIME (message/rfc822); stored once per Message-ID',
        description:
          'For mail gateways and forwarding services. The sender is matched against every email address of the workspace’s contacts; a reply joins the thread it answers (In-Reply-To/References); unmatched mail waits in the inbox’s "unmatched" filter. Sending the same message again answers with the same id. Admins’ API keys only.',
        consumes: ['message/rfc822'],
        response: { 202: InboundEmailAccepted, ...errors(403) },
      },
    },
    async (req, reply) => {
      requireAdmin(req.ctx);
      if (!(await inboundApiEnabled(req.ctx.db, req.ctx.workspaceId))) {
        throw new AppError('inbound_disabled', 403, 'Inbound mail through the API is switched off for this workspace');
      }
      if (!/^message\/rfc822\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
        throw new AppError('unsupported_media_type', 415, 'Send the email with Content-Type: message/rfc822');
      }
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
        throw new AppError(
          'validation_failed',
          400,
          'Send the email as the request body with Content-Type: message/rfc822',
        );
      }
      const result = await ingestEmail(deps, req.ctx.workspaceId, req.body, { via: 'webhook' });
      return reply.status(202).send(result);
    },
  );

  /** Refuses (403, nothing stored) a webhook not signed with this workspace's Twilio auth token. */
  const verifyTwilio = async (req: FastifyRequest<{ Params: { workspaceId: string } }>) => {
    // preValidation runs before the params are validated: a malformed id has no account either.
    const account = UUID.test(req.params.workspaceId)
      ? await twilioAccount(deps.database.db, req.params.workspaceId)
      : null;
    const params = (req.body && typeof req.body === 'object' ? req.body : {}) as FormParams;
    const url = publicRequestUrl(deps.config.PUBLIC_URL, req);
    const signature = req.headers['x-twilio-signature'];
    if (
      !account ||
      !isValidTwilioSignature(account.authToken, url, params, typeof signature === 'string' ? signature : undefined)
    ) {
      throw new AppError('invalid_signature', 403, 'The X-Twilio-Signature header is missing or does not match');
    }
    return account;
  };
  const webhook = (summary: string, description: string, answer: Record<number, unknown>) => ({
    config: { public: true },
    schema: {
      tags: ['Webhooks'],
      summary,
      description: `${description} Signed by Twilio with the workspace's auth token (X-Twilio-Signature over PUBLIC_URL + path); a missing or wrong signature is 403 and nothing is stored.`,
      consumes: ['application/x-www-form-urlencoded'],
      params: TwilioParams,
      body: TwilioForm,
      response: { ...answer, ...errors(403) },
    },
  });

  app.post(
    '/webhooks/twilio/:workspaceId/messages',
    {
      ...webhook(
        'Twilio: an inbound SMS, MMS or WhatsApp message',
        'Stored once per MessageSid on the thread of the contact with that number (E.164 or whatsapp:+…); MMS media are downloaded into files; STOP/START keywords switch the channel’s DND. Answers empty TwiML.',
        { 200: rawResponse('Empty TwiML: no automatic reply', 'text/xml') },
      ),
      preValidation: async (req) => {
        (req as unknown as { twilio: unknown }).twilio = await verifyTwilio(
          req as FastifyRequest<{ Params: { workspaceId: string } }>,
        );
      },
    },
    async (req, reply) => {
      const account = (req as unknown as { twilio: Awaited<ReturnType<typeof verifyTwilio>> }).twilio;
      await receiveTwilioMessage(deps, req.params.workspaceId, account, req.body);
      return reply.type('text/xml').send(EMPTY_TWIML);
    },
  );

  app.post(
    '/webhooks/twilio/:workspaceId/status',
    {
      ...webhook(
        'Twilio: a message status callback',
        'Moves an outbound message to queued/sent/delivered/failed/undelivered, with ErrorCode.',
        { 204: z.undefined() },
      ),
      preValidation: async (req) =>
        void (await verifyTwilio(req as FastifyRequest<{ Params: { workspaceId: string } }>)),
    },
    async (req, reply) => {
      await receiveTwilioStatus(deps, req.params.workspaceId, req.body);
      return reply.status(204).send();
    },
  );

  app.post(
    '/webhooks/twilio/:workspaceId/voice-status',
    {
      ...webhook(
        'Twilio: a voice status callback',
        'Logs a finished call (completed, busy, no-answer, failed, canceled) with its duration and recording on the thread of the contact at the other end; once per CallSid.',
        { 204: z.undefined() },
      ),
      preValidation: async (req) =>
        void (await verifyTwilio(req as FastifyRequest<{ Params: { workspaceId: string } }>)),
    },
    async (req, reply) => {
      await receiveTwilioCall(deps, req.params.workspaceId, req.body);
      return reply.status(204).send();
    },
  );

  app.post(
    '/messages/:id/attach',
    {
      schema: {
        tags: ['Conversations'],
        summary: 'Attach an unmatched inbound message to a contact',
        params: IdParams,
        body: AttachMessageBody,
        response: { 200: Message, ...errors(404, 409) },
      },
    },
    async (req) => attachMessage({ ctx: req.ctx, messageId: req.params.id, contactId: req.body.contactId }),
  );

  app.post(
    '/messages/:id/create-contact',
    {
      schema: {
        tags: ['Conversations'],
        summary: 'Create a contact from an unmatched message’s sender and attach the message to it',
        description:
          'The new contact gets the sender’s name and address (email, phone or WhatsApp number) and the caller (or ownerId) as owner.',
        params: IdParams,
        body: CreateContactFromMessageBody,
        response: { 201: Message, ...errors(404, 409) },
      },
    },
    async (req, reply) => {
      const result = await createContactFromMessage({ ctx: req.ctx, messageId: req.params.id, input: req.body });
      return reply.status(201).send(result);
    },
  );
};
