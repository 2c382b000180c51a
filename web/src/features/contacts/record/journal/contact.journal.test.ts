import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../../../app/i18n.ts';
import type { JournalEntry } from '../../contact.api.ts';
import { describeActor, describeEntry, type DescribeContext } from '../../../timeline/journal/describeEntry.ts';

const entry = (kind: string, data: Record<string, unknown>) => ({ kind, data });
const text = (kind: string, data: Record<string, unknown>, ctx?: DescribeContext) =>
  describeEntry(entry(kind, data), ctx).text;

const ctx: DescribeContext = {
  zone: { locale: 'en', timeZone: 'Europe/Berlin' },
  contactTypes: [
    { key: 'lead', label: 'Lead' },
    { key: 'customer', label: 'Customer' },
  ],
  fields: [
    {
      key: 'industry',
      label: 'Industry',
      type: 'single_select',
      currency: null,
      options: [
        { value: 'logistics', label: 'Logistics' },
        { value: 'retail', label: 'Retail' },
      ],
    },
    { key: 'annual_revenue', label: 'Annual revenue', type: 'currency', currency: 'EUR', options: [] },
  ],
  currency: 'EUR',
};

describe('describeEntry', () => {
  it('says which field changed from what to what', () => {
    const d = describeEntry(
      entry('contact.field_changed', { changes: [{ field: 'title', old: 'Buyer', new: 'Head of Procurement' }] }),
    );
    expect(d.text).toBe('Changed Title from Buyer to Head of Procurement');
    expect(d.parts).toContainEqual({ value: 'Buyer', tone: 'old' });
    expect(d.parts).toContainEqual({ value: 'Head of Procurement', tone: 'new' });
    expect(d.changes).toEqual([]);
    expect(d.label).toBe('Fields changed');
  });

  it('sets and clears fields in words, and lists several changes as old → new pairs', () => {
    expect(text('contact.field_changed', { changes: [{ field: 'vatId', old: null, new: 'DE123' }] })).toBe(
      'Set VAT ID to DE123',
    );
    expect(text('contact.field_changed', { changes: [{ field: 'source', old: 'Fair', new: null }] })).toBe(
      'Cleared Source (was Fair)',
    );
    const d = describeEntry(
      entry('contact.field_changed', {
        changes: [
          { field: 'contactType', old: 'lead', new: 'customer' },
          { field: 'language', old: null, new: 'de' },
          { field: 'birthday', old: '1986-04-12', new: '1986-04-21' },
        ],
      }),
      ctx,
    );
    expect(d.text).toBe('Changed 3 fields: Contact type, Language, Birthday');
    expect(d.changes).toEqual([
      { field: 'Contact type', old: 'Lead', new: 'Customer' },
      { field: 'Language', old: null, new: 'German' },
      { field: 'Birthday', old: 'Apr 12, 1986', new: 'Apr 21, 1986' },
    ]);
  });

  it('names custom fields by their label and shows their values as the page does', () => {
    expect(
      text('contact.field_changed', { changes: [{ field: 'custom.industry', old: 'retail', new: 'logistics' }] }, ctx),
    ).toBe('Changed Industry from Retail to Logistics');
    expect(
      text('contact.field_changed', { changes: [{ field: 'custom.annual_revenue', old: null, new: 48500000 }] }, ctx),
    ).toBe('Set Annual revenue to €48,500,000.00');
    expect(
      text('contact.field_changed', {
        fieldAdded: { id: 'f1', key: 'demo_time', label: 'Preferred demo time' },
        changes: [{ field: 'custom.demo_time', old: null, new: 'Tuesdays' }],
      }),
    ).toBe('Added the field Preferred demo time with Tuesdays');
  });

  it('describes owner, team, followers and tags', () => {
    expect(
      text('contact.owner_changed', {
        from: { id: 'u1', name: 'Maria Keller' },
        to: { id: 'u2', name: 'Jonas Weber' },
      }),
    ).toBe('Owner changed from Maria Keller to Jonas Weber');
    expect(text('contact.team_changed', { from: null, to: { id: 't', name: 'Field Sales' } })).toBe(
      'Team set to Field Sales',
    );
    expect(text('contact.team_changed', { from: { id: 't', name: 'Field Sales' }, to: null })).toBe(
      'Team cleared (was Field Sales)',
    );
    expect(text('contact.follower_added', { user: { id: 'u', name: 'Priya Raman' } })).toBe(
      'Added Priya Raman as a follower',
    );
    expect(text('contact.tag_added', { tag: { id: 't', name: 'VIP' } })).toBe('Added tag VIP');
    expect(text('contact.tag_removed', { tag: { id: 't', name: 'VIP' } })).toBe('Removed tag VIP');
  });

  it('describes DND changes with their cause', () => {
    expect(text('contact.dnd_changed', { channel: 'sms', enabled: true, cause: 'manual' })).toBe(
      'DND for SMS turned on (cause: manual)',
    );
    expect(text('contact.dnd_changed', { channel: 'all', enabled: false, cause: 'sms_start' })).toBe(
      'DND for all channels turned off (cause: START reply)',
    );
    expect(describeEntry(entry('contact.dnd_changed', { channel: 'email', enabled: true })).color).toBe('red');
  });

  it('describes emails, phones and locations', () => {
    expect(text('contact.email_added', { email: 'lena@example.com', type: 'work', isPrimary: true })).toBe(
      'Added email lena@example.com (work, primary)',
    );
    expect(
      text('contact.email_changed', {
        email: 'lena@example.com',
        changes: [{ field: 'verification', old: 'unverified', new: 'verified' }],
      }),
    ).toBe('Changed Verification of lena@example.com from Unverified to Verified');
    expect(text('contact.phone_added', { e164: '+493090182000', type: 'office', lineType: 'fixed_line' })).toBe(
      'Added phone +49 30 90182000 (office, landline)',
    );
    expect(
      text('contact.phone_line_checked', {
        e164: '+4915123456789',
        lineType: 'mobile',
        previousLineType: 'unknown',
        source: 'offline',
        smsAllowed: true,
        previousSmsAllowed: false,
      }),
    ).toBe('Checked the line type of +49 1512 3456789: Unknown → Mobile (via offline metadata); OK to SMS turned on');
    expect(
      text('contact.phone_changed', {
        e164: '+4915123456789',
        changes: [{ field: 'smsAllowed', old: true, new: false }],
      }),
    ).toBe('Changed OK to SMS of +49 1512 3456789 from Yes to No');
    expect(text('contact.location_added', { label: 'HQ', address: 'Friedrichstraße 68, Berlin' })).toBe(
      'Added location HQ: Friedrichstraße 68, Berlin',
    );
  });

  it('names the business name as the page does: Company on a person, Business name on a business', () => {
    const change = { changes: [{ field: 'businessName', old: 'Acme', new: 'Nordlicht GmbH' }] };
    expect(text('contact.field_changed', change, { contactKind: 'person' })).toBe(
      'Changed Company from Acme to Nordlicht GmbH',
    );
    expect(text('contact.field_changed', change, { contactKind: 'business' })).toBe(
      'Changed Business name from Acme to Nordlicht GmbH',
    );
  });

  it('says "mobile" once for a mobile number whose line is mobile', () => {
    expect(text('contact.phone_added', { e164: '+4915123456789', type: 'mobile', lineType: 'mobile' })).toBe(
      'Added phone +49 1512 3456789 (mobile)',
    );
  });

  it('lists the emails, phones and tags a new contact was created with', () => {
    expect(
      text('contact.created', {
        displayName: 'Lena Hoffmann',
        emails: ['lena@example.com'],
        phones: ['+4915123456789', '+493090182000'],
        tags: ['VIP', 'Partner'],
        source: 'Trade show',
      }),
    ).toBe(
      'Created the contact Lena Hoffmann with email lena@example.com; phones +49 1512 3456789, +49 30 90182000; ' +
        'tags VIP, Partner (source: Trade show)',
    );
    expect(text('contact.created', { displayName: 'Lena Hoffmann', emails: [], phones: [], tags: [] })).toBe(
      'Created the contact Lena Hoffmann',
    );
  });

  it('speaks the reader’s language', async () => {
    await setLanguage('de');
    try {
      expect(text('contact.tag_added', { tag: { id: 't', name: 'VIP' } })).toBe('Tag VIP hinzugefügt');
      expect(describeEntry(entry('contact.archived', {})).label).toBe('Kontakt archiviert');
    } finally {
      await setLanguage('en');
    }
  });

  it('describes the life of the record', () => {
    expect(text('contact.created', { displayName: 'Lena Hoffmann', source: 'Trade show' })).toBe(
      'Created the contact Lena Hoffmann (source: Trade show)',
    );
    expect(text('contact.created', { displayName: 'Copy', duplicatedFrom: 'x' })).toBe(
      'Created the contact as a copy of another contact',
    );
    expect(text('contact.archived', {})).toBe('Archived the contact');
    expect(text('contact.restored', {})).toBe('Restored the contact from the archive');
    expect(text('contact.exported', { format: 'csv' })).toBe('Exported the contact as CSV');
    expect(text('contact.picture_changed', { fileId: null })).toBe('Removed the profile picture');
  });

  it('falls back to the catalog label for kinds it has no sentence for', () => {
    expect(text('tag.created', { name: 'VIP' })).toBe('Tag created: VIP');
    expect(text('workflow.step_failed', {})).toBe('Workflow step failed');
  });
});

describe('describeActor', () => {
  const actor = (type: JournalEntry['actor']['type'], label: string): JournalEntry['actor'] => ({
    type,
    id: null,
    label,
  });
  it('names who did it the way the timeline shows it', () => {
    expect(describeActor(actor('user', 'Maria Keller'))).toBe('Maria Keller');
    expect(describeActor(actor('automation', 'Welcome series'))).toBe('Automation · Welcome series');
    expect(describeActor(actor('api', 'Zapier sync'))).toBe('Zapier sync (API key)');
    expect(describeActor(actor('import', 'google-contacts.csv'))).toBe('Import · google-contacts.csv');
    expect(describeActor(actor('import', ''))).toBe('Import');
    expect(describeActor(actor('contact', ''))).toBe('The contact');
    expect(describeActor(actor('system', 'System'))).toBe('System');
  });
});
