// A contact profile as GET /contacts/:id answers it, for component tests; override what a test is about.
import type { ContactPhone, ContactProfile } from '../../contact.api.ts';

export const CONTACT_ID = '00000000-0000-4000-8000-00000000c001';
export const OWNER = { id: '00000000-0000-4000-8000-000000000001', name: 'Ada Admin' };

export function makePhone(overrides: Partial<ContactPhone> = {}): ContactPhone {
  return {
    id: '00000000-0000-4000-8000-0000000000f1',
    e164: '+4915123456789',
    national: '01512 3456789',
    international: '+49 1512 3456789',
    country: 'DE',
    type: 'mobile',
    isPrimary: true,
    lineType: 'mobile',
    lineTypeSource: 'offline',
    lineTypeCheckedAt: '2026-03-02T09:00:00.000Z',
    carrier: null,
    smsAllowed: true,
    smsBlockedReason: null,
    createdAt: '2026-03-02T09:00:00.000Z',
    ...overrides,
  };
}

export function makeProfile(overrides: Partial<ContactProfile> = {}): ContactProfile {
  return {
    id: CONTACT_ID,
    kind: 'person',
    displayName: 'Lena Hoffmann',
    firstName: 'Lena',
    lastName: 'Hoffmann',
    title: 'Buyer',
    businessName: 'Nordlicht Logistik GmbH',
    birthday: null,
    gender: null,
    registrationNumber: null,
    legalForm: null,
    vatId: null,
    contactType: 'lead',
    language: 'de',
    timezone: 'Europe/Berlin',
    source: null,
    firstAttribution: null,
    lastAttribution: null,
    publicLinks: [],
    keywords: [],
    emails: [],
    phones: [],
    locations: [],
    tags: [],
    owner: OWNER,
    followers: [],
    team: null,
    dnd: {
      all: false,
      email: false,
      sms: false,
      whatsapp: false,
      calls: false,
      inboundCalls: false,
      inboundSms: false,
    },
    custom: {},
    fields: [],
    pictureUrl: null,
    version: 7,
    createdBy: OWNER,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-02T10:00:00.000Z',
    archivedAt: null,
    archivedBy: null,
    mergedIntoId: null,
    mergedIds: [],
    warnings: [],
    ...overrides,
  };
}
