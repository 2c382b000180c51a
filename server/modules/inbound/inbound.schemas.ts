import { z } from 'zod';

export const TwilioParams = z.object({ workspaceId: z.uuid() });

export const TwilioForm = z
  .record(z.string(), z.union([z.string(), z.array(z.string())]))
  .describe("Twilio's form parameters as it sends them (From, To, Body, MessageSid, MessageStatus, CallSid…)");

export const InboundEmailAccepted = z.object({
  messageId: z.uuid(),
  contactId: z.uuid().nullable().describe('null: no contact matched; the message waits in the unmatched inbox'),
  duplicate: z.boolean().describe('The same Message-ID was received before; nothing new was stored'),
});

export const AttachMessageBody = z.object({ contactId: z.uuid() });

export const CreateContactFromMessageBody = z.object({
  firstName: z.string().trim().max(200).optional().describe('Default: from the sender’s name'),
  lastName: z.string().trim().max(200).optional(),
  ownerId: z.uuid().optional().describe('Default: the caller (for an API key, its creator)'),
});
