import type { RoutePlugin } from '../../platform/http/plugin.ts';
import { errors, IdParams } from '../../platform/http/schemas.ts';
import { UploadedAttachment } from '../notes/notes.schemas.ts';
import { uploadNoteAttachment } from '../notes/notes.service.ts';
import {
  ChannelOptions,
  ContactIdParams,
  ConversationListQuery,
  ConversationPage,
  ConversationRow,
  CreateMessageBody,
  Message,
  MessageDetails,
  MessageListQuery,
  MessagePage,
  UpdateConversationBody,
} from './conversations.schemas.ts';
import { listConversations, updateConversation } from './conversations.service.ts';
import { cancelMessage, channelOptions, createMessage } from './create-message.ts';
import { getMessage, listMessages } from './messages.service.ts';

const tags = ['Conversations'];

export const conversationsRoutes: RoutePlugin = async (app) => {
  app.get(
    '/contacts/:id/messages',
    {
      schema: {
        tags,
        summary: 'A contact’s thread (every channel), a page at a time: newest page first, oldest-first within it',
        params: IdParams,
        querystring: MessageListQuery,
        response: { 200: MessagePage, ...errors(404) },
      },
    },
    async (req) => listMessages({ ctx: req.ctx, contactId: req.params.id, ...req.query }),
  );

  app.post(
    '/contacts/:id/messages',
    {
      schema: {
        tags,
        summary: 'Write an internal comment, log a call, or send (or schedule) an email, SMS or WhatsApp',
        description:
          'Sends are checked first and refused with 422: dnd_active (do not disturb on the channel), sms_not_allowed (landline or "OK to SMS" off), no_address (the contact has none, or the one given is not theirs), channel_not_configured (no mail server / SMS provider). An archived contact is refused with 409 contact_archived. A send answers at once with status queued (or scheduled); the message goes out in the background.',
        params: IdParams,
        body: CreateMessageBody,
        response: { 201: Message, ...errors(404, 409, 422) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createMessage({ ctx: req.ctx, contactId: req.params.id, input: req.body })),
  );

  app.get(
    '/contacts/:id/messages/channels',
    {
      schema: {
        tags,
        summary:
          'What the composer can send to this contact: per channel the addresses and the refusal a send would meet',
        params: IdParams,
        response: { 200: ChannelOptions, ...errors(404) },
      },
    },
    async (req) => channelOptions({ ctx: req.ctx, contactId: req.params.id }),
  );

  app.post(
    '/contacts/:id/messages/attachments',
    {
      schema: {
        tags,
        summary: 'Upload a file to attach to an email or comment (multipart field "file"); send its fileId',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 201: UploadedAttachment, ...errors(404, 409) },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await uploadNoteAttachment({ ctx: req.ctx, contactId: req.params.id, part: await req.file() })),
  );

  app.get(
    '/messages/:id',
    {
      schema: {
        tags,
        summary: 'One message with its headers and status history',
        params: IdParams,
        response: { 200: MessageDetails, ...errors(404) },
      },
    },
    async (req) => getMessage({ ctx: req.ctx, messageId: req.params.id }),
  );

  app.post(
    '/messages/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a scheduled send (anything else → 409 not_cancellable)',
        params: IdParams,
        response: { 200: Message, ...errors(404, 409) },
      },
    },
    async (req) => cancelMessage({ ctx: req.ctx, messageId: req.params.id }),
  );

  app.get(
    '/conversations',
    {
      schema: {
        tags,
        summary: 'The inbox: one row per contact thread, newest activity first; or the unmatched inbound messages',
        querystring: ConversationListQuery,
        response: { 200: ConversationPage, ...errors(403) },
      },
    },
    async (req) => listConversations({ ctx: req.ctx, ...req.query }),
  );

  app.patch(
    '/conversations/:contactId',
    {
      schema: {
        tags,
        summary: 'Mark a contact’s thread read or unread, star or archive it',
        params: ContactIdParams,
        body: UpdateConversationBody,
        response: { 200: ConversationRow, ...errors(404) },
      },
    },
    async (req) => updateConversation({ ctx: req.ctx, contactId: req.params.contactId, input: req.body }),
  );
};
