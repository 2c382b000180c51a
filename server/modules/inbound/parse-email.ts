// Raw MIME → the inbound email Dossier stores: decoded text in every common charset, sanitised
// HTML, the threading headers, and each attachment or inline image as bytes.
import { simpleParser, type AddressObject, type HeaderValue } from 'mailparser';
import { sanitizeEmailHtml } from './email-html.ts';

export interface MailAddress {
  name: string;
  /** Lower-cased and trimmed. */
  address: string;
}

export interface InboundAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** Content-ID without angle brackets, when the part has one. */
  contentId: string | null;
  /** An image shown inside the HTML body (referenced by cid:), not offered as a download. */
  inline: boolean;
}

export interface ParsedEmail {
  /** Message-ID without angle brackets; null when the sender sent none. */
  messageId: string | null;
  inReplyTo: string | null;
  /** References, oldest first, without angle brackets. */
  references: string[];
  from: MailAddress | null;
  replyTo: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  date: Date | null;
  text: string;
  /** Sanitised HTML, with cid: links left for the caller to point at the stored files. */
  html: string | null;
  attachments: InboundAttachment[];
  /** A few headers worth showing in the message's details, as received. */
  headers: Record<string, string>;
}

const SHOWN_HEADERS = [
  'from',
  'to',
  'cc',
  'reply-to',
  'date',
  'subject',
  'message-id',
  'in-reply-to',
  'references',
  'return-path',
  'x-mailer',
  'user-agent',
  'list-id',
  'auto-submitted',
];

/** `<abc@host>` → `abc@host`; several ids in one header → the list. */
export function messageIds(value: string | string[] | undefined | null): string[] {
  const raw = Array.isArray(value) ? value.join(' ') : (value ?? '');
  const bracketed = [...raw.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
  const ids = bracketed.length > 0 ? bracketed : raw.split(/[\s,]+/).filter(Boolean);
  return [...new Set(ids.map((id) => id.trim()).filter((id) => id.length > 0 && id.length <= 998))];
}

function addresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  const out: MailAddress[] = [];
  const walk = (entries: AddressObject['value']) => {
    for (const e of entries) {
      if (e.group) walk(e.group);
      else if (e.address) out.push({ name: e.name.trim(), address: e.address.trim().toLowerCase() });
    }
  };
  for (const obj of list) walk(obj.value);
  return out;
}

/** `"Name" <addr>` as stored in the message row; just the address when there is no name. */
export function formatAddress(a: MailAddress): string {
  if (!a.name) return a.address;
  const name = /[",<>@()[\]:;\\]/.test(a.name) ? `"${a.name.replace(/(["\\])/g, '\\$1')}"` : a.name;
  return `${name} <${a.address}>`;
}

function headerText(value: HeaderValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : v.value)).join(' ');
  if ('text' in value && typeof value.text === 'string') return value.text;
  const v = (value as { value?: unknown }).value;
  return typeof v === 'string' ? v : null;
}

/** PostgreSQL text cannot hold NUL; a stray one in a message is dropped. */
export const noNul = (s: string) => s.split('\u0000').join('');

export async function parseEmail(raw: Buffer | string): Promise<ParsedEmail> {
  const mail = await simpleParser(raw, { keepCidLinks: true, skipTextToHtml: true, skipTextLinks: true });

  const headers: Record<string, string> = {};
  for (const name of SHOWN_HEADERS) {
    const text = headerText(mail.headers.get(name));
    if (text) headers[name] = noNul(text).slice(0, 2000);
  }

  const from = addresses(mail.from)[0] ?? null;
  const replyTo = addresses(mail.replyTo)[0] ?? null;
  const html = typeof mail.html === 'string' && mail.html.trim() ? noNul(sanitizeEmailHtml(mail.html)) : null;

  const attachments: InboundAttachment[] = mail.attachments
    .filter((a) => a.content.length > 0)
    .map((a, i) => {
      const contentId = messageIds(a.contentId)[0] ?? a.cid ?? null;
      const inline = Boolean(contentId && a.contentType.startsWith('image/') && html?.includes(`cid:${contentId}`));
      return {
        filename: a.filename?.trim() || defaultFilename(a.contentType, i + 1),
        contentType: a.contentType.toLowerCase(),
        content: a.content,
        contentId,
        inline,
      };
    });

  return {
    messageId: messageIds(mail.messageId)[0] ?? null,
    inReplyTo: messageIds(mail.inReplyTo)[0] ?? null,
    references: messageIds(mail.references),
    from,
    replyTo,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    subject: noNul(mail.subject ?? '').trim(),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    text: noNul(mail.text ?? '')
      .replace(/\r\n/g, '\n')
      .trim(),
    html,
    attachments,
    headers,
  };
}

const extensions: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'text/calendar': 'ics',
  'message/rfc822': 'eml',
};

function defaultFilename(contentType: string, n: number): string {
  return `attachment-${n}.${extensions[contentType.toLowerCase()] ?? 'bin'}`;
}
