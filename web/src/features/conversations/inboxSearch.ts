// The Conversations page's URL: its filter, channel and the selected thread or unmatched message.
import type { InboxFilter, MessageChannel } from './conversations.api.ts';

export const INBOX_FILTERS: InboxFilter[] = ['all', 'unread', 'mine', 'starred', 'unmatched', 'archived'];
export const CHANNELS: MessageChannel[] = ['email', 'sms', 'whatsapp', 'call', 'comment'];

export interface InboxSearch {
  filter?: InboxFilter;
  channel?: MessageChannel;
  contact?: string;
  message?: string;
}

export function parseInboxSearch(search: Record<string, unknown>): InboxSearch {
  const out: InboxSearch = {};
  if (INBOX_FILTERS.includes(search.filter as InboxFilter) && search.filter !== 'all')
    out.filter = search.filter as InboxFilter;
  if (CHANNELS.includes(search.channel as MessageChannel)) out.channel = search.channel as MessageChannel;
  if (typeof search.contact === 'string') out.contact = search.contact;
  if (typeof search.message === 'string') out.message = search.message;
  return out;
}
