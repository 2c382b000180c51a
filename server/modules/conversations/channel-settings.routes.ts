import { z } from 'zod';
import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { getChannelSettings, sendTestEmail, updateChannelSettings } from './channel-settings.service.ts';
import {
  ChannelSettings,
  CreateTemplateBody,
  MessageTemplate,
  TestEmailBody,
  UpdateChannelSettingsBody,
  UpdateTemplateBody,
} from './conversations.schemas.ts';
import {
  createTemplate,
  deleteTemplate,
  getTemplate,
  listTemplates,
  updateTemplate,
} from './message-templates.service.ts';

export const channelSettingsRoutes: RoutePlugin = async (app) => {
  const tags = ['Channel settings'];
  app.get(
    '/settings/channels',
    {
      schema: {
        tags,
        summary: 'The workspace’s email, inbound, IMAP and SMS/WhatsApp settings (admins only; secrets never shown)',
        response: { 200: ChannelSettings, ...errors(403) },
      },
    },
    async (req) => getChannelSettings({ ctx: req.ctx }),
  );

  app.put(
    '/settings/channels',
    {
      schema: {
        tags,
        summary: 'Change channel settings (admins only); secrets: a string sets, null clears, absent keeps',
        description:
          'An inbound address or domain another workspace claims is refused (409 `inbound_address_taken`); the Twilio base URL must be https to a public host (422 `unsafe_base_url`; plain http only to localhost outside production).',
        body: UpdateChannelSettingsBody,
        response: { 200: ChannelSettings, ...errors(403, 409, 422) },
      },
    },
    async (req) => updateChannelSettings({ ctx: req.ctx, input: req.body }),
  );

  app.post(
    '/settings/channels/test-email',
    {
      schema: {
        tags,
        summary: 'Send a test email through the configured server; its refusal → 422 smtp_failed',
        body: TestEmailBody,
        response: { 200: z.object({ accepted: z.array(z.string()) }), ...errors(403, 422) },
      },
    },
    async (req) => sendTestEmail({ ctx: req.ctx, to: req.body.to }),
  );

  const templateTags = ['Message templates'];
  app.get(
    '/message-templates',
    {
      schema: {
        tags: templateTags,
        summary: 'Message templates',
        response: { 200: z.object({ data: z.array(MessageTemplate) }) },
      },
    },
    async (req) => ({ data: await listTemplates({ ctx: req.ctx }) }),
  );
  app.get(
    '/message-templates/:id',
    {
      schema: {
        tags: templateTags,
        summary: 'One template',
        params: IdParams,
        response: { 200: MessageTemplate, ...errors(404) },
      },
    },
    async (req) => getTemplate({ ctx: req.ctx, id: req.params.id }),
  );
  app.post(
    '/message-templates',
    {
      schema: {
        tags: templateTags,
        summary: 'Create a template (admins only)',
        body: CreateTemplateBody,
        response: { 201: MessageTemplate, ...errors(403, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(await createTemplate({ ctx: req.ctx, input: req.body })),
  );
  app.patch(
    '/message-templates/:id',
    {
      schema: {
        tags: templateTags,
        summary: 'Change a template (admins only)',
        params: IdParams,
        body: UpdateTemplateBody,
        response: { 200: MessageTemplate, ...errors(403, 404, 409) },
      },
    },
    async (req) => updateTemplate({ ctx: req.ctx, id: req.params.id, input: req.body }),
  );
  app.delete(
    '/message-templates/:id',
    {
      schema: {
        tags: templateTags,
        summary: 'Delete a template (admins only)',
        params: IdParams,
        response: { 204: z.undefined(), ...errors(403, 404) },
      },
    },
    async (req, reply) => {
      await deleteTemplate({ ctx: req.ctx, id: req.params.id });
      return reply.status(204).send();
    },
  );
};
