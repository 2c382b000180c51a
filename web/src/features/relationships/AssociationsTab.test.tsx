import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, makeSession, problem, renderWithApp } from '../../test/render.tsx';
import { CONTACT_ID, makeProfile } from '../contacts/record/testing/profile.ts';
import { AssociationsTab } from './AssociationsTab.tsx';
import type { ContactLinkDto, ContactRelationDto, RelationTypeDto } from './relationships.api.ts';

const ACME = '0190a0b0-0000-7000-8000-0000000000a1';
const GLOBEX = '0190a0b0-0000-7000-8000-0000000000a2';
const MAX = '0190a0b0-0000-7000-8000-0000000000b1';

const ref = (id: string, displayName: string, kind: 'person' | 'business') => ({
  id,
  kind,
  displayName,
  pictureUrl: null,
});
const lena = ref(CONTACT_ID, 'Lena Hoffmann', 'person');

function link(n: number, overrides: Partial<ContactLinkDto> = {}): ContactLinkDto {
  return {
    id: `0190a0b0-0000-7000-8000-00000000010${n}`,
    person: lena,
    business: ref(ACME, 'Acme GmbH', 'business'),
    role: null,
    note: null,
    isPrimary: false,
    references: { emails: [], phones: [], locations: [] },
    version: 1,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    ...overrides,
  };
}

const relation: ContactRelationDto = {
  id: '0190a0b0-0000-7000-8000-000000000201',
  typeId: '0190a0b0-0000-7000-8000-000000000301',
  label: 'Assistant of',
  other: ref(MAX, 'Max Muster', 'person'),
  note: 'Books his meetings',
  createdAt: '2026-03-01T10:00:00.000Z',
};

const types: RelationTypeDto[] = [
  {
    id: relation.typeId,
    label: 'Assistant of',
    inverseLabel: 'Has assistant',
    symmetric: false,
    position: 0,
    usageCount: 1,
    version: 1,
  },
  {
    id: '0190a0b0-0000-7000-8000-000000000302',
    label: 'Spouse of',
    inverseLabel: 'Spouse of',
    symmetric: true,
    position: 1,
    usageCount: 0,
    version: 1,
  },
];

describe('AssociationsTab', () => {
  it('shows a person’s businesses with role, primary star and the details used by reference, and relations', async () => {
    fakeFetch({
      [`GET /api/v1/contacts/${CONTACT_ID}/businesses`]: () =>
        json(200, {
          data: [
            link(1, {
              role: 'CFO',
              isPrimary: true,
              references: {
                emails: [{ id: '0190a0b0-0000-7000-8000-000000000401', email: 'info@acme.test', type: 'work' }],
                phones: [
                  {
                    id: '0190a0b0-0000-7000-8000-000000000402',
                    e164: '+49301234567',
                    international: '+49 30 1234567',
                    type: 'office',
                  },
                ],
                locations: [],
              },
            }),
            link(2, { business: ref(GLOBEX, 'Globex', 'business') }),
          ],
        }),
      [`GET /api/v1/contacts/${CONTACT_ID}/relations`]: () => json(200, { data: [relation] }),
    });
    await renderWithApp(<AssociationsTab contact={makeProfile()} />, { session: makeSession() });
    const rows = await screen.findAllByTestId('link-row');
    expect(within(rows[0]!).getByText('Acme GmbH')).toBeTruthy();
    expect(within(rows[0]!).getByText('CFO')).toBeTruthy();
    expect(within(rows[0]!).getByLabelText('Primary business')).toBeTruthy();
    expect(within(rows[0]!).getByText('info@acme.test')).toBeTruthy();
    expect(within(rows[0]!).getByText('+49 30 1234567')).toBeTruthy();
    expect(within(rows[1]!).getByText('No role given')).toBeTruthy();
    const rel = await screen.findByTestId('relation-row');
    expect(within(rel).getByText('Assistant of')).toBeTruthy();
    expect(within(rel).getByText('Max Muster')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Link business' })).toBeTruthy();
  });

  it('pages a business’s contact persons and says what to do when there are no relations', async () => {
    const business = makeProfile({ kind: 'business', displayName: 'Acme GmbH', businessName: 'Acme GmbH' });
    const page = (cursor: string | null, people: ContactLinkDto[]) => ({ data: people, nextCursor: cursor, total: 3 });
    const requests = fakeFetch({
      [`GET /api/v1/contacts/${CONTACT_ID}/persons`]: (req) =>
        req.path.includes('cursor=')
          ? json(200, page(null, [link(3, { person: ref(MAX, 'Max Muster', 'person') })]))
          : json(
              200,
              page('next', [
                link(1, {
                  person: ref('0190a0b0-0000-7000-8000-0000000000c1', 'Anna Berg', 'person'),
                  isPrimary: true,
                }),
                link(2, { person: ref('0190a0b0-0000-7000-8000-0000000000c2', 'Bernd Cole', 'person') }),
              ]),
            ),
      [`GET /api/v1/contacts/${CONTACT_ID}/relations`]: () => json(200, { data: [] }),
    });
    await renderWithApp(<AssociationsTab contact={business} />, { session: makeSession() });
    expect(await screen.findByText('2 of 3 persons')).toBeTruthy();
    expect(screen.getByText('No relations yet')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add person' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Show more persons' }));
    expect(await screen.findByText('Max Muster')).toBeTruthy();
    expect(screen.getByText('3 of 3 persons')).toBeTruthy();
    expect(requests.some((r) => r.path.includes('limit=25'))).toBe(true);
  });

  it('adds a person from the business page in one request and shows a refusal in the dialog', async () => {
    const business = makeProfile({ kind: 'business', displayName: 'Acme GmbH', businessName: 'Acme GmbH' });
    let attempt = 0;
    const requests = fakeFetch({
      [`GET /api/v1/contacts/${CONTACT_ID}/persons`]: () => json(200, { data: [], nextCursor: null, total: 0 }),
      [`GET /api/v1/contacts/${CONTACT_ID}/relations`]: () => json(200, { data: [] }),
      [`POST /api/v1/contacts/${CONTACT_ID}/persons`]: () =>
        ++attempt === 1
          ? problem(409, 'email_taken', 'jo@example.test already belongs to Jo Other')
          : json(201, link(1, { person: ref(MAX, 'Jo New', 'person') })),
      [`GET /api/v1/contacts/${CONTACT_ID}/timeline`]: () => json(200, { data: [], nextCursor: null }),
    });
    await renderWithApp(<AssociationsTab contact={business} />, { session: makeSession() });
    expect(await screen.findByText('No contact persons yet')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Add person' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText('First name'), 'Jo');
    await userEvent.type(within(dialog).getByLabelText('Last name'), 'New');
    await userEvent.type(within(dialog).getByLabelText('Email'), 'jo@example.test');
    await userEvent.type(within(dialog).getByLabelText('Role or position'), 'Buyer');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create and link' }));
    expect(await within(dialog).findByText(/already belongs to Jo Other/)).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create and link' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const post = requests.filter((r) => r.method === 'POST').at(-1)!;
    expect(post.body).toEqual({
      person: { firstName: 'Jo', lastName: 'New', emails: [{ email: 'jo@example.test' }] },
      role: 'Buyer',
      isPrimary: true,
    });
  });

  it('offers both readings of an asymmetric relation type', async () => {
    fakeFetch({
      [`GET /api/v1/contacts/${CONTACT_ID}/businesses`]: () => json(200, { data: [] }),
      [`GET /api/v1/contacts/${CONTACT_ID}/relations`]: () => json(200, { data: [] }),
      'GET /api/v1/relation-types': () => json(200, { data: types }),
    });
    await renderWithApp(<AssociationsTab contact={makeProfile()} />, { session: makeSession() });
    expect(await screen.findByText('Not linked to a business')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Add relation' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getAllByLabelText(/Lena Hoffmann is/)[0]!);
    for (const label of ['Assistant of', 'Has assistant', 'Spouse of'])
      expect(await screen.findByRole('option', { name: label })).toBeTruthy();
    expect(screen.getAllByRole('option', { name: 'Spouse of' })).toHaveLength(1);
  });
});
