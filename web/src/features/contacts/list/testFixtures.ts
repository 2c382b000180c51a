// Library data shaped like the server's answers, shared by the list's component tests.
import type { TeamDto, UserDto } from '../../settings/settings.api.ts';
import type { ContactTypeDto, CustomFieldDto, TagDto } from '../../settings/contactLibrary.api.ts';
import type { ContactSummaryDto } from '../contactList.api.ts';
import { makeSession } from '../../../test/render.tsx';
import type { Lookups } from './filterModel.ts';

const at = '2026-03-02T09:00:00.000Z';

export const me: UserDto = makeSession().user;
export const maria: UserDto = {
  ...me,
  id: '00000000-0000-4000-8000-000000000002',
  name: 'Maria Keller',
  role: 'member',
};

export const types: ContactTypeDto[] = [
  { key: 'lead', label: 'Lead', color: 'blue', position: 0, createdAt: at },
  { key: 'customer', label: 'Customer', color: 'green', position: 1, createdAt: at },
  { key: 'vendor', label: 'Vendor', color: 'orange', position: 2, createdAt: at },
];

export const vip: TagDto = {
  id: '00000000-0000-4000-8000-0000000000a1',
  name: 'VIP',
  color: 'red',
  usageCount: 4,
  createdAt: at,
};
export const berlin: TagDto = {
  id: '00000000-0000-4000-8000-0000000000a2',
  name: 'Berlin',
  color: 'blue',
  usageCount: 9,
  createdAt: at,
};

export const teams: TeamDto[] = [
  { id: '00000000-0000-4000-8000-0000000000b1', name: 'Inside Sales', members: [], createdAt: at },
];

let fieldCount = 0;

function field(partial: Partial<CustomFieldDto> & Pick<CustomFieldDto, 'key' | 'label' | 'type'>): CustomFieldDto {
  fieldCount += 1;
  return {
    id: `00000000-0000-4000-8000-0000000000f${fieldCount}`,
    entity: 'contact',
    options: [],
    currency: null,
    folderId: null,
    required: false,
    appliesToAll: true,
    description: null,
    position: 0,
    createdAt: at,
    updatedAt: at,
    archivedAt: null,
    ...partial,
  };
}

export const budget = field({ key: 'budget', label: 'Budget', type: 'currency' });
export const propertyType = field({
  key: 'property_type',
  label: 'Property type',
  type: 'single_select',
  options: [
    { value: 'flat', label: 'Flat' },
    { value: 'house', label: 'House' },
  ],
});
export const newsletter = field({ key: 'newsletter', label: 'Newsletter', type: 'checkbox' });

export const lookups: Lookups = {
  types,
  users: [me, maria],
  teams,
  tags: [berlin, vip],
  fields: [budget, propertyType, newsletter],
  locale: 'en',
};

export function summary(
  partial: Partial<ContactSummaryDto> & Pick<ContactSummaryDto, 'id' | 'displayName'>,
): ContactSummaryDto {
  return {
    kind: 'person',
    firstName: null,
    lastName: null,
    businessName: null,
    title: null,
    contactType: 'lead',
    primaryEmail: null,
    primaryPhone: null,
    owner: { id: me.id, name: me.name },
    team: null,
    tags: [],
    source: null,
    language: null,
    custom: {},
    pictureUrl: null,
    createdAt: at,
    updatedAt: at,
    archivedAt: null,
    ...partial,
  };
}

/** Fake routes for the libraries the list and the create dialog read. */
export const libraryRoutes = {
  'GET /api/v1/contact-types': () => jsonResponse({ data: types }),
  'GET /api/v1/users': () => jsonResponse({ data: [me, maria] }),
  'GET /api/v1/teams': () => jsonResponse({ data: teams }),
  'GET /api/v1/tags': () => jsonResponse({ data: [berlin, vip] }),
  'GET /api/v1/custom-fields': () => jsonResponse({ data: [budget, propertyType, newsletter] }),
  'GET /api/v1/saved-views': () => jsonResponse({ data: [] }),
};

function jsonResponse(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}
