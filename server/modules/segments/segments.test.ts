import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntryRow } from '../../db/schema/journal.ts';
import { createTestApp, eventually, type Session, type TestApp } from '../../test/harness.ts';
import { journalOf, newContact } from '../contacts/contact-test-helpers.ts';
import { rebuildMembership, rebuildTuning } from './rebuild-membership.job.ts';
import { registerJournalSubscriber } from '../../platform/journal/subscribers.ts';
import { touchedContacts } from './target-markets.subscriber.ts';

// Wants every entry (the app's own subscribers each want only some): shows what a write hands over at commit.
registerJournalSubscriber({ name: 'test-everything', handle: async () => undefined });

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const filterQuery = (field: string, op: string, value?: string) =>
  `/api/v1/contacts?filters=${encodeURIComponent(JSON.stringify([{ field, op, value }]))}`;
const listIds = async (s: Session, url: string) =>
  (await s.get(url))
    .json()
    .data.map((c: any) => c.id)
    .sort();
const segmentsOf = async (s: Session, contactId: string) =>
  (await s.get(`/api/v1/contacts/${contactId}/segments`)).json();
const marketIdsOf = async (s: Session, contactId: string) =>
  (await segmentsOf(s, contactId)).targetMarkets.map((m: any) => m.id);
/** The market once its background rebuild has walked every contact. */
const evaluated = async (s: Session, marketId: string) =>
  eventually(async () => {
    const m = (await s.get(`/api/v1/target-markets/${marketId}`)).json();
    return m.evaluation === 'current' && m;
  });

describe('groups', () => {
  it('creates, renames with If-Match and deletes; names are unique case-insensitively', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    const created = await member.post('/api/v1/groups', { name: 'Golf club', description: 'Sunday players' });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    const g = created.json();
    expect(g).toMatchObject({ name: 'Golf club', description: 'Sunday players', memberCount: 0, version: 1 });
    expect((await admin.post('/api/v1/groups', { name: 'GOLF CLUB' })).json()).toMatchObject({
      status: 409,
      code: 'name_taken',
    });
    expect((await admin.post('/api/v1/groups', { name: '' })).statusCode).toBe(400);
    expect((await admin.post('/api/v1/groups', { name: 'x', color: 'url(x)' })).statusCode).toBe(400);
    expect((await member.patch(`/api/v1/groups/${g.id}`, { name: 'Golf' })).statusCode).toBe(403);

    const renamed = await admin.patch(
      `/api/v1/groups/${g.id}`,
      { name: 'Golfers', color: 'teal' },
      { 'if-match': '"1"' },
    );
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Golfers', color: 'teal', version: 2 });
    const stale = await admin.patch(`/api/v1/groups/${g.id}`, { name: 'Stale' }, { 'if-match': '"1"' });
    expect(stale.json()).toMatchObject({ status: 409, code: 'version_conflict' });
    expect((await admin.get(`/api/v1/groups/${g.id}`)).json().name).toBe('Golfers');
    await admin.post('/api/v1/groups', { name: 'Board' });
    expect((await admin.patch(`/api/v1/groups/${g.id}`, { name: 'board' })).json().code).toBe('name_taken');
    expect((await admin.get('/api/v1/groups')).json().data.map((x: any) => x.name)).toEqual(['Board', 'Golfers']);

    const c = await newContact(admin);
    await admin.post(`/api/v1/groups/${g.id}/members`, { ids: [c.id] });
    expect((await member.delete(`/api/v1/groups/${g.id}`)).statusCode).toBe(403);
    expect((await admin.delete(`/api/v1/groups/${g.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/groups/${g.id}`)).statusCode).toBe(404);
    expect((await journalOf(t, c.id, 'contact.group_removed'))[0]!.data).toMatchObject({
      group: { id: g.id, name: 'Golfers' },
      reason: 'group_deleted',
    });
  });

  it('adds and removes members by ids and by list query, journaling each on the contact; filters and counts follow', async () => {
    const admin = await t.signup();
    const g = (await admin.post('/api/v1/groups', { name: 'Newsletter' })).json();
    const a = await newContact(admin, { firstName: 'Ann', source: 'Fair' });
    const b = await newContact(admin, { firstName: 'Ben', source: 'Fair' });
    const c = await newContact(admin, { firstName: 'Cid', source: 'Web' });
    const added = await admin.post(`/api/v1/groups/${g.id}/members`, { ids: [a.id, a.id] });
    expect(added.json()).toEqual({ affected: 1 });
    const bySelection = await admin.post(`/api/v1/groups/${g.id}/members`, {
      selection: { all: true, query: { source: 'Fair' } },
    });
    expect(bySelection.json()).toEqual({ affected: 1 });
    expect((await admin.get(`/api/v1/groups/${g.id}`)).json().memberCount).toBe(2);
    expect(await listIds(admin, filterQuery('group', 'eq', g.id))).toEqual([a.id, b.id].sort());
    expect(await listIds(admin, filterQuery('group', 'neq', g.id))).toEqual([c.id]);
    expect(await listIds(admin, filterQuery('group', 'empty'))).toEqual([c.id]);
    expect(await listIds(admin, filterQuery('group', 'not_empty'))).toEqual([a.id, b.id].sort());
    expect((await admin.get(filterQuery('group', 'contains', g.id))).json().code).toBe('filter_invalid');
    expect((await admin.get(filterQuery('group', 'eq', 'nope'))).json().code).toBe('filter_invalid');
    expect((await segmentsOf(admin, a.id)).groups).toEqual([{ id: g.id, name: 'Newsletter', color: g.color }]);
    const [entry] = await journalOf(t, a.id, 'contact.group_added');
    expect(entry).toMatchObject({ actor_id: admin.user.id, data: { group: { id: g.id, name: 'Newsletter' } } });

    expect((await admin.delete(`/api/v1/groups/${g.id}/members/${a.id}`)).json()).toEqual({ affected: 1 });
    expect((await admin.post(`/api/v1/groups/${g.id}/members/remove`, { ids: [b.id, c.id] })).json()).toEqual({
      affected: 1,
    });
    expect((await admin.get(`/api/v1/groups/${g.id}`)).json().memberCount).toBe(0);
    expect(await journalOf(t, b.id, 'contact.group_removed')).toHaveLength(1);
    expect(await journalOf(t, c.id, 'contact.group_removed')).toHaveLength(0);
    expect((await admin.post(`/api/v1/groups/${g.id}/members`, {})).statusCode).toBe(400);
  });

  it('keeps archived contacts out of a group', async () => {
    const admin = await t.signup();
    const g = (await admin.post('/api/v1/groups', { name: 'Old friends' })).json();
    const c = await newContact(admin);
    await admin.delete(`/api/v1/contacts/${c.id}`);
    expect((await admin.post(`/api/v1/groups/${g.id}/members`, { ids: [c.id] })).json()).toEqual({ affected: 0 });
  });

  it('answers 404 for another workspace’s groups and contacts, and adds nothing', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const ga = (await a.post('/api/v1/groups', { name: 'A only' })).json();
    const gb = (await b.post('/api/v1/groups', { name: 'B only' })).json();
    const ca = await newContact(a);
    const cb = await newContact(b);
    expect((await b.get(`/api/v1/groups/${ga.id}`)).statusCode).toBe(404);
    expect((await b.patch(`/api/v1/groups/${ga.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await b.delete(`/api/v1/groups/${ga.id}`)).statusCode).toBe(404);
    expect((await b.post(`/api/v1/groups/${ga.id}/members`, { ids: [cb.id] })).statusCode).toBe(404);
    expect((await b.post(`/api/v1/groups/${ga.id}/members/remove`, { ids: [cb.id] })).statusCode).toBe(404);
    expect((await b.delete(`/api/v1/groups/${ga.id}/members/${cb.id}`)).statusCode).toBe(404);
    // Another workspace's contact inside the body: 404, and the group is left as it was.
    expect((await b.post(`/api/v1/groups/${gb.id}/members`, { ids: [cb.id, ca.id] })).statusCode).toBe(404);
    expect((await b.delete(`/api/v1/groups/${gb.id}/members/${ca.id}`)).statusCode).toBe(404);
    expect((await b.get(`/api/v1/groups/${gb.id}`)).json().memberCount).toBe(0);
    expect((await b.get(`/api/v1/contacts/${ca.id}/segments`)).statusCode).toBe(404);
    expect((await b.get('/api/v1/groups')).json().data.map((g: any) => g.id)).toEqual([gb.id]);
    expect(await listIds(b, filterQuery('group', 'eq', ga.id))).toEqual([]);
  });

  it('limits a member restricted to own contacts to what they see', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    await admin.patch(`/api/v1/users/${member.user.id}`, { contactAccess: 'own' });
    const g = (await admin.post('/api/v1/groups', { name: 'Partners' })).json();
    const theirs = await newContact(admin, { ownerId: member.user.id });
    const others = await newContact(admin);
    await admin.post(`/api/v1/groups/${g.id}/members`, { ids: [theirs.id, others.id] });
    expect((await admin.get(`/api/v1/groups/${g.id}`)).json().memberCount).toBe(2);
    expect((await member.get(`/api/v1/groups/${g.id}`)).json().memberCount).toBe(1);
    expect(await listIds(member, filterQuery('group', 'eq', g.id))).toEqual([theirs.id]);
    expect((await member.get(`/api/v1/contacts/${others.id}/segments`)).statusCode).toBe(404);
    expect((await member.post(`/api/v1/groups/${g.id}/members/remove`, { ids: [others.id] })).statusCode).toBe(404);
    expect((await member.post(`/api/v1/groups/${g.id}/members/remove`, { selection: { all: true } })).json()).toEqual({
      affected: 1,
    });
    expect((await admin.get(`/api/v1/groups/${g.id}`)).json().memberCount).toBe(1);
  });
});

describe('target markets', () => {
  it('builds the membership from the rules in the background and journals each entry (system actor)', async () => {
    const admin = await t.signup();
    const fair = await newContact(admin, { firstName: 'Fay', source: 'Fair', tags: ['VIP'] });
    const fairPlain = await newContact(admin, { firstName: 'Fin', source: 'Fair' });
    await newContact(admin, { firstName: 'Wes', source: 'Web', tags: ['VIP'] });
    const preview = await admin.post('/api/v1/target-markets/preview', { rules: { source: 'Fair' } });
    expect(preview.json()).toEqual({ count: 2 });
    const res = await admin.post('/api/v1/target-markets', {
      name: 'Fair VIPs',
      rules: { source: 'Fair', tags: 'VIP' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Fair VIPs', version: 1, evaluation: 'evaluating', evaluatedAt: null });
    const m = await evaluated(admin, res.json().id);
    expect(m).toMatchObject({ memberCount: 1, version: 1 });
    expect(m.evaluatedAt).not.toBeNull();
    expect(await marketIdsOf(admin, fair.id)).toEqual([m.id]);
    expect(await marketIdsOf(admin, fairPlain.id)).toEqual([]);
    expect(await listIds(admin, filterQuery('targetMarket', 'eq', m.id))).toEqual([fair.id]);
    const [entry] = await journalOf(t, fair.id, 'contact.target_market_entered');
    expect(entry).toMatchObject({ actor_type: 'system', data: { targetMarket: { id: m.id, name: 'Fair VIPs' } } });

    // New rules rebuild: Fin enters, Fay stays.
    const updated = await admin.patch(
      `/api/v1/target-markets/${m.id}`,
      { rules: { source: 'Fair' } },
      { 'if-match': '"1"' },
    );
    expect(updated.json()).toMatchObject({ version: 2, evaluation: 'evaluating', evaluatedAt: null });
    expect(await evaluated(admin, m.id)).toMatchObject({ memberCount: 2, version: 2 });
    expect(await journalOf(t, fairPlain.id, 'contact.target_market_entered')).toHaveLength(1);
    expect(await journalOf(t, fair.id, 'contact.target_market_entered')).toHaveLength(1);
    const stale = await admin.patch(`/api/v1/target-markets/${m.id}`, { name: 'x' }, { 'if-match': '"1"' });
    expect(stale.json()).toMatchObject({ status: 409, code: 'version_conflict' });
  });

  it('refuses bad rules with 400 and a stable code, duplicate names with 409, and members with 403', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    const bad = async (rules: unknown) => (await admin.post('/api/v1/target-markets', { name: 'Bad', rules })).json();
    expect(await bad({ q: 'anne' })).toMatchObject({ status: 400, code: 'rules_invalid' });
    expect(await bad({ archived: true })).toMatchObject({ status: 400, code: 'rules_invalid' });
    expect(await bad({ dnd: 'pigeon' })).toMatchObject({ status: 400, code: 'rules_invalid' });
    expect(await bad({ filters: 'not json' })).toMatchObject({ status: 400, code: 'rules_invalid' });
    expect(await bad({ filters: [{ field: 'shoeSize', op: 'eq', value: 1 }] })).toMatchObject({
      status: 400,
      code: 'filter_invalid',
      field: 'shoeSize',
    });
    expect(await bad({ filters: [{ field: 'createdAt', op: 'gt', value: 'yesterday' }] })).toMatchObject({
      code: 'filter_invalid',
    });
    expect(await bad({ ownerId: 'me' })).toMatchObject({ status: 400 });
    const m = (await admin.post('/api/v1/target-markets', { name: 'Germans', rules: { language: 'de' } })).json();
    expect(await bad({ filters: [{ field: 'targetMarket', op: 'eq', value: m.id }] })).toMatchObject({
      code: 'rules_invalid',
      field: 'targetMarket',
    });
    expect((await admin.post('/api/v1/target-markets', { name: 'germans', rules: {} })).json()).toMatchObject({
      status: 409,
      code: 'name_taken',
    });
    expect((await admin.post('/api/v1/target-markets/preview', { rules: { q: 'x' } })).json().code).toBe(
      'rules_invalid',
    );
    expect((await admin.get('/api/v1/target-markets')).json().data.map((x: any) => x.name)).toEqual(['Germans']);
    expect((await member.post('/api/v1/target-markets', { name: 'Mine', rules: {} })).statusCode).toBe(403);
    expect((await member.patch(`/api/v1/target-markets/${m.id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await member.delete(`/api/v1/target-markets/${m.id}`)).statusCode).toBe(403);
    expect((await member.get(`/api/v1/target-markets/${m.id}`)).statusCode).toBe(200);
    const badUpdate = await admin.patch(`/api/v1/target-markets/${m.id}`, { rules: { kind: 'robot' } });
    expect(badUpdate.json()).toMatchObject({ status: 400 });
    expect((await admin.get(`/api/v1/target-markets/${m.id}`)).json()).toMatchObject({
      version: 1,
      rules: { language: 'de' },
    });
  });

  it('refuses to add or remove a member by hand (409 membership_automatic)', async () => {
    const admin = await t.signup();
    const c = await newContact(admin, { source: 'Fair' });
    const m = await evaluated(
      admin,
      (await admin.post('/api/v1/target-markets', { name: 'Fair', rules: { source: 'Fair' } })).json().id,
    );
    const removal = await admin.delete(`/api/v1/target-markets/${m.id}/members/${c.id}`);
    expect(removal.json()).toMatchObject({ status: 409, code: 'membership_automatic', targetMarketId: m.id });
    expect((await admin.post(`/api/v1/target-markets/${m.id}/members`, {})).json().code).toBe('membership_automatic');
    expect(await marketIdsOf(admin, c.id)).toEqual([m.id]);
  });

  it('re-evaluates through the journal subscriber when a contact changes, both ways, and on group changes', async () => {
    const admin = await t.signup();
    await admin.post('/api/v1/custom-fields', { label: 'Budget', type: 'number' });
    const g = (await admin.post('/api/v1/groups', { name: 'Board' })).json();
    const c = await newContact(admin, { firstName: 'Kim', source: 'Web' });
    const bySource = (await admin.post('/api/v1/target-markets', { name: 'Fair', rules: { source: 'Fair' } })).json();
    const byBudget = (
      await admin.post('/api/v1/target-markets', {
        name: 'Big budgets',
        rules: { filters: [{ field: 'custom.budget', op: 'gt', value: 1000 }] },
      })
    ).json();
    const byGroup = (
      await admin.post('/api/v1/target-markets', {
        name: 'Board members',
        rules: { filters: [{ field: 'group', op: 'eq', value: g.id }] },
      })
    ).json();
    for (const m of [bySource, byBudget, byGroup]) await evaluated(admin, m.id);
    expect(await marketIdsOf(admin, c.id)).toEqual([]);

    expect((await admin.patch(`/api/v1/contacts/${c.id}`, { source: 'Fair' })).statusCode).toBe(200);
    await eventually(async () => (await marketIdsOf(admin, c.id)).includes(bySource.id));
    await admin.patch(`/api/v1/contacts/${c.id}`, { custom: { budget: 5000 } });
    await eventually(async () => (await marketIdsOf(admin, c.id)).includes(byBudget.id));
    await admin.post(`/api/v1/groups/${g.id}/members`, { ids: [c.id] });
    await eventually(async () => (await marketIdsOf(admin, c.id)).includes(byGroup.id));

    await admin.patch(`/api/v1/contacts/${c.id}`, { source: 'Web' });
    await eventually(async () => !(await marketIdsOf(admin, c.id)).includes(bySource.id));
    await admin.post(`/api/v1/groups/${g.id}/members/remove`, { ids: [c.id] });
    await eventually(async () => !(await marketIdsOf(admin, c.id)).includes(byGroup.id));
    expect(await marketIdsOf(admin, c.id)).toEqual([byBudget.id]);

    const entered = await journalOf(t, c.id, 'contact.target_market_entered');
    const left = await journalOf(t, c.id, 'contact.target_market_left');
    expect(entered.map((e) => e.data.targetMarket.name).sort()).toEqual(['Big budgets', 'Board members', 'Fair']);
    expect(left.map((e) => e.data.targetMarket.name).sort()).toEqual(['Board members', 'Fair']);
    expect(left.every((e) => e.actor_type === 'system')).toBe(true);

    // Archiving leaves every market.
    await admin.delete(`/api/v1/contacts/${c.id}`);
    await eventually(async () => (await journalOf(t, c.id, 'contact.target_market_left')).length === 3);
    const { rows } = await t.deps.database.pool.query('select 1 from target_market_members where contact_id = $1', [
      c.id,
    ]);
    expect(rows).toHaveLength(0);
  });

  it('answers 404 for another workspace’s target markets and contacts', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const ca = await newContact(a, { source: 'Fair' });
    const cb = await newContact(b, { source: 'Fair' });
    const ma = (await a.post('/api/v1/target-markets', { name: 'Fair', rules: { source: 'Fair' } })).json();
    const mb = (await b.post('/api/v1/target-markets', { name: 'Fair', rules: { source: 'Fair' } })).json();
    expect((await evaluated(a, ma.id)).memberCount).toBe(1);
    expect((await evaluated(b, mb.id)).memberCount).toBe(1);
    expect((await b.get(`/api/v1/target-markets/${ma.id}`)).statusCode).toBe(404);
    expect((await b.patch(`/api/v1/target-markets/${ma.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await b.delete(`/api/v1/target-markets/${ma.id}`)).statusCode).toBe(404);
    expect((await b.post(`/api/v1/target-markets/${ma.id}/members`, {})).statusCode).toBe(404);
    expect((await b.delete(`/api/v1/target-markets/${ma.id}/members/${cb.id}`)).statusCode).toBe(404);
    expect((await b.delete(`/api/v1/target-markets/${mb.id}/members/${ca.id}`)).statusCode).toBe(404);
    expect(await listIds(b, filterQuery('targetMarket', 'eq', ma.id))).toEqual([]);
    // A rule naming another workspace's group matches nothing.
    const ga = (await a.post('/api/v1/groups', { name: 'G' })).json();
    await a.post(`/api/v1/groups/${ga.id}/members`, { ids: [ca.id] });
    const preview = await b.post('/api/v1/target-markets/preview', {
      rules: { filters: [{ field: 'group', op: 'eq', value: ga.id }] },
    });
    expect(preview.json()).toEqual({ count: 0 });
    expect((await b.get('/api/v1/target-markets')).json().data.map((m: any) => m.id)).toEqual([mb.id]);
  });

  it('counts members a restricted member sees, and deleting a market ends its memberships', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    await admin.patch(`/api/v1/users/${member.user.id}`, { contactAccess: 'own' });
    const theirs = await newContact(admin, { source: 'Fair', ownerId: member.user.id });
    const others = await newContact(admin, { source: 'Fair' });
    const created = await admin.post('/api/v1/target-markets', { name: 'Fair', rules: { source: 'Fair' } });
    const m = await evaluated(admin, created.json().id);
    expect(m.memberCount).toBe(2);
    expect((await member.get('/api/v1/target-markets')).json().data[0].memberCount).toBe(1);
    expect(await listIds(member, filterQuery('targetMarket', 'eq', m.id))).toEqual([theirs.id]);
    expect((await member.delete(`/api/v1/target-markets/${m.id}/members/${others.id}`)).statusCode).toBe(404);
    expect((await admin.delete(`/api/v1/target-markets/${m.id}`, undefined, { 'if-match': '"2"' })).json().code).toBe(
      'version_conflict',
    );
    expect((await admin.delete(`/api/v1/target-markets/${m.id}`)).statusCode).toBe(204);
    expect(await marketIdsOf(admin, others.id)).toEqual([]);
  });

  describe('the background rebuild', () => {
    const batchSize = rebuildTuning.batchSize;
    beforeAll(() => {
      // Ranges of two contacts: five contacts take three ranges (three transactions).
      rebuildTuning.batchSize = 2;
    });
    afterAll(() => {
      rebuildTuning.batchSize = batchSize;
    });
    const q = (text: string, values: unknown[]) => t.deps.database.pool.query(text, values);
    const memberIds = async (marketId: string) =>
      (await q('select contact_id from target_market_members where market_id = $1 order by 1', [marketId])).rows.map(
        (r) => r.contact_id,
      );
    const entries = async (marketId: string) =>
      (await q('select * from journal_entries where subject_id = $1 order by id', [marketId])).rows.filter((e) =>
        e.kind.startsWith('contact.'),
      );

    it('walks the contacts range by range, journaling each entry as before, and a retry changes nothing', async () => {
      const admin = await t.signup();
      const fair: { id: string }[] = [];
      for (let i = 0; i < 4; i++) fair.push(await newContact(admin, { firstName: `F${i}`, source: 'Fair' }));
      await newContact(admin, { firstName: 'Wes', source: 'Web' });
      const m = await evaluated(
        admin,
        (await admin.post('/api/v1/target-markets', { name: 'Fair', rules: { source: 'Fair' } })).json().id,
      );
      expect(m.memberCount).toBe(4);
      expect(await memberIds(m.id)).toEqual(fair.map((c) => c.id).sort());
      const written = await entries(m.id);
      expect(written.map((e) => e.contact_id).sort()).toEqual(fair.map((c) => c.id).sort());
      for (const e of written) {
        expect(e).toMatchObject({
          workspace_id: admin.workspace.id,
          kind: 'contact.target_market_entered',
          category: 'admin',
          actor_type: 'system',
          actor_id: null,
          actor_label: 'System',
          subject_type: 'target_market',
          data: { targetMarket: { id: m.id, name: 'Fair' } },
        });
        expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
        expect(Math.abs(Date.now() - new Date(e.occurred_at).getTime())).toBeLessThan(60_000);
      }
      // The subscribers were handed the entries at commit, like every journal write.
      const { rows: jobs } = await q(
        `select data from pgboss.job where name = 'journal.test-everything' and data->>'workspaceId' = $1`,
        [admin.workspace.id],
      );
      const handed = new Set(jobs.flatMap((j) => j.data.entryIds));
      expect(written.every((e) => handed.has(e.id))).toBe(true);

      // A job killed midway leaves later ranges undone (here: the last member missing); its retry walks
      // again from the start: the done ranges change nothing, the missing member enters once.
      await q('delete from target_market_members where market_id = $1 and contact_id = $2', [m.id, fair[3]!.id]);
      const job = { workspaceId: admin.workspace.id, marketId: m.id, version: 1 };
      expect(await rebuildMembership(t.deps, job)).toBe(true);
      expect(await rebuildMembership(t.deps, job)).toBe(true);
      expect(await memberIds(m.id)).toEqual(fair.map((c) => c.id).sort());
      const after = (await entries(m.id)).map((e) => e.contact_id);
      expect(after).toHaveLength(5);
      expect(after.filter((id) => id === fair[3]!.id)).toHaveLength(2);
    });

    it('leaves its own entries to the subscriber unread: a rebuild does not re-evaluate what it wrote', () => {
      const entry = (contactId: string | null, kind: string) => ({ contactId, kind }) as JournalEntryRow;
      const a = '00000000-0000-7000-8000-00000000000a';
      const b = '00000000-0000-7000-8000-00000000000b';
      expect(
        touchedContacts([
          entry(a, 'contact.target_market_entered'),
          entry(a, 'contact.target_market_left'),
          entry(null, 'target_market.updated'),
        ]),
      ).toEqual([]);
      expect(touchedContacts([entry(b, 'contact.updated'), entry(a, 'contact.target_market_entered')])).toEqual([b]);
    });

    it('is handed what can change a membership: the contact and its opportunities, not a note on it', async () => {
      const admin = await t.signup();
      const c = await newContact(admin);
      const note = await admin.post(`/api/v1/contacts/${c.id}/notes`, { title: 'Called back' });
      expect(note.statusCode).toBe(201);
      expect((await admin.post(`/api/v1/contacts/${c.id}/tags`, { names: ['Fair'] })).statusCode).toBe(200);
      const { rows } = await t.deps.database.pool.query(
        `select j.name, e.kind from pgboss.job j
         cross join lateral jsonb_array_elements_text(j.data->'entryIds') as x(id)
         join journal_entries e on e.workspace_id = (j.data->>'workspaceId')::uuid and e.id = x.id::uuid
         where j.name like 'journal.%' and j.data->>'workspaceId' = $1 and e.contact_id = $2`,
        [admin.workspace.id, c.id],
      );
      const handed = (queue: string) =>
        rows
          .filter((r) => r.name === `journal.${queue}`)
          .map((r) => r.kind)
          .sort();
      expect(handed('test-everything')).toEqual(['contact.created', 'contact.tag_added', 'note.created']);
      expect(handed('target-markets')).toEqual(['contact.created', 'contact.tag_added']);
      // Notifications react to notes (mentions, followers), not to a tag.
      expect(handed('notifications')).toEqual(['note.created']);
    });

    it('lets a newer rules change win over a rebuild still running for the older version', async () => {
      const admin = await t.signup();
      const fair = await newContact(admin, { source: 'Fair' });
      const web = await newContact(admin, { source: 'Web' });
      const created = (await admin.post('/api/v1/target-markets', { name: 'M', rules: { source: 'Fair' } })).json();
      await evaluated(admin, created.id);
      const changed = await admin.patch(`/api/v1/target-markets/${created.id}`, { rules: { source: 'Web' } });
      expect(changed.json()).toMatchObject({ version: 2, evaluation: 'evaluating' });
      // The job of version 1 (a retry of it, or one still walking) stops at its next range and marks nothing.
      expect(
        await rebuildMembership(t.deps, { workspaceId: admin.workspace.id, marketId: created.id, version: 1 }),
      ).toBe(false);
      const m = await evaluated(admin, created.id);
      expect(m).toMatchObject({ version: 2, memberCount: 1 });
      expect(await memberIds(m.id)).toEqual([web.id]);
      expect(await journalOf(t, fair.id, 'contact.target_market_left')).toHaveLength(1);
      // A rename while current keeps the market current; a rename while evaluating sends a rebuild for
      // the new version, so the market does not stay "evaluating" for ever.
      expect((await admin.patch(`/api/v1/target-markets/${m.id}`, { name: 'N' })).json().evaluation).toBe('current');
      await admin.patch(`/api/v1/target-markets/${m.id}`, { rules: { source: 'Fair' } });
      const renamed = await admin.patch(`/api/v1/target-markets/${m.id}`, { name: 'O' });
      expect(renamed.json()).toMatchObject({ version: 5 });
      expect(await evaluated(admin, m.id)).toMatchObject({ name: 'O', memberCount: 1 });
      expect(await memberIds(m.id)).toEqual([fair.id]);
      // A job for a market that is gone (or of another workspace) does nothing.
      const other = await t.signup();
      expect(await rebuildMembership(t.deps, { workspaceId: other.workspace.id, marketId: m.id, version: 5 })).toBe(
        false,
      );
    });
  });
});
