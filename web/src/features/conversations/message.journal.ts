// Conversations' journal kinds in words: messages sent, scheduled, cancelled, received, attached, delivered, failed,
// opened and clicked (message.*), calls logged (call.*), internal comments (comment.*), and the workspace's
// channel settings and message templates (audit log).
import {
  IconAlertTriangle,
  IconCalendarTime,
  IconCalendarX,
  IconChecks,
  IconClick,
  IconMail,
  IconMailForward,
  IconMailOpened,
  IconMessage,
  IconMessageCircle,
  IconPhone,
  IconPlugConnected,
  IconSend,
  IconTemplate,
} from '@tabler/icons-react';
import { formatDateTime } from '../../lib/format.ts';
import {
  only,
  say,
  sayIf,
  str,
  strong,
  words,
  type Data,
  type DescribeContext,
  type JournalFamily,
  type Part,
} from '../timeline/journal/parts.ts';

const CHANNELS = ['email', 'sms', 'whatsapp', 'call', 'comment'];
const OUTCOMES = ['answered', 'no_answer', 'busy', 'voicemail', 'failed', 'other'];

const clip = (s: string, max = 120) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** "an email “Offer”", "an SMS", "a WhatsApp message". */
function what(d: Data): Part[] {
  const channel = str(d.channel) ?? 'email';
  const kind = words(`journal.message.channels.${CHANNELS.includes(channel) ? channel : 'email'}`);
  const subject = str(d.subject);
  return subject ? say('journal.message.withSubject', { kind, subject: strong(subject) }) : [kind];
}

const recipients = (d: Data): string | null =>
  Array.isArray(d.to) && d.to.length ? d.to.filter((x) => typeof x === 'string').join(', ') : null;

/** The text after the sentence: ": “Hello…”". */
const quoted = (d: Data): Part[] =>
  sayIf(str(d.preview), 'journal.message.preview', { preview: clip(str(d.preview) ?? '') });

function when(iso: unknown, ctx: DescribeContext): string {
  return typeof iso === 'string' && ctx.zone ? formatDateTime(iso, ctx.zone) : String(iso ?? '');
}

function duration(seconds: unknown): string | null {
  if (typeof seconds !== 'number' || seconds <= 0) return null;
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m ? `${m}:${String(s).padStart(2, '0')} min` : `${s} s`;
}

export const messageJournal: JournalFamily[] = [
  {
    family: 'message',
    fallback: { icon: IconMail, color: 'blue' },
    kinds: {
      'message.sent': {
        looks: { icon: IconSend, color: 'blue' },
        describe: (d) =>
          only([
            ...say('journal.message.sent', { message: what(d) }),
            ...sayIf(recipients(d), 'journal.message.to', { to: recipients(d) ?? '' }),
            ...quoted(d),
          ]),
      },
      'message.scheduled': {
        looks: { icon: IconCalendarTime, color: 'blue' },
        describe: (d, ctx) =>
          only([
            ...say('journal.message.scheduled', { message: what(d), when: when(d.scheduledAt, ctx) }),
            ...quoted(d),
          ]),
      },
      'message.cancelled': {
        looks: { icon: IconCalendarX, color: 'gray' },
        describe: (d) => only(say('journal.message.cancelled', { message: what(d) })),
      },
      'message.received': {
        looks: { icon: IconMessage, color: 'teal' },
        describe: (d) =>
          only([
            ...say('journal.message.received', { message: what(d) }),
            ...sayIf(str(d.from), 'journal.message.from', { from: str(d.from) ?? '' }),
            ...quoted(d),
          ]),
      },
      // An unmatched message someone attached to this contact (the inbox's "unmatched" filter).
      'message.attached': {
        looks: { icon: IconMailForward, color: 'teal' },
        describe: (d) =>
          only([
            ...say('journal.message.attached', { message: what(d) }),
            ...sayIf(str(d.from), 'journal.message.from', { from: str(d.from) ?? '' }),
            ...quoted(d),
          ]),
      },
      'message.delivered': {
        looks: { icon: IconChecks, color: 'green' },
        describe: (d) => only(say('journal.message.delivered', { message: what(d) })),
      },
      'message.failed': {
        looks: { icon: IconAlertTriangle, color: 'red' },
        describe: (d) =>
          only([
            ...say('journal.message.failed', { message: what(d) }),
            ...sayIf(str(d.error) ?? str(d.errorCode), 'journal.message.because', {
              reason: clip(str(d.error) ?? str(d.errorCode) ?? '', 160),
            }),
          ]),
      },
      'message.opened': {
        looks: { icon: IconMailOpened, color: 'teal' },
        describe: (d) => only(say('journal.message.opened', { message: what(d) })),
      },
      'message.clicked': {
        looks: { icon: IconClick, color: 'teal' },
        describe: (d) => only(say('journal.message.clicked', { url: strong(str(d.url) ?? ''), message: what(d) })),
      },
    },
  },
  {
    family: 'call',
    fallback: { icon: IconPhone, color: 'green' },
    kinds: {
      'call.logged': {
        looks: { icon: IconPhone, color: 'green' },
        describe: (d) => {
          const outcome = str(d.outcome);
          const length = duration(d.durationSeconds);
          return only([
            ...say(d.direction === 'inbound' ? 'journal.call.inbound' : 'journal.call.outbound'),
            ...sayIf(outcome && OUTCOMES.includes(outcome), 'journal.inBrackets', {
              text: [outcome ? words(`journal.call.outcomes.${outcome}`) : null, length].filter(Boolean).join(', '),
            }),
            ...quoted(d),
          ]);
        },
      },
    },
  },
  {
    family: 'comment',
    fallback: { icon: IconMessageCircle, color: 'yellow' },
    kinds: {
      'comment.added': {
        looks: { icon: IconMessageCircle, color: 'yellow' },
        describe: (d) => {
          const names = Array.isArray(d.mentioned)
            ? d.mentioned.flatMap((m) => (m && typeof m === 'object' && typeof m.name === 'string' ? [m.name] : []))
            : [];
          return only([
            ...say('journal.comment.added'),
            ...quoted(d),
            ...sayIf(names.length, 'journal.inBrackets', {
              text: words('journal.note.mentioning', { names: names.join(', ') }),
            }),
          ]);
        },
      },
    },
  },
  { family: 'channel_settings', fallback: { icon: IconPlugConnected, color: 'gray' }, kinds: {} },
  { family: 'message_template', fallback: { icon: IconTemplate, color: 'gray' }, kinds: {} },
];
