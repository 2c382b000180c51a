import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { journalOf, newContact } from '../contacts/contact-test-helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const pipelinesOf = async (s: Session) => (await s.get('/api/v1/pipelines')).json().data;
const ifMatch = (v: number) => ({ 'if-match': `"${v}"` });

describe('pipelines', () => {
  it('gives a new workspace a Sales pipeline with ordered stages, probabilities and rotting days', async () => {
    const admin = await t.signup();
    const [sales] = await pipelinesOf(admin);
    expect(sales).toMatchObject({ name: 'Sales', version: 1, opportunityCount: 0 });
    expect(sales.stages.map((s: any) => [s.name, s.probability, s.rottingDays, s.position])).toEqual([
      ['Lead in', 10, 14, 0],
      ['Qualified', 25, 14, 1],
      ['Meeting held', 40, 21, 2],
      ['Proposal sent', 60, 21, 3],
      ['Negotiation', 80, 30, 4],
    ]);
  });

  it('lets admins create, rename, add, change, reorder and delete stages under If-Match; members may not', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    expect((await member.post('/api/v1/pipelines', { name: 'Renewals' })).statusCode).toBe(403);
    const created = await admin.post('/api/v1/pipelines', {
      name: 'Renewals',
      stages: [
        { name: 'Due', probability: 50 },
        { name: 'Quoted', probability: 70, rottingDays: 10 },
      ],
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    const p = created.json();
    expect(p).toMatchObject({ name: 'Renewals', position: 1 });
    expect((await admin.post('/api/v1/pipelines', { name: 'renewals' })).json().code).toBe('name_taken');

    const renamed = await admin.patch(`/api/v1/pipelines/${p.id}`, { name: 'Renewals 2027' }, ifMatch(1));
    expect(renamed.json()).toMatchObject({ name: 'Renewals 2027', version: 2 });
    const stale = await admin.patch(`/api/v1/pipelines/${p.id}`, { name: 'Other' }, ifMatch(1));
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 2 });

    const added = await admin.post(
      `/api/v1/pipelines/${p.id}/stages`,
      { name: 'Signed', probability: 95, position: 1 },
      ifMatch(2),
    );
    expect(added.statusCode).toBe(201);
    expect(added.json().stages.map((s: any) => s.name)).toEqual(['Due', 'Signed', 'Quoted']);
    const [due, signed, quoted] = added.json().stages;
    expect(
      (
        await admin.patch(
          `/api/v1/pipelines/${p.id}/stages/${signed.id}`,
          { probability: 90, rottingDays: null },
          ifMatch(3),
        )
      ).json().stages[1],
    ).toMatchObject({ probability: 90, rottingDays: null });
    expect((await member.patch(`/api/v1/pipelines/${p.id}/stages/${signed.id}`, { name: 'x' })).statusCode).toBe(403);

    const bad = await admin.put(
      `/api/v1/pipelines/${p.id}/stages/order`,
      { stageIds: [due.id, signed.id] },
      ifMatch(4),
    );
    expect(bad.json()).toMatchObject({ status: 422, code: 'stages_mismatch' });
    const order = await admin.put(
      `/api/v1/pipelines/${p.id}/stages/order`,
      { stageIds: [quoted.id, due.id, signed.id] },
      ifMatch(4),
    );
    expect(order.json().stages.map((s: any) => [s.name, s.position])).toEqual([
      ['Quoted', 0],
      ['Due', 1],
      ['Signed', 2],
    ]);
    expect(
      (
        await admin.put(
          `/api/v1/pipelines/${p.id}/stages/order`,
          { stageIds: [due.id, quoted.id, signed.id] },
          ifMatch(4),
        )
      ).json(),
    ).toMatchObject({ status: 409, code: 'version_conflict' });

    const del = await admin.delete(`/api/v1/pipelines/${p.id}/stages/${signed.id}`, undefined, ifMatch(5));
    expect(del.json().stages.map((s: any) => s.name)).toEqual(['Quoted', 'Due']);
    const { rows } = await t.deps.database.pool.query(
      `select kind from journal_entries where subject_id = $1 order by occurred_at, id`,
      [p.id],
    );
    expect(rows.map((r) => r.kind)).toEqual(['pipeline.created', ...Array(5).fill('pipeline.updated')]);
    expect((await admin.delete(`/api/v1/pipelines/${p.id}`, undefined, ifMatch(6))).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/pipelines/${p.id}`)).statusCode).toBe(404);
  });

  it('refuses deleting a stage in use without a target, moves its deals with one (journaled); refuses a pipeline in use with the count', async () => {
    const admin = await t.signup();
    const [sales] = await pipelinesOf(admin);
    const [lead, qualified] = sales.stages;
    const c = await newContact(admin);
    const deal = (
      await admin.post('/api/v1/opportunities', { name: 'Big deal', contactId: c.id, stageId: lead.id })
    ).json();
    const refused = await admin.delete(`/api/v1/pipelines/${sales.id}/stages/${lead.id}`);
    expect(refused.json()).toMatchObject({ status: 409, code: 'stage_in_use', count: 1 });
    const self = await admin.delete(`/api/v1/pipelines/${sales.id}/stages/${lead.id}?moveTo=${lead.id}`);
    expect(self.json().code).toBe('invalid_move');
    const other = await admin.post('/api/v1/pipelines', { name: 'Other' });
    const foreign = await admin.delete(
      `/api/v1/pipelines/${sales.id}/stages/${lead.id}?moveTo=${other.json().stages[0].id}`,
    );
    expect(foreign.statusCode).toBe(404);
    const moved = await admin.delete(`/api/v1/pipelines/${sales.id}/stages/${lead.id}?moveTo=${qualified.id}`);
    expect(moved.statusCode).toBe(200);
    expect(moved.json().stages[0]).toMatchObject({ id: qualified.id, openCount: 1 });
    expect((await admin.get(`/api/v1/opportunities/${deal.id}`)).json()).toMatchObject({
      stageId: qualified.id,
      version: 2,
    });
    const [entry] = await journalOf(t, c.id, 'opportunity.stage_changed');
    expect(entry!.data).toMatchObject({
      from: { name: 'Lead in' },
      to: { name: 'Qualified' },
      reason: 'stage_deleted',
    });

    const inUse = await admin.delete(`/api/v1/pipelines/${sales.id}`);
    expect(inUse.json()).toMatchObject({ status: 409, code: 'pipeline_in_use', count: 1 });
    const lone = (await admin.post('/api/v1/pipelines', { name: 'Lone', stages: [{ name: 'Only' }] })).json();
    const last = await admin.delete(`/api/v1/pipelines/${lone.id}/stages/${lone.stages[0].id}`);
    expect(last.json().code).toBe('last_stage');
  });

  it('answers 404 for another workspace’s pipelines and stages on every endpoint', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const [p] = await pipelinesOf(a);
    const s = p.stages[0].id;
    const [pb] = await pipelinesOf(b);
    expect((await b.get(`/api/v1/pipelines/${p.id}`)).statusCode).toBe(404);
    expect((await b.patch(`/api/v1/pipelines/${p.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await b.delete(`/api/v1/pipelines/${p.id}`)).statusCode).toBe(404);
    expect((await b.post(`/api/v1/pipelines/${p.id}/stages`, { name: 'x' })).statusCode).toBe(404);
    expect((await b.patch(`/api/v1/pipelines/${p.id}/stages/${s}`, { name: 'x' })).statusCode).toBe(404);
    expect((await b.put(`/api/v1/pipelines/${p.id}/stages/order`, { stageIds: [s] })).statusCode).toBe(404);
    expect((await b.delete(`/api/v1/pipelines/${p.id}/stages/${s}`)).statusCode).toBe(404);
    // Another workspace's stage inside this workspace's pipeline.
    expect((await b.patch(`/api/v1/pipelines/${pb.id}/stages/${s}`, { name: 'x' })).statusCode).toBe(404);
    const cb = await newContact(b);
    await b.post('/api/v1/opportunities', { name: 'B deal', contactId: cb.id, stageId: pb.stages[0].id });
    expect((await b.delete(`/api/v1/pipelines/${pb.id}/stages/${pb.stages[0].id}?moveTo=${s}`)).statusCode).toBe(404);
    expect((await b.get(`/api/v1/pipelines/${p.id}/board`)).statusCode).toBe(404);
    expect((await b.get(`/api/v1/pipelines/${p.id}/forecast`)).statusCode).toBe(404);
    expect((await b.get(`/api/v1/pipelines/${p.id}/board/${s}`)).statusCode).toBe(404);
    expect((await pipelinesOf(b)).map((x: any) => x.id)).toEqual([pb.id]);
  });
});
