import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { journalOf, newContact } from './contact-test-helpers.ts';
import { listTuning, MATCH_CANDIDATES } from './list-contacts.ts';
import { ContactListPage } from './contacts.schemas.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ids = (res: { json(): any }) => res.json().data.map((c: any) => c.id);
const names = (res: { json(): any }) => res.json().data.map((c: any) => c.displayName);
const filterUrl = (filters: unknown[], extra = '') =>
  `/api/v1/contacts?filters=${encodeURIComponent(JSON.stringify(filters))}${extra}`;

/** Inserts many plain contacts straight into the database (for counts and limits). */
async function bulkInsert(session: Session, n: number, prefix: string): Promise<void> {
  await t.deps.database.pool.query(
    `insert into contacts (workspace_id, id, kind, display_name, first_name, last_name, contact_type, owner_id, search_text)
     select $1, gen_random_uuid(), 'person', $3 || ' ' || g, $3, g::text, 'lead', $2, lower($3) || ' ' || g
     from generate_series(1, $4) g`,
    [session.workspace.id, session.user.id, prefix, n],
  );
}

async function pageThrough(session: Session, url: string, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res = await session.get(`${url}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    seen.push(...ids(res));
    cursor = res.json().nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return seen;
}

/** Runs `read` with some of listTuning changed, then puts them back. */
async function withTuning<T>(changes: Partial<typeof listTuning>, read: () => Promise<T>): Promise<T> {
  const saved = { ...listTuning };
  Object.assign(listTuning, changes);
  try {
    return await read();
  } finally {
    Object.assign(listTuning, saved);
  }
}
/** Read as a large workspace is: through the shared indexes, sizes not remembered. */
const largeWorkspace = { sizeTtlMs: 0, smallWorkspace: 0 };
/** Every estimate "common": matches are walked (ids and keys first, then the page), never collected. */
const everyWalk = { commonEstimate: 0, commonSearchEstimate: 0 };

describe('search', () => {
  let admin: Session;
  const made: Record<string, any> = {};
  beforeAll(async () => {
    admin = await t.signup();
    made.email = await newContact(admin, {
      firstName: 'Zed',
      lastName: 'Quiet',
      emails: [{ email: 'mark@acme.test' }],
    });
    made.prefix = await newContact(admin, { firstName: 'Mark', lastName: 'Brown' });
    made.prefix2 = await newContact(admin, { firstName: 'Markus', lastName: 'Adler' });
    made.substring = await newContact(admin, { firstName: 'Anna', lastName: 'Marks' });
    made.business = await newContact(admin, {
      kind: 'business',
      firstName: undefined,
      lastName: undefined,
      businessName: 'Denmark Trading',
    });
    made.phone = await newContact(admin, {
      firstName: 'Paula',
      lastName: 'Phone',
      phones: [{ number: '+49 30 9876543' }],
    });
    made.keyword = await newContact(admin, { firstName: 'Kurt', lastName: 'Key', keywords: ['Messe München'] });
    made.typo = await newContact(admin, { firstName: 'Jonathan', lastName: 'Weatherby' });
  });

  it('ranks exact email hits first, then name prefixes, then substrings', async () => {
    const res = await admin.get('/api/v1/contacts?q=mark@acme.test');
    expect(ids(res)).toEqual([made.email.id]);
    const mark = await admin.get('/api/v1/contacts?q=mark');
    expect(names(mark)).toEqual(['Mark Brown', 'Markus Adler', 'Anna Marks', 'Denmark Trading', 'Zed Quiet']);
    expect(mark.json().total).toEqual({ value: 5, exact: true });
    const both = await admin.get('/api/v1/contacts?q=anna%20marks');
    expect(names(both)).toEqual(['Anna Marks']);
  });

  it('answers a whole email address with its holders alone, and searches it as text when nobody holds it', async () => {
    const member = await admin.addUser('member', 'Mona');
    await admin.patch(`/api/v1/users/${member.user.id}`, { contactAccess: 'own' });
    const held = await newContact(admin, {
      firstName: 'Hal',
      lastName: 'Holder',
      emails: [{ email: 'ann@held.test' }],
    });
    const longer = await newContact(admin, {
      firstName: 'Jo',
      lastName: 'Longer',
      emails: [{ email: 'joann@held.test' }, { email: 'joann@free.test' }],
      ownerId: member.user.id,
    });
    // Held: its holder alone, in any case, though another address contains it; also with a sort asked for.
    for (const q of ['ann@held.test', 'ANN@Held.test']) {
      const res = await admin.get(`/api/v1/contacts?q=${encodeURIComponent(q)}`);
      expect(ids(res)).toEqual([held.id]);
      expect(res.json().total).toEqual({ value: 1, exact: true });
    }
    expect(ids(await admin.get('/api/v1/contacts?q=ann%40held.test&sort=-name'))).toEqual([held.id]);
    // Held by nobody: the address is a substring of another contact's.
    const free = await admin.get('/api/v1/contacts?q=ann%40free.test');
    expect(ids(free)).toEqual([longer.id]);
    expect(free.json().total).toEqual({ value: 1, exact: true });
    expect(ids(await admin.get('/api/v1/contacts?q=ann%40free.test&sort=name'))).toEqual([longer.id]);
    // A member who may not see the holder finds nothing, not their own contact whose address contains it.
    expect(ids(await member.get('/api/v1/contacts?q=ann%40free.test'))).toEqual([longer.id]);
    const hidden = await member.get('/api/v1/contacts?q=ann%40held.test');
    expect(ids(hidden)).toEqual([]);
    expect(hidden.json().total).toEqual({ value: 0, exact: true });
    // Held only by an archived contact: nothing, not the substring matches; the archive finds it.
    expect((await admin.delete(`/api/v1/contacts/${held.id}`)).statusCode).toBe(204);
    const archived = await admin.get('/api/v1/contacts?q=ann%40held.test');
    expect(ids(archived)).toEqual([]);
    expect(archived.json().total).toEqual({ value: 0, exact: true });
    expect(ids(await admin.get('/api/v1/contacts?q=ann%40held.test&archived=true'))).toEqual([held.id]);
  });

  it('sends an exact address’s page as a statement named by its text, planned once a connection; a word’s unnamed', async () => {
    const sent: { name?: string; text: string }[] = [];
    const query = pg.Client.prototype.query;
    const spy = vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (
      this: pg.Client,
      ...args: unknown[]
    ) {
      const config = args[0];
      if (config && typeof config === 'object' && 'text' in config)
        sent.push(config as { name?: string; text: string });
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query);
    const pages = (q: string) => sent.filter((c) => c.text.includes('count(*) over ()') && c.text.includes(q));
    try {
      for (const q of ['mark@acme.test', 'MARK@acme.test']) {
        expect(ids(await admin.get(`/api/v1/contacts?q=${encodeURIComponent(q)}`))).toEqual([made.email.id]);
      }
      const exact = pages('"contact_emails"."email" =');
      expect(exact).toHaveLength(2);
      expect(exact[0]!.name).toMatch(/^page_[0-9a-f]{24}$/);
      expect(exact[1]!.name).toBe(exact[0]!.name);
      sent.length = 0;
      expect(names(await admin.get('/api/v1/contacts?q=mark'))).toContain('Mark Brown');
      const words = pages('like');
      expect(words.length).toBeGreaterThan(0);
      expect(words.every((c) => !c.name)).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  it('answers a whole phone number with its holders alone, and searches its digits when nobody holds it', async () => {
    const held = await newContact(admin, {
      firstName: 'Nina',
      lastName: 'Number',
      phones: [{ number: '+44 20 7946 0958' }],
    });
    const longer = await newContact(admin, {
      firstName: 'Lars',
      lastName: 'Longer',
      phones: [{ number: '+1 212 555 0148' }],
    });
    expect(ids(await admin.get('/api/v1/contacts?q=%2B44%2020%207946%200958'))).toEqual([held.id]);
    expect(ids(await admin.get('/api/v1/contacts?q=%2B442079460958&sort=name'))).toEqual([held.id]);
    // Held by nobody: "+1 212 555 01" is no whole number anyone has, and a substring of one.
    const digits = await admin.get('/api/v1/contacts?q=%2B1%20212%20555%2001');
    expect(ids(digits)).toEqual([longer.id]);
    expect(digits.json().total).toEqual({ value: 1, exact: true });
    // Held only by an archived contact: nothing.
    expect((await admin.delete(`/api/v1/contacts/${held.id}`)).statusCode).toBe(204);
    expect(ids(await admin.get('/api/v1/contacts?q=%2B44%2020%207946%200958'))).toEqual([]);
  });

  it('finds phone numbers by any of their digits and exact numbers first', async () => {
    expect(ids(await admin.get('/api/v1/contacts?q=%2B49%2030%209876543'))).toEqual([made.phone.id]);
    expect(ids(await admin.get('/api/v1/contacts?q=030%2098765'))).toEqual([made.phone.id]);
    expect(ids(await admin.get('/api/v1/contacts?q=9876'))).toEqual([made.phone.id]);
  });

  it('finds keywords, accents folded, and tolerates typos', async () => {
    expect(ids(await admin.get('/api/v1/contacts?q=munchen'))).toEqual([made.keyword.id]);
    expect(ids(await admin.get('/api/v1/contacts?q=m%C3%BCnchen'))).toEqual([made.keyword.id]);
    const typo = await admin.get('/api/v1/contacts?q=wheatherby');
    expect(ids(typo)).toEqual([made.typo.id]);
    expect(typo.json().total.value).toBe(1);
  });

  it('corrects a typo to the words of its own workspace: one edit, two from seven letters, none further', async () => {
    const other = await t.signup();
    const russell = await newContact(admin, { firstName: 'Russell', lastName: 'Kowalski' });
    const theirs = await newContact(other, { firstName: 'Xaver', lastName: 'Quimbleton' });
    const found = async (session: Session, q: string) =>
      ids(await session.get(`/api/v1/contacts?q=${encodeURIComponent(q)}`));
    // One letter changed in the middle of a seven-letter word leaves too few trigrams for similarity alone.
    expect(await found(admin, 'rusmell')).toEqual([russell.id]);
    // Two edits from seven letters: a letter swapped with the next ("kowalksi") and one missing and one wrong.
    expect(await found(admin, 'kowalksi')).toEqual([russell.id]);
    expect(await found(admin, 'kowlsky')).toEqual([russell.id]);
    // Up to six letters, one edit and no more.
    expect(await found(admin, 'russel')).toEqual([russell.id]);
    expect(await found(admin, 'rssel')).toEqual([]);
    // Two neighbouring letters swapped are one edit, in a short word too; a letter changed in a four-letter word is
    // found though the two share too few trigrams for the vocabulary's trigram index.
    const wolf = await newContact(admin, { firstName: 'Ada', lastName: 'Wolf' });
    expect(await found(admin, 'wofl')).toEqual([wolf.id]);
    expect(await found(admin, 'wilf')).toEqual([wolf.id]);
    // A letter that folds to no Latin one (ø): found through the vocabulary's trigram index.
    const orsted = await newContact(admin, { firstName: 'Ida', lastName: 'Ørsted' });
    expect(await found(admin, 'orsted')).toEqual([orsted.id]);
    // Only the nearest words are searched: with Kowalski one edit away, Kowalsa two away is not; with none nearer, it is.
    const kowalsa = await newContact(admin, { firstName: 'Zofia', lastName: 'Kowalsa' });
    expect(await found(admin, 'kowalsku')).toEqual([russell.id]);
    expect((await found(admin, 'kowalsxx')).sort()).toEqual([russell.id, kowalsa.id].sort());
    // A member's typo does not correct to the typed word itself, held by a contact they cannot see: their Quarels.
    const rep = await admin.addUser('member', 'Rhea');
    await admin.patch(`/api/v1/users/${rep.user.id}`, { contactAccess: 'own' });
    const quarles = await newContact(admin, { firstName: 'Owen', lastName: 'Quarles' });
    const quarels = await newContact(admin, { firstName: 'Ivy', lastName: 'Quarels', ownerId: rep.user.id });
    expect(await found(admin, 'quarles')).toEqual([quarles.id]);
    expect(await found(rep, 'quarles')).toEqual([quarels.id]);
    // With another word typed as it is stored: both must hold.
    expect(await found(admin, 'jonathan wheatherby')).toEqual([made.typo.id]);
    expect(await found(admin, 'russell wheatherby')).toEqual([]);
    // Another workspace's words correct nothing here, and this one's nothing there.
    expect(await found(admin, 'quimbletin')).toEqual([]);
    expect(await found(other, 'quimbletin')).toEqual([theirs.id]);
    expect(await found(other, 'kowalksi')).toEqual([]);
    // A contact's new name is a word at once, and its old one, which no contact holds now, finds no one.
    await admin.patch(`/api/v1/contacts/${russell.id}`, { lastName: 'Fairweather' });
    expect(await found(admin, 'fairwaether')).toEqual([russell.id]);
    expect(await found(admin, 'kowalksi')).toEqual([]);
  });

  it('pages through ranked results without gaps or repeats', async () => {
    const seen = await pageThrough(admin, '/api/v1/contacts?q=mark', 2);
    expect(seen).toEqual(ids(await admin.get('/api/v1/contacts?q=mark')));
  });

  it('sorts search results when a sort is asked for', async () => {
    const res = await admin.get('/api/v1/contacts?q=mark&sort=-name');
    expect(names(res)).toEqual(['Zed Quiet', 'Markus Adler', 'Mark Brown', 'Denmark Trading', 'Anna Marks']);
  });
});

describe('filters', () => {
  let admin: Session;
  let member: Session;
  const c: Record<string, any> = {};
  beforeAll(async () => {
    admin = await t.signup();
    member = await admin.addUser('member', 'Maria');
    const team = (await admin.post('/api/v1/teams', { name: 'North', memberIds: [member.user.id] })).json();
    await admin.post('/api/v1/custom-fields', {
      label: 'Industry',
      type: 'single_select',
      options: [
        { value: 'retail', label: 'Retail' },
        { value: 'tech', label: 'Tech' },
      ],
    });
    await admin.post('/api/v1/custom-fields', { label: 'Annual revenue', type: 'currency', currency: 'EUR' });
    await admin.post('/api/v1/custom-fields', { label: 'Signed', type: 'date' });
    c.a = await newContact(admin, {
      firstName: 'Alice',
      lastName: 'Able',
      contactType: 'customer',
      source: 'Website',
      language: 'de',
      tags: ['VIP', 'Newsletter'],
      emails: [{ email: 'alice@able.test' }],
      custom: { industry: 'retail', annual_revenue: 1_000_000, signed: '2026-01-15', occupation: 'Chemist' },
      birthday: '1980-05-01',
    });
    c.b = await newContact(admin, {
      firstName: 'Bob',
      lastName: 'Baker',
      ownerId: member.user.id,
      teamId: team.id,
      tags: ['VIP'],
      custom: { industry: 'tech', annual_revenue: 50_000, signed: '2026-03-01' },
    });
    c.c = await newContact(admin, {
      kind: 'business',
      firstName: undefined,
      lastName: undefined,
      businessName: 'Corp Ltd',
      tags: ['Newsletter'],
      keywords: ['partner'],
      phones: [{ number: '+4915112345678' }],
    });
    c.team = team;
  });

  it('filters by standard fields and list parameters', async () => {
    expect(ids(await admin.get('/api/v1/contacts?kind=business'))).toEqual([c.c.id]);
    expect(ids(await admin.get('/api/v1/contacts?contactType=customer'))).toEqual([c.a.id]);
    expect(ids(await admin.get(`/api/v1/contacts?ownerId=${member.user.id}`))).toEqual([c.b.id]);
    expect(ids(await member.get('/api/v1/contacts?ownerId=me'))).toEqual([c.b.id]);
    expect(ids(await admin.get(`/api/v1/contacts?teamId=${c.team.id}`))).toEqual([c.b.id]);
    expect(ids(await admin.get(`/api/v1/contacts?teamId=none`))).toEqual([c.a.id, c.c.id]);
    expect(ids(await admin.get('/api/v1/contacts?source=website'))).toEqual([c.a.id]);
    expect(ids(await admin.get('/api/v1/contacts?language=de'))).toEqual([c.a.id]);
    expect(ids(await admin.get('/api/v1/contacts?tags=vip'))).toEqual([c.a.id, c.b.id]);
    expect(ids(await admin.get('/api/v1/contacts?tags=VIP,Newsletter'))).toEqual([c.a.id, c.b.id, c.c.id]);
    expect(ids(await admin.get('/api/v1/contacts?tags=VIP,Newsletter&tagMode=all'))).toEqual([c.a.id]);
    expect(ids(await admin.get('/api/v1/contacts?tags=Nope'))).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(ids(await admin.get(`/api/v1/contacts?createdFrom=${today}&createdTo=${today}`))).toHaveLength(3);
    expect(ids(await admin.get('/api/v1/contacts?createdTo=2000-01-01'))).toEqual([]);
    expect(ids(await admin.get(`/api/v1/contacts?ownerId=${member.user.id}&tags=VIP`))).toEqual([c.b.id]);
  });

  it('filters by tag ids without looking them up: unknown and deleted ids match nothing', async () => {
    const tagsOf = (await admin.get('/api/v1/tags')).json().data as { id: string; name: string }[];
    const id = (name: string) => tagsOf.find((x) => x.name === name)!.id;
    const [vip, news] = [id('VIP'), id('Newsletter')];
    expect(ids(await admin.get(`/api/v1/contacts?tags=${vip}`))).toEqual([c.a.id, c.b.id]);
    expect(ids(await admin.get(`/api/v1/contacts?tags=${vip.toUpperCase()},${news}`))).toEqual([
      c.a.id,
      c.b.id,
      c.c.id,
    ]);
    expect(ids(await admin.get(`/api/v1/contacts?tags=${vip},${news}&tagMode=all`))).toEqual([c.a.id]);
    // An id written twice is one tag.
    expect(ids(await admin.get(`/api/v1/contacts?tags=${vip},${vip.toUpperCase()}&tagMode=all`))).toEqual([
      c.a.id,
      c.b.id,
    ]);
    const unknown = '01a24fc5-0000-7000-8000-000000000000';
    expect(ids(await admin.get(`/api/v1/contacts?tags=${unknown}`))).toEqual([]);
    expect(ids(await admin.get(`/api/v1/contacts?tags=${vip},${unknown}&tagMode=all`))).toEqual([]);
    // A tag deleted is taken off its contacts: its id finds none of them.
    const temp = (await admin.post('/api/v1/tags', { name: 'Temporary' })).json() as { id: string };
    expect((await admin.post(`/api/v1/contacts/${c.a.id}/tags`, { tagIds: [temp.id] })).statusCode).toBeLessThan(300);
    expect(ids(await admin.get(`/api/v1/contacts?tags=${temp.id}`))).toEqual([c.a.id]);
    expect((await admin.delete(`/api/v1/tags/${temp.id}`)).statusCode).toBeLessThan(300);
    expect(ids(await admin.get(`/api/v1/contacts?tags=${temp.id}`))).toEqual([]);
    expect(ids(await admin.get(`/api/v1/contacts?tags=${temp.id},${vip}&tagMode=all`))).toEqual([]);
  });

  it('filters with {field, op, value} on standard and custom fields', async () => {
    const run = async (filters: unknown[]) => ids(await admin.get(filterUrl(filters)));
    expect(await run([{ field: 'firstName', op: 'eq', value: 'alice' }])).toEqual([c.a.id]);
    expect(await run([{ field: 'lastName', op: 'contains', value: 'ake' }])).toEqual([c.b.id]);
    expect(await run([{ field: 'firstName', op: 'empty' }])).toEqual([c.c.id]);
    expect(await run([{ field: 'firstName', op: 'neq', value: 'Alice' }])).toEqual([c.b.id, c.c.id]);
    expect(await run([{ field: 'birthday', op: 'lt', value: '1990-01-01' }])).toEqual([c.a.id]);
    expect(await run([{ field: 'email', op: 'eq', value: 'ALICE@able.test' }])).toEqual([c.a.id]);
    expect(await run([{ field: 'email', op: 'empty' }])).toEqual([c.b.id, c.c.id]);
    expect(await run([{ field: 'phone', op: 'contains', value: '1511234' }])).toEqual([c.c.id]);
    expect(await run([{ field: 'keywords', op: 'eq', value: 'Partner' }])).toEqual([c.c.id]);
    expect(await run([{ field: 'tags', op: 'neq', value: 'VIP' }])).toEqual([c.c.id]);
    expect(await run([{ field: 'teamId', op: 'not_empty' }])).toEqual([c.b.id]);
    expect(await run([{ field: 'createdAt', op: 'gt', value: '2000-01-01T00:00:00Z' }])).toHaveLength(3);
    expect(await run([{ field: 'custom.industry', op: 'eq', value: 'tech' }])).toEqual([c.b.id]);
    expect(await run([{ field: 'custom.industry', op: 'neq', value: 'tech' }])).toEqual([c.a.id, c.c.id]);
    expect(await run([{ field: 'custom.annual_revenue', op: 'gt', value: 100000 }])).toEqual([c.a.id]);
    expect(await run([{ field: 'custom.annual_revenue', op: 'lt', value: '100000' }])).toEqual([c.b.id]);
    expect(await run([{ field: 'custom.annual_revenue', op: 'empty' }])).toEqual([c.c.id]);
    expect(await run([{ field: 'custom.signed', op: 'gt', value: '2026-02-01' }])).toEqual([c.b.id]);
    expect(await run([{ field: 'custom.occupation', op: 'contains', value: 'chem' }])).toEqual([c.a.id]);
    expect(await run([{ field: 'custom.occupation', op: 'not_empty' }])).toEqual([c.a.id]);
    expect(
      await run([
        { field: 'custom.industry', op: 'not_empty' },
        { field: 'tags', op: 'eq', value: 'Newsletter' },
      ]),
    ).toEqual([c.a.id]);
  });

  it('refuses unknown fields, wrong operators and wrong values with 400 naming the field', async () => {
    const bad = async (filters: unknown) =>
      (await admin.get(`/api/v1/contacts?filters=${encodeURIComponent(JSON.stringify(filters))}`)).json();
    expect(await bad([{ field: 'shoeSize', op: 'eq', value: 1 }])).toMatchObject({
      status: 400,
      code: 'filter_invalid',
      field: 'shoeSize',
    });
    expect(await bad([{ field: 'custom.nope', op: 'eq', value: 1 }])).toMatchObject({
      code: 'filter_invalid',
      field: 'custom.nope',
    });
    expect(await bad([{ field: 'kind', op: 'gt', value: 'x' }])).toMatchObject({
      code: 'filter_invalid',
      field: 'kind',
    });
    expect(await bad([{ field: 'custom.annual_revenue', op: 'gt', value: 'lots' }])).toMatchObject({
      code: 'filter_invalid',
      field: 'custom.annual_revenue',
    });
    expect(await bad([{ field: 'custom.industry', op: 'eq', value: 'farming' }])).toMatchObject({
      code: 'filter_invalid',
    });
    expect(await bad([{ field: 'birthday', op: 'eq', value: 'yesterday' }])).toMatchObject({ code: 'filter_invalid' });
    expect(await bad({ not: 'an array' })).toMatchObject({ status: 400, code: 'validation_failed' });
    expect((await admin.get('/api/v1/contacts?filters=%7Bbroken')).statusCode).toBe(400);
    expect((await admin.get('/api/v1/contacts?sort=shoeSize')).json()).toMatchObject({ status: 400, field: 'sort' });
    expect((await admin.get('/api/v1/contacts?cursor=garbage')).statusCode).toBe(400);
    expect((await admin.get('/api/v1/contacts?ownerId=nobody')).statusCode).toBe(400);
  });

  it('returns list summaries with primary channels, owner, team, tags and custom values', async () => {
    const page = (await admin.get('/api/v1/contacts?contactType=customer')).json();
    // Nothing the schema would strip or reject: the page is sent without re-validation.
    expect(ContactListPage.parse(page)).toStrictEqual(page);
    const [a] = page.data;
    expect(a).toMatchObject({
      displayName: 'Alice Able',
      primaryEmail: 'alice@able.test',
      primaryPhone: null,
      owner: { id: admin.user.id, name: admin.user.name },
      team: null,
      tags: [{ name: 'Newsletter' }, { name: 'VIP' }],
      custom: { industry: 'retail', annual_revenue: 1_000_000 },
      archivedAt: null,
    });
    const [b] = (await admin.get(`/api/v1/contacts?teamId=${c.team.id}`)).json().data;
    expect(b.team).toEqual({ id: c.team.id, name: 'North' });
    // The same summary whichever way the page was read: collected (a filter, a search) or walked in order.
    const everyone = (await admin.get('/api/v1/contacts?limit=200')).json().data;
    expect(everyone.find((x: any) => x.id === a.id)).toEqual(a);
    expect(everyone.find((x: any) => x.id === b.id)).toEqual(b);
    expect((await admin.get('/api/v1/contacts?q=alice%20able')).json().data[0]).toEqual(a);
  });
});

describe('sorting, paging and counting', () => {
  it('pages every sort with keyset cursors without gaps or repeats, ties included', async () => {
    const admin = await t.signup();
    await admin.post('/api/v1/custom-fields', { label: 'Score', type: 'number' });
    const member = await admin.addUser('member', 'Zoe Owner');
    const made: string[] = [];
    for (let i = 0; i < 13; i++) {
      const contact = await newContact(admin, {
        firstName: i % 3 === 0 ? 'Same' : `Name${String.fromCharCode(65 + i)}`,
        lastName: 'Person',
        contactType: i % 2 ? 'customer' : 'lead',
        ownerId: i % 4 === 0 ? member.user.id : admin.user.id,
        custom: i % 5 === 0 ? {} : { score: i % 3 },
      });
      made.push(contact.id);
    }
    for (const sort of [
      'name',
      '-name',
      'createdAt',
      '-createdAt',
      '-updatedAt',
      'contactType',
      '-owner',
      'custom.score',
      '-custom.score',
    ]) {
      const seen = await pageThrough(admin, `/api/v1/contacts?sort=${sort}`, 4);
      expect(seen, sort).toHaveLength(13);
      expect(new Set(seen).size, sort).toBe(13);
      const all = ids(await admin.get(`/api/v1/contacts?sort=${sort}&limit=50`));
      expect(seen, sort).toEqual(all);
    }
    const byScore = (await admin.get('/api/v1/contacts?sort=-custom.score&limit=50')).json().data;
    const scores = byScore.map((x: any) => x.custom.score ?? null);
    expect(scores.slice(-3)).toEqual([null, null, null]);
    expect(scores.filter((s: any) => s !== null)).toEqual(
      [...scores.filter((s: any) => s !== null)].sort((a, b) => b - a),
    );
    // Filtered lists collect their matches first (see firstMatches): the same order and cursors.
    const mine = new Set(ids(await admin.get(`/api/v1/contacts?ownerId=${admin.user.id}&limit=50`)));
    expect(mine.size).toBe(9);
    for (const sort of ['name', '-createdAt', 'contactType', '-owner', 'custom.score', '-custom.score']) {
      const all = ids(await admin.get(`/api/v1/contacts?sort=${sort}&limit=50`));
      expect(await pageThrough(admin, `/api/v1/contacts?sort=${sort}&kind=person`, 4), sort).toEqual(all);
      expect(await pageThrough(admin, `/api/v1/contacts?sort=${sort}&ownerId=${admin.user.id}`, 2), sort).toEqual(
        all.filter((id: string) => mine.has(id)),
      );
    }
    const newest = ids(await admin.get('/api/v1/contacts?sort=-createdAt&limit=1'));
    expect(newest).toEqual([made.at(-1)]);
    // A cursor of one sort is refused by another.
    const cursor = (await admin.get('/api/v1/contacts?sort=name&limit=2')).json().nextCursor;
    expect((await admin.get(`/api/v1/contacts?sort=createdAt&cursor=${cursor}`)).statusCode).toBe(400);
  });

  it('orders a filter that matches more contacts than it collects first by walking the order', async () => {
    const admin = await t.signup();
    await bulkInsert(admin, MATCH_CANDIDATES + 50, 'Many');
    const expected = async (order: string) =>
      (
        await t.deps.database.pool.query(
          `select id from contacts where workspace_id = $1 and kind = 'person' order by ${order} limit 30`,
          [admin.workspace.id],
        )
      ).rows.map((r) => r.id);
    const first = await admin.get('/api/v1/contacts?kind=person&sort=-name&limit=30');
    expect(ids(first)).toEqual(await expected('lower(display_name) desc, id desc'));
    const second = await admin.get(
      `/api/v1/contacts?kind=person&sort=-name&limit=30&cursor=${first.json().nextCursor}`,
    );
    expect(ids(second)).not.toContain(ids(first)[0]);
    expect(second.json().data).toHaveLength(30);
    // A fragment inside every name (the substring tier) walks the name order too.
    const fragment = await admin.get('/api/v1/contacts?q=any&limit=30');
    expect(ids(fragment)).toEqual(await expected('lower(display_name), id'));
    // More matches than were collected: the total is an estimate, at least what was collected.
    expect(fragment.json().total.exact).toBe(false);
    expect(fragment.json().total.value).toBeGreaterThan(MATCH_CANDIDATES);
  });

  it('answers the same whether the workspace is read row by row (small) or through the shared indexes', async () => {
    const admin = await t.signup();
    await bulkInsert(admin, 300, 'Anders');
    await bulkInsert(admin, 40, 'Sanderson');
    await t.deps.database.pool.query('analyze contacts');
    const tag = await admin.post('/api/v1/contacts', { firstName: 'Tagged', lastName: 'Sander', tags: ['Investor'] });
    expect(tag.statusCode).toBe(201);
    const urls = [
      '/api/v1/contacts?q=ander&limit=30',
      '/api/v1/contacts?q=sanders&limit=10',
      '/api/v1/contacts?q=andersno&limit=10', // a typo: the similarity tier
      '/api/v1/contacts?tags=Investor&limit=10',
      '/api/v1/contacts?kind=person&sort=-name&limit=25',
    ];
    const answers = async () => Promise.all(urls.map(async (u) => (await admin.get(u)).json()));
    const shared = await withTuning(largeWorkspace, answers);
    // Typo matches walked too, past a cap of none.
    const walked = await withTuning({ ...largeWorkspace, ...everyWalk, typoCandidates: 0 }, answers);
    const own = await withTuning({ sizeTtlMs: 0, smallWorkspace: 10_000 }, answers); // the workspace's own rows
    expect(own).toEqual(shared);
    expect(walked.map((a) => a.data)).toEqual(shared.map((a) => a.data));
    expect(walked.map((a) => a.nextCursor)).toEqual(shared.map((a) => a.nextCursor));
    // The walk's total is the planner's estimate, said to be one; typo matches past the cap are "more than" it.
    expect(walked[0].total.exact).toBe(false);
    expect(walked[0].total.value).toBeGreaterThan(0);
    expect(shared[2].total.exact).toBe(true);
    expect(walked[2].total).toEqual({ value: 1, exact: false });
    expect(shared[0].data).toHaveLength(30);
    expect(shared[2].data.length).toBeGreaterThan(0);
    expect(shared[3].data.map((c: { displayName: string }) => c.displayName)).toEqual(['Tagged Sander']);
  });

  it('walks a member’s own and followed contacts as one name order, the same answer as collecting them', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    const other = await admin.addUser('member');
    await admin.patch(`/api/v1/users/${member.user.id}`, { contactAccess: 'own' });
    const make = async (name: string, ownerId: string, opts: { follow?: boolean; archive?: boolean } = {}) => {
      const c = await newContact(admin, { firstName: name, lastName: 'Walker', ownerId });
      if (opts.follow) {
        expect((await admin.post(`/api/v1/contacts/${c.id}/followers`, { userId: member.user.id })).statusCode).toBe(
          200,
        );
      }
      if (opts.archive) expect((await admin.delete(`/api/v1/contacts/${c.id}`)).statusCode).toBe(204);
      return c.id as string;
    };
    const me = member.user.id;
    const ada = await make('Ada', me);
    const bea = await make('Bea', other.user.id, { follow: true });
    const cal = await make('Cal', me, { follow: true }); // owned and followed: once
    const dot = await make('Dot', admin.user.id, { follow: true });
    const eve = await make('Eve', me);
    const fay = await make('Fay', other.user.id, { follow: true });
    const gus = await make('Gus', me);
    await make('Hal', other.user.id); // neither owned nor followed
    await make('Ivy', admin.user.id);
    await make('Jon', me, { archive: true });
    await make('Kim', other.user.id, { follow: true, archive: true });
    // Changed after they were followed: a follow carries its contact's name, search text, owner and archiving.
    const patch = async (id: string, body: Record<string, unknown>) =>
      expect((await admin.patch(`/api/v1/contacts/${id}`, body)).statusCode).toBe(200);
    await patch(fay, { firstName: 'Abe' }); // now first in name order
    await patch(dot, { ownerId: me }); // now owned and followed: once
    const lia = await make('Lia', other.user.id, { follow: true, archive: true });
    expect((await admin.post(`/api/v1/contacts/${lia}/restore`)).statusCode).toBe(200);
    const visible = [fay, ada, bea, cal, dot, eve, gus, lia];
    const urls = [
      '/api/v1/contacts?q=walker',
      '/api/v1/contacts?q=abe',
      '/api/v1/contacts?kind=person&sort=name',
      '/api/v1/contacts?kind=person&sort=-name',
    ];
    // Pages of two (each page after the first is collected past its cursor), and one page of them all.
    const answers = () =>
      Promise.all([...urls.map((u) => pageThrough(member, u, 2)), pageThrough(member, urls[0]!, 20)]);
    const collected = await withTuning(largeWorkspace, answers);
    const walked = await withTuning({ ...largeWorkspace, ...everyWalk }, answers);
    expect(collected[0]).toEqual(visible);
    expect(collected[1]).toEqual([fay]);
    expect(collected[2]).toEqual(visible);
    expect(collected[3]).toEqual([...visible].reverse());
    expect(collected[4]).toEqual(visible);
    expect(walked).toEqual(collected);
    // The whole list, unfiltered, walks the two ranges too: the same order both ways, paged.
    expect(await pageThrough(member, '/api/v1/contacts?sort=name', 3)).toEqual(visible);
    expect(await pageThrough(member, '/api/v1/contacts?sort=-name', 3)).toEqual([...visible].reverse());
    // The totals count the same contacts: owned and followed, each once, none archived.
    for (const u of [
      '/api/v1/contacts',
      '/api/v1/contacts?q=walker',
      '/api/v1/contacts?kind=person',
      '/api/v1/contacts?sort=-createdAt',
    ]) {
      expect((await member.get(u)).json().total, u).toEqual({ value: visible.length, exact: true });
    }
  });

  it('counts exactly up to 1,000 and estimates beyond', async () => {
    const admin = await t.signup();
    await bulkInsert(admin, 1200, 'Many');
    await t.deps.database.pool.query('analyze contacts');
    const res = await admin.get('/api/v1/contacts?limit=5');
    expect(res.json().data).toHaveLength(5);
    expect(res.json().total.exact).toBe(false);
    expect(res.json().total.value).toBeGreaterThan(1000);
    const few = await admin.get('/api/v1/contacts?q=many%2011');
    expect(few.json().total).toMatchObject({ exact: true });
    expect(few.json().total.value).toBeGreaterThanOrEqual(11);
    // A search or a filter counts the matches it collected for its page: exact up to MATCH_CANDIDATES.
    const created = await t.deps.database.pool.query(
      `select count(*)::int as n from contacts where workspace_id = $1 and display_name ilike '%many%'`,
      [admin.workspace.id],
    );
    const searched = await admin.get('/api/v1/contacts?q=many&limit=5');
    expect(searched.json().total).toEqual({ value: created.rows[0].n, exact: true });
    expect(created.rows[0].n).toBeGreaterThan(1000);
    const filtered = await admin.get('/api/v1/contacts?kind=person&limit=5');
    expect(filtered.json().total).toEqual({ value: created.rows[0].n, exact: true });
    // A later page counts the whole list again, not what follows its cursor.
    const next = await admin.get(`/api/v1/contacts?q=many&limit=5&cursor=${searched.json().nextCursor}`);
    expect(next.json().total.value).toBeGreaterThan(1000);
  });
});

describe('bulk actions', () => {
  it('tags, untags, assigns an owner, archives and restores, journaling each contact', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria');
    const a = await newContact(admin, { firstName: 'Bulk', lastName: 'A' });
    const b = await newContact(admin, { firstName: 'Bulk', lastName: 'B' });
    const other = await newContact(admin, { firstName: 'Other', lastName: 'C' });
    const tag = await admin.post('/api/v1/contacts/bulk', {
      action: 'add_tags',
      ids: [a.id, b.id],
      tagNames: ['Hot lead'],
    });
    expect(tag.json()).toEqual({ affected: 2 });
    expect((await admin.get(`/api/v1/contacts/${a.id}`)).json()).toMatchObject({
      tags: [{ name: 'Hot lead' }],
      version: 2,
    });
    expect((await journalOf(t, a.id, 'contact.tag_added'))[0]!.data.tag.name).toBe('Hot lead');
    const owner = await admin.post('/api/v1/contacts/bulk', {
      action: 'assign_owner',
      selection: { all: true, query: { q: 'bulk' } },
      ownerId: maria.user.id,
    });
    expect(owner.json()).toEqual({ affected: 2 });
    const [changed] = await journalOf(t, b.id, 'contact.owner_changed');
    expect(changed!.data).toMatchObject({ from: { id: admin.user.id }, to: { id: maria.user.id, name: 'Maria' } });
    expect((await admin.get(`/api/v1/contacts/${other.id}`)).json().owner.id).toBe(admin.user.id);
    const untag = await admin.post('/api/v1/contacts/bulk', {
      action: 'remove_tags',
      selection: { all: true, query: { tags: 'Hot lead' } },
      tagNames: ['hot lead'],
    });
    expect(untag.json()).toEqual({ affected: 2 });
    const archive = await admin.post('/api/v1/contacts/bulk', { action: 'archive', ids: [a.id, b.id, other.id] });
    expect(archive.json()).toEqual({ affected: 3 });
    expect((await admin.get('/api/v1/contacts')).json().data).toEqual([]);
    const restore = await admin.post('/api/v1/contacts/bulk', {
      action: 'restore',
      selection: { all: true, query: { archived: true, filters: [{ field: 'lastName', op: 'eq', value: 'C' }] } },
    });
    expect(restore.json()).toEqual({ affected: 1 });
    expect(ids(await admin.get('/api/v1/contacts'))).toEqual([other.id]);
    expect((await admin.post('/api/v1/contacts/bulk', { action: 'assign_owner', ids: [a.id] })).statusCode).toBe(400);
    expect((await admin.post('/api/v1/contacts/bulk', { action: 'archive' })).statusCode).toBe(400);
  });

  it('refuses a select-all of more than 10,000 contacts with bulk_too_large and the count', async () => {
    const admin = await t.signup();
    await bulkInsert(admin, 10_001, 'Huge');
    await t.deps.database.pool.query('analyze contacts');
    const res = await admin.post('/api/v1/contacts/bulk', { action: 'archive', selection: { all: true, query: {} } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'bulk_too_large', max: 10000 });
    expect(res.json().count).toBeGreaterThan(1000);
    const { rows } = await t.deps.database.pool.query(
      `select count(*)::int n from contacts where workspace_id = $1 and archived_at is not null`,
      [admin.workspace.id],
    );
    expect(rows[0].n).toBe(0);
  });

  it('acts only on contacts the caller may see', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    await admin.patch(`/api/v1/users/${member.user.id}`, { contactAccess: 'own' });
    const mine = await newContact(admin, { ownerId: member.user.id });
    const notMine = await newContact(admin);
    const res = await member.post('/api/v1/contacts/bulk', { action: 'archive', ids: [mine.id, notMine.id] });
    expect(res.json()).toEqual({ affected: 1 });
    expect((await admin.get(`/api/v1/contacts/${notMine.id}`)).json().archivedAt).toBeNull();
    const all = await member.post('/api/v1/contacts/bulk', {
      action: 'add_tags',
      selection: { all: true, query: { archived: true } },
      tagNames: ['x'],
    });
    expect(all.json()).toEqual({ affected: 0 });
  });
});

describe('hostile input', () => {
  it('answers forged cursors, impossible dates and odd values with 400, never 500', async () => {
    const admin = await t.signup();
    await admin.post('/api/v1/custom-fields', { label: 'Score', type: 'number' });
    await newContact(admin, { custom: { score: 1 } });
    await newContact(admin, { custom: { score: 2 } });
    const forge = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
    const urls = [
      `/api/v1/contacts?sort=custom.score&cursor=${forge(['custom.score', 'abc', 'x', 'not-a-uuid'])}`,
      `/api/v1/contacts?sort=createdAt&cursor=${forge(['createdAt', 'yesterday', '01900000-0000-7000-8000-000000000000'])}`,
      `/api/v1/contacts?sort=name&cursor=${forge(['name', 'a', 'zzz'])}`,
      `/api/v1/contacts?q=abc&cursor=${forge(['relevance', '9', 'a', 'b'])}`,
      `/api/v1/contacts?q=abc&cursor=${forge(['relevance', '1', 'a', 'not-a-uuid'])}`,
      `/api/v1/contacts?sort=createdAt&cursor=${forge(['createdAt', '2026-02-31 10:00:00+00', '01900000-0000-7000-8000-000000000000'])}`,
      `/api/v1/contacts?createdFrom=2026-02-30`,
      `/api/v1/contacts?updatedTo=2026-13-01`,
      filterUrl([{ field: 'birthday', op: 'gt', value: '2026-02-30' }]),
      filterUrl([{ field: 'custom.score', op: 'gt', value: 'NaN' }]),
      filterUrl([{ field: 'ownerId', op: 'eq', value: 'x' }]),
      filterUrl([{ field: 'createdAt', op: 'lt', value: '2026-02-30' }]),
    ];
    for (const url of urls) {
      const res = await admin.get(url);
      expect(res.statusCode, `${url} ${res.body}`).toBe(400);
    }
    expect((await admin.get('/api/v1/contacts?q=%25%5F%5C')).statusCode).toBe(200);
    expect((await admin.get(`/api/v1/contacts?q=${'x'.repeat(200)}`)).statusCode).toBe(200);
  });
});
