// A believable workspace for the contact page, made through the API: a few users and a team, custom fields in
// folders, tags, and one rich contact with emails, phones (a mobile and a landline), a location, custom values,
// attribution and a history of changes by different people.
import type { Session, TestApp } from '../server/test/harness.ts';

export const ZONE = 'Europe/Berlin';

interface Res<T> {
  statusCode: number;
  body: string;
  json(): T;
}

export async function ok<T = any>(res: Promise<Res<T>>, what: string): Promise<T> {
  const r = await res;
  if (r.statusCode >= 300) throw new Error(`${what}: ${r.statusCode} ${r.body}`);
  return r.json();
}

export interface ContactRef {
  id: string;
  displayName: string;
  version: number;
}

export interface Workspace {
  admin: Session;
  maria: Session;
  jonas: Session;
  teamId: string;
  rich: ContactRef;
}

/** Changes a contact through the API with the version it has now (another user's edit, as the page sees it). */
export async function patchContact(session: Session, id: string, body: Record<string, unknown>) {
  const current = await ok<ContactRef>(session.get(`/api/v1/contacts/${id}`), 'get contact');
  return ok<ContactRef>(session.patch(`/api/v1/contacts/${id}`, body, { 'if-match': `"${current.version}"` }), 'patch');
}

export async function seedWorkspace(server: TestApp): Promise<Workspace> {
  const admin = await server.signup({ workspaceName: 'Nordwind Trading', name: 'Ada Admin' });
  await ok(admin.patch('/api/v1/users/me', { timezone: ZONE }), 'zone');
  const maria = await admin.addUser('member', 'Maria Keller');
  const jonas = await admin.addUser('member', 'Jonas Weber');
  await admin.addUser('member', 'Priya Raman');
  for (const s of [maria, jonas]) await ok(s.patch('/api/v1/users/me', { timezone: ZONE }), 'zone');
  const team = await ok<{ id: string }>(
    admin.post('/api/v1/teams', { name: 'Field Sales', memberIds: [maria.user.id, jonas.user.id] }),
    'team',
  );

  const folder = await ok<{ id: string }>(admin.post('/api/v1/custom-field-folders', { name: 'Account' }), 'folder');
  await ok(
    admin.post('/api/v1/custom-fields', {
      label: 'Industry',
      type: 'single_select',
      folderId: folder.id,
      options: [
        { value: 'logistics', label: 'Logistics', color: 'blue' },
        { value: 'retail', label: 'Retail', color: 'grape' },
        { value: 'manufacturing', label: 'Manufacturing', color: 'orange' },
      ],
    }),
    'industry',
  );
  await ok(
    admin.post('/api/v1/custom-fields', { label: 'Annual revenue', type: 'currency', folderId: folder.id }),
    'revenue',
  );
  await ok(
    admin.post('/api/v1/custom-fields', { label: 'Contract signed', type: 'checkbox', folderId: folder.id }),
    'cb',
  );
  await ok(
    admin.post('/api/v1/custom-fields', { label: 'Signed contract', type: 'file', folderId: folder.id }),
    'contract',
  );
  await ok(
    admin.post('/api/v1/custom-fields', {
      label: 'Interests',
      type: 'multi_select',
      folderId: folder.id,
      options: [
        { value: 'cold_storage', label: 'Cold storage', color: 'cyan' },
        { value: 'customs', label: 'Customs', color: 'violet' },
        { value: 'last_mile', label: 'Last mile', color: 'lime' },
      ],
    }),
    'interests',
  );
  await ok(admin.post('/api/v1/custom-fields', { label: 'Last visit', type: 'datetime' }), 'last visit');
  await ok(admin.post('/api/v1/custom-fields', { label: 'Delivery instructions', type: 'long_text' }), 'long');
  await ok(admin.post('/api/v1/custom-fields', { label: 'Portal', type: 'url' }), 'portal');
  await ok(admin.post('/api/v1/custom-fields', { label: 'Next review', type: 'date' }), 'review');
  await ok(admin.post('/api/v1/custom-fields', { label: 'Budget', type: 'number' }), 'budget');
  await ok(
    admin.post('/api/v1/custom-fields', { label: 'Preferred demo time', type: 'text', appliesToAll: false }),
    'demo time',
  );
  for (const [name, color] of [
    ['VIP', 'red'],
    ['Trade show 2026', 'teal'],
    ['Newsletter', 'blue'],
    ['Referral', 'grape'],
  ] as const) {
    await ok(admin.post('/api/v1/tags', { name, color }), 'tag');
  }

  const created = await ok<ContactRef>(
    maria.post('/api/v1/contacts', {
      kind: 'person',
      firstName: 'Lena',
      lastName: 'Hoffmann',
      title: 'Buyer',
      businessName: 'Nordlicht Logistik GmbH',
      contactType: 'prospect',
      language: 'de',
      timezone: 'Europe/Berlin',
      source: 'Trade show',
      birthday: '1986-04-12',
      gender: 'Female',
      keywords: ['cold chain', 'Hamburg port', 'LogiMAT'],
      publicLinks: [
        { label: 'LinkedIn', url: 'https://www.linkedin.com/in/lena-hoffmann-example' },
        { label: 'Website', url: 'https://nordlicht-logistik.example' },
      ],
      attribution: { source: 'google', medium: 'cpc', campaign: 'spring_fleet_2026', term: 'cold chain logistics' },
      teamId: team.id,
      followerIds: [jonas.user.id],
      tags: ['Trade show 2026', 'Newsletter'],
      emails: [
        { email: 'lena.hoffmann@nordlicht-logistik.example', type: 'work' },
        { email: 'lena.hoffmann.private@example.com', type: 'personal' },
      ],
      phones: [
        { number: '+49 151 23456789', type: 'mobile' },
        { number: '+49 30 90182000', type: 'office' },
      ],
      locations: [
        {
          label: 'HQ',
          address: 'Friedrichstraße 68, 10117 Berlin',
          city: 'Berlin',
          postalCode: '10117',
          country: 'DE',
          lat: 52.5096,
          lng: 13.3892,
          isPrimary: true,
        },
      ],
      custom: { industry: 'logistics', annual_revenue: 48_500_000, budget: 120000, next_review: '2026-09-15' },
    }),
    'rich contact',
  );
  await patchContact(maria, created.id, { title: 'Head of Procurement' });
  await patchContact(jonas, created.id, { contactType: 'customer', source: 'Trade show' });
  await ok(jonas.post(`/api/v1/contacts/${created.id}/tags`, { names: ['VIP'] }), 'tag VIP');
  await ok(admin.put(`/api/v1/contacts/${created.id}/dnd`, { whatsapp: true }), 'dnd');
  await patchContact(admin, created.id, { custom: { contract_signed: true } });
  const rich = await ok<ContactRef>(admin.get(`/api/v1/contacts/${created.id}`), 'reload');
  return { admin, maria, jonas, teamId: team.id, rich };
}

/** A plain person contact made through the API, with an email when given. */
export async function createPerson(
  session: Session,
  firstName: string,
  lastName: string,
  extra: Record<string, unknown> = {},
): Promise<ContactRef> {
  return ok<ContactRef>(session.post('/api/v1/contacts', { kind: 'person', firstName, lastName, ...extra }), 'person');
}
