// Conversations over the API: a contact's thread (cursor pages, newest page first), sends, the channels a send
// may use, the inbox, channel settings and templates. A thread's keys live under ['contact', id, 'messages'] so
// the live stream's contact refresh reaches it; the inbox lives under ['conversations'].
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ChannelOptions,
  ChannelSettingsDto,
  ConversationDto,
  CreateMessageBody,
  MessageDetailsDto,
  MessageDto,
  MessageTemplateDto,
  UpdateChannelSettingsInput,
} from '@dossier/contract';
import { api, qs } from '../../lib/api.ts';
import { upload } from '../contacts/contact.api.ts';

export type { ChannelSettingsDto, ConversationDto, MessageDetailsDto, MessageDto, MessageTemplateDto };
export type ChannelOptionsDto = z.infer<typeof ChannelOptions>;
export type MessageChannel = MessageDto['channel'];
export type ComposerChannel = 'email' | 'sms' | 'whatsapp' | 'comment' | 'call';
export type CreateMessage = z.input<typeof CreateMessageBody>;

export const THREAD_PAGE_SIZE = 30;

export const threadKey = (contactId: string) => ['contact', contactId, 'messages'] as const;

export const threadQuery = (contactId: string, channel: MessageChannel | null) =>
  infiniteQueryOptions({
    queryKey: [...threadKey(contactId), { channel }],
    queryFn: ({ pageParam }) =>
      api.get<{ data: MessageDto[]; nextCursor: string | null }>(
        `/contacts/${contactId}/messages${qs({ channel, cursor: pageParam, limit: THREAD_PAGE_SIZE })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const channelOptionsQuery = (contactId: string) =>
  queryOptions({
    queryKey: [...threadKey(contactId), 'channels'],
    queryFn: () => api.get<ChannelOptionsDto>(`/contacts/${contactId}/messages/channels`),
  });

export const messageDetailsQuery = (messageId: string) =>
  queryOptions({
    queryKey: ['messages', messageId],
    queryFn: () => api.get<MessageDetailsDto>(`/messages/${messageId}`),
  });

export const sendMessage = (contactId: string, input: CreateMessage) =>
  api.post<MessageDto>(`/contacts/${contactId}/messages`, input);
export const cancelMessage = (messageId: string) => api.post<MessageDto>(`/messages/${messageId}/cancel`);

export const uploadMessageAttachment = (contactId: string, file: File, csrfToken: string | undefined) =>
  upload<{ fileId: string; filename: string; size: number; contentType: string }>(
    'POST',
    `/contacts/${contactId}/messages/attachments`,
    file,
    { csrfToken },
  );

// ── The inbox ──

export type InboxFilter = 'all' | 'unread' | 'mine' | 'starred' | 'unmatched' | 'archived';

export const inboxQuery = (filter: InboxFilter, channel: MessageChannel | null) =>
  infiniteQueryOptions({
    queryKey: ['conversations', { filter, channel }],
    queryFn: ({ pageParam }) =>
      api.get<{ data: ConversationDto[]; nextCursor: string | null }>(
        `/conversations${qs({
          unread: filter === 'unread' || undefined,
          mine: filter === 'mine' || undefined,
          starred: filter === 'starred' || undefined,
          unmatched: filter === 'unmatched' || undefined,
          archived: filter === 'archived' || undefined,
          channel,
          cursor: pageParam,
        })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const updateConversation = (
  contactId: string,
  input: Partial<{ unread: boolean; starred: boolean; archived: boolean }>,
) => api.patch<ConversationDto>(`/conversations/${contactId}`, input);

export const attachMessage = (messageId: string, contactId: string) =>
  api.post<MessageDto>(`/messages/${messageId}/attach`, { contactId });
export const createContactFromMessage = (messageId: string) =>
  api.post<MessageDto>(`/messages/${messageId}/create-contact`, {});

// ── Settings ──

export const channelSettingsQuery = queryOptions({
  queryKey: ['settings', 'channels'],
  queryFn: () => api.get<ChannelSettingsDto>('/settings/channels'),
});
export const updateChannelSettings = (input: UpdateChannelSettingsInput) =>
  api.put<ChannelSettingsDto>('/settings/channels', input);
export const sendTestEmail = (to?: string) =>
  api.post<{ accepted: string[] }>('/settings/channels/test-email', to ? { to } : {});

export const templatesQuery = queryOptions({
  queryKey: ['message-templates'],
  queryFn: async () => (await api.get<{ data: MessageTemplateDto[] }>('/message-templates')).data,
});
export type TemplateInput = Pick<MessageTemplateDto, 'name' | 'channel' | 'subject' | 'body'>;
export const createTemplate = (input: TemplateInput) => api.post<MessageTemplateDto>('/message-templates', input);
export const updateTemplate = (id: string, input: Partial<TemplateInput>) =>
  api.patch<MessageTemplateDto>(`/message-templates/${id}`, input);
export const deleteTemplate = (id: string) => api.delete(`/message-templates/${id}`);
