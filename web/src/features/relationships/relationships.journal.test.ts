import { afterAll, describe, expect, it } from 'vitest';
import { setLanguage } from '../../app/i18n.ts';
import { describeEntry, kindLabel } from '../timeline/journal/describeEntry.ts';

const text = (kind: string, data: Record<string, unknown>) => describeEntry({ kind, data }).text;
const acme = { id: 'b1', kind: 'business', name: 'Acme GmbH' };

describe('relationships journal', () => {
  afterAll(() => setLanguage('en'));

  it('reads links, reference clearings and relations in words, in English and German', async () => {
    expect(text('contact.link_added', { role: 'CFO', isPrimary: true, other: acme })).toBe(
      'Linked with Acme GmbH as CFO',
    );
    expect(text('contact.link_removed', { role: null, other: acme })).toBe('Unlinked from Acme GmbH');
    expect(
      text('contact.link_changed', { changes: [{ field: 'role', old: 'Buyer', new: 'CFO' }], other: acme }),
    ).toContain('Buyer');
    expect(
      text('contact.link_reference_cleared', { detail: { type: 'phone', value: '+49301234567' }, other: acme }),
    ).toBe('+49301234567 was removed from the business, so the link with Acme GmbH no longer uses it');
    expect(text('contact.relation_added', { label: 'Has assistant', other: { id: 'p', name: 'Max Muster' } })).toBe(
      'Related as Has assistant Max Muster',
    );
    expect(kindLabel('relation_type.created')).toBe('Relation type created');
    await setLanguage('de');
    expect(text('contact.link_added', { role: 'CFO', other: acme })).toBe('Mit Acme GmbH verknüpft als CFO');
    expect(kindLabel('contact.relation_removed')).toBe('Beziehung entfernt');
  });
});
