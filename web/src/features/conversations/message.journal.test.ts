import { describe, expect, it } from 'vitest';
import { describeEntry, kindLabel } from '../timeline/journal/describeEntry.ts';

const zone = { locale: 'en-GB', timeZone: 'Europe/Berlin' };
const line = (kind: string, data: Record<string, unknown>) => describeEntry({ kind, data }, { zone }).text;

describe('conversation events in words', () => {
  it('describes messages through their life', () => {
    const email = { channel: 'email', subject: 'Offer', preview: 'Dear Jane', to: ['jane@example.test'] };
    expect(line('message.sent', email)).toBe('Sent an email Offer to jane@example.test: “Dear Jane”');
    expect(line('message.received', { channel: 'sms', preview: 'Yes please', from: '+4915112345678' })).toBe(
      'Received an SMS from +4915112345678: “Yes please”',
    );
    expect(line('message.failed', { channel: 'whatsapp', error: 'Not a WhatsApp number' })).toBe(
      'Could not send a WhatsApp message: Not a WhatsApp number',
    );
    expect(line('message.opened', email)).toBe('Opened an email Offer');
    expect(line('message.clicked', { ...email, url: 'https://acme.test/offer' })).toBe(
      'Clicked https://acme.test/offer in an email Offer',
    );
    expect(line('message.scheduled', { ...email, preview: '', scheduledAt: '2030-03-04T08:00:00.000Z' })).toContain(
      'Scheduled an email Offer for',
    );
  });

  it('describes calls and comments, and labels every kind', () => {
    expect(
      line('call.logged', { direction: 'inbound', outcome: 'answered', durationSeconds: 125, preview: 'Quote' }),
    ).toBe('Logged an incoming call (answered, 2:05 min): “Quote”');
    expect(line('comment.added', { preview: 'Ask Maria', mentioned: [{ id: 'a', name: 'Maria Keller' }] })).toBe(
      'Wrote an internal comment: “Ask Maria” (mentioning Maria Keller)',
    );
    expect(kindLabel('message.delivered')).toBe('Message delivered');
    expect(kindLabel('message_template.created')).toBe('Message template created');
  });
});
