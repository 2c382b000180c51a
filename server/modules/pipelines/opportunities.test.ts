import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { journalOf, newContact } from '../contacts/contact-test-helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const salesOf = async (s: Session) => (await s.get('/api/v1/pipelines')).json().data[0];
const ifMatch = (v: number) => ({ 'if-match': `"${v}"` });

describe('opportunities', () => {
  it('opens a deal with defaults: first pipeline and stage, workspace currency, the contact’s owner and the owner’s team', async () => {
    const admin = await t.signup();
    const seller = await admin.addUser('member', 'Sam Seller');
    const team = (await admin.post('/api/v1/teams', { name: 'Inside Sales', memberIds: [seller.user.id] })).json();
    const c = await newContact(admin, { kind: 'business', businessName: 'Acme GmbH', ownerId: seller.user.id });
    const res = await admin.post('/api/v1/opportunities', { name: 'Acme rollout', contactId: c.id, value: 12000 });
    expect(res.statusCode, res.body).toBe(201);
    const sales = await salesOf(admin);
    expect(res.json()).toMatchObject({
      name: 'Acme rollout',
      value: 12000,
      currency: 'USD',
      status: 'open',
      pipeline: { id: sales.id, name: 'Sales' },
      stage: { id: sales.stages[0].id, name: 'Lead in', probability: 10 },
      probability: 10,
      likelihood: null,
      contact: { id: c.id, displayName: 'Acme GmbH', kind: 'business' },
      owner: { id: seller.user.id, name: 'Sam Seller' },
      team: { id: team.id, name: 'Inside Sales' },
      rotting: false,
      closedAt: null,
      version: 1,
    });
    const [entry] = await journalOf(t, c.id, 'opportunity.created');
    expect(entry).toMatchObject({
      actor_id: admin.user.id,
      data: { opportunity: { name: 'Acme rollout' }, stage: { name: 'Lead in' }, status: 'open' },
    });
    // No owner team: the contact's team.
    const solo = await newContact(admin, { teamId: team.id });
    expect((await admin.post('/api/v1/opportunities', { name: 'x', contactId: solo.id })).json().team).toMatchObject({
      id: team.id,
    });
  });

  it('refuses a lost deal without a reason, a stage of another pipeline, and bad input without writing anything', async () => {
    const admin = await t.signup();
    const c = await newContact(admin);
    const sales = await salesOf(admin);
    const other = (await admin.post('/api/v1/pipelines', { name: 'Partners' })).json();
    const lost = await admin.post('/api/v1/opportunities', { name: 'x', contactId: c.id, status: 'lost' });
    expect(lost.json()).toMatchObject({ status: 422, code: 'lost_reason_required', field: 'lostReason' });
    const mixed = await admin.post('/api/v1/opportunities', {
      name: 'x',
      contactId: c.id,
      pipelineId: sales.id,
      stageId: other.stages[0].id,
    });
    expect(mixed.json()).toMatchObject({ status: 422, code: 'stage_not_in_pipeline' });
    expect((await admin.post('/api/v1/opportunities', { name: '', contactId: c.id })).statusCode).toBe(400);
    expect((await admin.post('/api/v1/opportunities', { name: 'x', contactId: c.id, value: -1 })).statusCode).toBe(400);
    expect((await admin.post('/api/v1/opportunities', { name: 'x', contactId: 'nope' })).statusCode).toBe(400);
    expect((await admin.get(`/api/v1/contacts/${c.id}/opportunities`)).json().data).toEqual([]);
    expect(await journalOf(t, c.id, 'opportunity.created')).toEqual([]);

    const deal = (await admin.post('/api/v1/opportunities', { name: 'Deal', contactId: c.id })).json();
    const move = await admin.patch(`/api/v1/opportunities/${deal.id}`, { stageId: other.stages[1].id });
    expect(move.json()).toMatchObject({ status: 422, code: 'stage_not_in_pipeline' });
    const moved = await admin.patch(`/api/v1/opportunities/${deal.id}`, { pipelineId: other.id });
    expect(moved.json()).toMatchObject({ pipeline: { id: other.id }, stage: { id: other.stages[0].id } });
    const [entry] = await journalOf(t, c.id, 'opportunity.stage_changed');
    expect(entry!.data).toMatchObject({ fromPipeline: { name: 'Sales' }, toPipeline: { name: 'Partners' } });
  });

  it('moves a card with If-Match: journals old → new, resets days in stage; a stale move is 409 version_conflict with the current card', async () => {
    const admin = await t.signup();
    const c = await newContact(admin);
    const sales = await salesOf(admin);
    const deal = (await admin.post('/api/v1/opportunities', { name: 'Deal', contactId: c.id, value: 500 })).json();
    await t.deps.database.pool.query(
      `update opportunities set stage_entered_at = now() - interval '20 days' where id = $1`,
      [deal.id],
    );
    expect((await admin.get(`/api/v1/opportunities/${deal.id}`)).json().rotting).toBe(true);
    const res = await admin.patch(`/api/v1/opportunities/${deal.id}`, { stageId: sales.stages[2].id }, ifMatch(1));
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.json()).toMatchObject({ stageId: sales.stages[2].id, version: 2, rotting: false, probability: 40 });
    expect(Date.now() - Date.parse(res.json().stageEnteredAt)).toBeLessThan(60_000);
    const [entry] = await journalOf(t, c.id, 'opportunity.stage_changed');
    expect(entry!.data).toEqual({
      opportunity: { id: deal.id, name: 'Deal' },
      from: { id: sales.stages[0].id, name: 'Lead in' },
      to: { id: sales.stages[2].id, name: 'Meeting held' },
    });

    const stale = await admin.patch(`/api/v1/opportunities/${deal.id}`, { stageId: sales.stages[1].id }, ifMatch(1));
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'version_conflict',
      currentVersion: 2,
      current: { id: deal.id, stageId: sales.stages[2].id, version: 2 },
    });
    expect((await admin.patch(`/api/v1/opportunities/${deal.id}`, { name: 'x' }, { 'if-match': '' })).statusCode).toBe(
      400,
    );
  });

  it('moves a card in one statement with the full record, and refuses precisely whatever the quick path does not take', async () => {
    const admin = await t.signup();
    const restricted = await admin.addUser('member');
    await admin.patch(`/api/v1/users/${restricted.user.id}`, { contactAccess: 'own' });
    const team = (await admin.post('/api/v1/teams', { name: 'Field' })).json();
    const c = await newContact(admin);
    const other = await newContact(admin, { firstName: 'Olga', lastName: 'Other' });
    const sales = await salesOf(admin);
    const renewals = (await admin.post('/api/v1/pipelines', { name: 'Renewals' })).json();
    const deal = (
      await admin.post('/api/v1/opportunities', {
        name: 'Full',
        contactId: c.id,
        value: 700,
        teamId: team.id,
        likelihood: 55,
        contacts: [{ contactId: other.id, role: 'Buyer' }],
      })
    ).json();
    const moved = await admin.patch(
      `/api/v1/opportunities/${deal.id}`,
      { stageId: sales.stages[3].id, pipelineId: sales.id },
      ifMatch(1),
    );
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toEqual({
      ...(await admin.get(`/api/v1/opportunities/${deal.id}`)).json(),
      updatedAt: moved.json().updatedAt,
    });
    expect(moved.json()).toMatchObject({
      stage: { id: sales.stages[3].id, name: 'Proposal sent', probability: 60 },
      pipeline: { id: sales.id, name: 'Sales' },
      team: { id: team.id, name: 'Field' },
      probability: 55,
      contacts: [{ contact: { id: other.id }, role: 'Buyer' }],
      version: 2,
    });
    // The same stage again: no change, no entry.
    const same = await admin.patch(`/api/v1/opportunities/${deal.id}`, { stageId: sales.stages[3].id }, ifMatch(2));
    expect(same.json().version).toBe(2);
    expect(await journalOf(t, c.id, 'opportunity.stage_changed')).toHaveLength(1);
    // Another pipeline's stage without naming it: 422; naming it moves across pipelines (journaled both).
    const wrong = await admin.patch(`/api/v1/opportunities/${deal.id}`, { stageId: renewals.stages[0].id }, ifMatch(2));
    expect(wrong.json()).toMatchObject({ status: 422, code: 'stage_not_in_pipeline' });
    const across = await admin.patch(
      `/api/v1/opportunities/${deal.id}`,
      { stageId: renewals.stages[1].id, pipelineId: renewals.id },
      ifMatch(2),
    );
    expect(across.json()).toMatchObject({ pipelineId: renewals.id, stageId: renewals.stages[1].id, version: 3 });
    const moves = await journalOf(t, c.id, 'opportunity.stage_changed');
    expect(moves).toHaveLength(2);
    expect(moves.find((e) => 'toPipeline' in e.data)!.data).toMatchObject({
      fromPipeline: { id: sales.id },
      toPipeline: { id: renewals.id },
    });
    // Refusals: unseen (404), unknown stage (404), stale (409 with the card), archived contact (409).
    expect(
      (await restricted.patch(`/api/v1/opportunities/${deal.id}`, { stageId: renewals.stages[2].id })).statusCode,
    ).toBe(404);
    expect(
      (await admin.patch(`/api/v1/opportunities/${deal.id}`, { stageId: '00000000-0000-4000-8000-000000000000' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await admin.patch(`/api/v1/opportunities/${deal.id}`, { stageId: renewals.stages[2].id }, ifMatch(2))).json(),
    ).toMatchObject({ status: 409, code: 'version_conflict', current: { stageId: renewals.stages[1].id } });
    expect((await admin.delete(`/api/v1/contacts/${c.id}`)).statusCode).toBe(204);
    expect(
      (await admin.patch(`/api/v1/opportunities/${deal.id}`, { stageId: renewals.stages[2].id }, ifMatch(3))).json(),
    ).toMatchObject({ status: 409, code: 'contact_archived' });
    expect((await admin.get(`/api/v1/opportunities/${deal.id}`)).json()).toMatchObject({
      stageId: renewals.stages[1].id,
      version: 3,
    });
  });

  it('wins, loses (with a reason), abandons and reopens: closed_at follows, each status change journaled', async () => {
    const admin = await t.signup();
    const c = await newContact(admin);
    const deal = (await admin.post('/api/v1/opportunities', { name: 'Deal', contactId: c.id })).json();
    const noReason = await admin.patch(`/api/v1/opportunities/${deal.id}`, { status: 'lost' });
    expect(noReason.json().code).toBe('lost_reason_required');
    const lost = (
      await admin.patch(`/api/v1/opportunities/${deal.id}`, { status: 'lost', lostReason: 'Too expensive' })
    ).json();
    expect(lost).toMatchObject({ status: 'lost', lostReason: 'Too expensive' });
    expect(lost.closedAt).not.toBeNull();
    expect((await admin.patch(`/api/v1/opportunities/${deal.id}`, { lostReason: null })).json().code).toBe(
      'lost_reason_required',
    );
    const reopened = (await admin.patch(`/api/v1/opportunities/${deal.id}`, { status: 'open' })).json();
    expect(reopened).toMatchObject({ status: 'open', lostReason: null, closedAt: null });
    const won = (await admin.patch(`/api/v1/opportunities/${deal.id}`, { status: 'won' })).json();
    expect(won.closedAt).not.toBeNull();
    const entries = await journalOf(t, c.id, 'opportunity.status_changed');
    expect(entries.map((e) => [e.data.from, e.data.to, e.data.lostReason ?? null])).toEqual([
      ['open', 'lost', 'Too expensive'],
      ['lost', 'open', null],
      ['open', 'won', null],
    ]);
    const refused = await admin.delete(`/api/v1/opportunities/${deal.id}`);
    expect(refused.json()).toMatchObject({ status: 409, code: 'opportunity_won' });
    const edited = await admin.patch(`/api/v1/opportunities/${deal.id}`, {
      value: 900,
      expectedCloseDate: '2027-01-31',
    });
    expect(edited.json()).toMatchObject({ value: 900, expectedCloseDate: '2027-01-31' });
    const [upd] = await journalOf(t, c.id, 'opportunity.updated');
    expect(upd!.data.changes).toEqual([
      { field: 'value', old: 0, new: 900 },
      { field: 'expectedCloseDate', old: null, new: '2027-01-31' },
    ]);
  });

  it('keeps a contact with a won deal from permanent deletion, naming the deal; deletes other deals with a journal entry', async () => {
    const admin = await t.signup();
    const c = await newContact(admin);
    const open = (await admin.post('/api/v1/opportunities', { name: 'Small one', contactId: c.id })).json();
    const stale = await admin.delete(`/api/v1/opportunities/${open.id}`, undefined, ifMatch(9));
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    expect((await admin.delete(`/api/v1/opportunities/${open.id}`, undefined, ifMatch(1))).statusCode).toBe(204);
    const [gone] = await journalOf(t, c.id, 'opportunity.deleted');
    expect(gone!.data).toMatchObject({ opportunity: { name: 'Small one' }, status: 'open' });

    await admin.post('/api/v1/opportunities', { name: 'Annual licence', contactId: c.id, status: 'won', value: 5000 });
    await admin.delete(`/api/v1/contacts/${c.id}`);
    const blocked = await admin.delete(`/api/v1/contacts/${c.id}?permanent=true&confirm=${c.id}`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().code).toBe('delete_blocked');
    expect(blocked.json().detail).toContain('Annual licence');

    const other = await newContact(admin);
    await admin.post('/api/v1/opportunities', {
      name: 'Lost one',
      contactId: other.id,
      status: 'lost',
      lostReason: 'No budget',
    });
    await admin.delete(`/api/v1/contacts/${other.id}`);
    expect((await admin.delete(`/api/v1/contacts/${other.id}?permanent=true&confirm=${other.id}`)).statusCode).toBe(
      204,
    );
  });

  it('lists with filters and totals, pages by cursor, and lists a contact’s deals including those it is a further contact on', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member');
    const sales = await salesOf(admin);
    const a = await newContact(admin);
    const b = await newContact(admin);
    await admin.post('/api/v1/opportunities', { name: 'A1', contactId: a.id, value: 1000 });
    await admin.post('/api/v1/opportunities', {
      name: 'A2',
      contactId: a.id,
      value: 3000,
      likelihood: 50,
      stageId: sales.stages[1].id,
      ownerId: member.user.id,
      contacts: [{ contactId: b.id, role: 'Champion' }],
    });
    await admin.post('/api/v1/opportunities', { name: 'B1', contactId: b.id, value: 200, status: 'won' });
    const all = (await admin.get('/api/v1/opportunities')).json();
    expect(all.totals).toEqual({ count: 3, value: 4200, weighted: 1600 });
    const page1 = (await admin.get('/api/v1/opportunities?limit=2')).json();
    expect(page1.data.map((o: any) => o.name)).toEqual(['B1', 'A2']);
    const page2 = (await admin.get(`/api/v1/opportunities?limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2).toMatchObject({ data: [{ name: 'A1' }], nextCursor: null });
    expect((await admin.get('/api/v1/opportunities?cursor=garbage')).statusCode).toBe(400);
    const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
    expect((await admin.get(`/api/v1/opportunities?cursor=${forged}`)).json().code).toBe('bad_request');
    expect(
      (await admin.get(`/api/v1/pipelines/${sales.id}/board/${sales.stages[0].id}?cursor=${forged}`)).statusCode,
    ).toBe(400);
    const byStage = (await admin.get(`/api/v1/opportunities?stageId=${sales.stages[1].id}`)).json();
    expect(byStage.data.map((o: any) => o.name)).toEqual(['A2']);
    expect((await admin.get(`/api/v1/opportunities?ownerId=${member.user.id}`)).json().totals.count).toBe(1);
    expect((await admin.get('/api/v1/opportunities?status=won')).json().data.map((o: any) => o.name)).toEqual(['B1']);
    expect((await admin.get(`/api/v1/opportunities?pipelineId=${sales.id}&q=a`)).json().totals.count).toBe(2);
    const ofB = (await admin.get(`/api/v1/contacts/${b.id}/opportunities`)).json().data;
    expect(ofB.map((o: any) => o.name)).toEqual(['A2', 'B1']);
    expect(ofB[0].contacts).toEqual([
      { contact: { id: b.id, displayName: b.displayName, kind: 'person' }, role: 'Champion' },
    ]);
    expect((await admin.get(`/api/v1/opportunities?contactId=${b.id}`)).json().totals.count).toBe(2);
  });

  it('serves the board with every column’s first cards, counts and values, further pages by cursor, and the forecast', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member', 'Mia Member');
    const sales = await salesOf(admin);
    const c = await newContact(admin);
    for (let i = 0; i < 3; i++) {
      await admin.post('/api/v1/opportunities', { name: `L${i}`, contactId: c.id, value: 100 });
    }
    await admin.post('/api/v1/opportunities', {
      name: 'N',
      contactId: c.id,
      value: 1000,
      stageId: sales.stages[4].id,
      ownerId: member.user.id,
    });
    await admin.post('/api/v1/opportunities', { name: 'W', contactId: c.id, value: 9999, status: 'won' });
    const board = (await admin.get(`/api/v1/pipelines/${sales.id}/board?limit=2`)).json();
    expect(board.columns.map((col: any) => [col.count, col.value, col.cards.length])).toEqual([
      [3, 300, 2],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [1, 1000, 1],
    ]);
    expect(board.columns[0].cards.map((x: any) => x.name)).toEqual(['L0', 'L1']);
    expect(board.columns[0].cards[0]).toMatchObject({
      contact: { id: c.id },
      owner: { id: admin.user.id },
      rotting: false,
    });
    const more = (
      await admin.get(
        `/api/v1/pipelines/${sales.id}/board/${sales.stages[0].id}?limit=2&cursor=${board.columns[0].nextCursor}`,
      )
    ).json();
    expect(more).toMatchObject({ cards: [{ name: 'L2' }], nextCursor: null });
    // The owner's deal in another pipeline stays on that pipeline's board.
    const partners = (await admin.post('/api/v1/pipelines', { name: 'Partners' })).json();
    await admin.post('/api/v1/opportunities', {
      name: 'P',
      contactId: c.id,
      value: 50,
      pipelineId: partners.id,
      ownerId: member.user.id,
    });
    const mine = (await admin.get(`/api/v1/pipelines/${sales.id}/board?ownerId=${member.user.id}`)).json();
    expect(mine.columns.map((col: any) => [col.count, col.value, col.cards.map((x: any) => x.name)])).toEqual([
      [0, 0, []],
      [0, 0, []],
      [0, 0, []],
      [0, 0, []],
      [1, 1000, ['N']],
    ]);
    const theirs = (await admin.get(`/api/v1/pipelines/${partners.id}/board?ownerId=${member.user.id}`)).json();
    expect(theirs.columns.map((col: any) => col.count).reduce((a: number, b: number) => a + b)).toBe(1);

    const forecast = (await admin.get(`/api/v1/pipelines/${sales.id}/forecast`)).json();
    expect(forecast.total).toEqual({ count: 4, value: 1300, weighted: 830 });
    expect(forecast.byStage.map((s: any) => [s.name, s.count, s.weighted])).toEqual([
      ['Lead in', 3, 30],
      ['Qualified', 0, 0],
      ['Meeting held', 0, 0],
      ['Proposal sent', 0, 0],
      ['Negotiation', 1, 800],
    ]);
    expect(forecast.byOwner.map((o: any) => [o.owner.name, o.count, o.weighted])).toEqual([
      ['Mia Member', 1, 800],
      [admin.user.name, 3, 30],
    ]);
  });

  it('validates opportunity custom fields like contacts’ and keeps them apart from contact fields', async () => {
    const admin = await t.signup();
    const field = await admin.post('/api/v1/custom-fields', {
      label: 'Deal type',
      type: 'single_select',
      entity: 'opportunity',
      options: [
        { value: 'new', label: 'New business' },
        { value: 'upsell', label: 'Upsell' },
      ],
    });
    expect(field.json()).toMatchObject({ entity: 'opportunity', key: 'deal_type' });
    expect((await admin.get('/api/v1/custom-fields?entity=contact')).json().data.map((f: any) => f.key)).not.toContain(
      'deal_type',
    );
    const c = await newContact(admin);
    const bad = await admin.post('/api/v1/opportunities', {
      name: 'x',
      contactId: c.id,
      custom: { deal_type: 'nope' },
    });
    expect(bad.json()).toMatchObject({ status: 422, code: 'field_invalid', field: 'deal_type' });
    const deal = await admin.post('/api/v1/opportunities', {
      name: 'x',
      contactId: c.id,
      custom: { deal_type: 'upsell' },
    });
    expect(deal.json().custom).toEqual({ deal_type: 'upsell' });
    const cleared = await admin.patch(`/api/v1/opportunities/${deal.json().id}`, { custom: { deal_type: null } });
    expect(cleared.json().custom).toEqual({});
    // A contact cannot carry an opportunity field.
    expect((await admin.patch(`/api/v1/contacts/${c.id}`, { custom: { deal_type: 'new' } })).json().code).toBe(
      'field_invalid',
    );
  });

  it('filters the contact list by an open opportunity in a pipeline or stage', async () => {
    const admin = await t.signup();
    const sales = await salesOf(admin);
    const a = await newContact(admin, { lastName: 'Alpha' });
    const b = await newContact(admin, { lastName: 'Beta' });
    await newContact(admin, { lastName: 'Gamma' });
    await admin.post('/api/v1/opportunities', { name: 'x', contactId: a.id, stageId: sales.stages[1].id });
    await admin.post('/api/v1/opportunities', { name: 'y', contactId: b.id, status: 'won' });
    const list = async (filters: unknown) =>
      (await admin.get(`/api/v1/contacts?filters=${encodeURIComponent(JSON.stringify(filters))}`))
        .json()
        .data.map((x: any) => x.id);
    expect(await list([{ field: 'openOpportunity.pipelineId', op: 'eq', value: sales.id }])).toEqual([a.id]);
    expect(await list([{ field: 'openOpportunity.stageId', op: 'eq', value: sales.stages[1].id }])).toEqual([a.id]);
    expect(await list([{ field: 'openOpportunity.stageId', op: 'eq', value: sales.stages[0].id }])).toEqual([]);
    expect(await list([{ field: 'openOpportunity.pipelineId', op: 'not_empty' }])).toEqual([a.id]);
    const bad = await admin.get(
      `/api/v1/contacts?filters=${encodeURIComponent(JSON.stringify([{ field: 'openOpportunity.stageId', op: 'eq', value: 'x' }]))}`,
    );
    expect(bad.json()).toMatchObject({ status: 400, code: 'filter_invalid' });
  });

  it('shows a member limited to own contacts only deals on contacts they can see', async () => {
    const admin = await t.signup();
    const restricted = await admin.addUser('member');
    await admin.patch(`/api/v1/users/${restricted.user.id}`, { contactAccess: 'own' });
    const sales = await salesOf(admin);
    const theirs = await newContact(admin, { ownerId: restricted.user.id });
    const hidden = await newContact(admin);
    const visible = (
      await admin.post('/api/v1/opportunities', { name: 'Visible', contactId: theirs.id, value: 10 })
    ).json();
    const secret = (
      await admin.post('/api/v1/opportunities', { name: 'Secret', contactId: hidden.id, value: 99 })
    ).json();
    expect((await restricted.get('/api/v1/opportunities')).json()).toMatchObject({
      data: [{ name: 'Visible' }],
      totals: { count: 1, value: 10 },
    });
    expect((await restricted.get(`/api/v1/opportunities/${secret.id}`)).statusCode).toBe(404);
    expect((await restricted.patch(`/api/v1/opportunities/${secret.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await restricted.delete(`/api/v1/opportunities/${secret.id}`)).statusCode).toBe(404);
    expect((await restricted.get(`/api/v1/contacts/${hidden.id}/opportunities`)).statusCode).toBe(404);
    expect((await restricted.post('/api/v1/opportunities', { name: 'x', contactId: hidden.id })).statusCode).toBe(404);
    expect(
      (await restricted.patch(`/api/v1/opportunities/${visible.id}`, { contacts: [{ contactId: hidden.id }] }))
        .statusCode,
    ).toBe(404);
    const board = (await restricted.get(`/api/v1/pipelines/${sales.id}/board`)).json();
    expect(board.columns[0]).toMatchObject({ count: 1, value: 10, cards: [{ name: 'Visible' }] });
    expect((await restricted.get(`/api/v1/pipelines/${sales.id}/forecast`)).json().total.count).toBe(1);
  });

  it('lists a linked person’s business deals via the business, only those the caller may see', async () => {
    const admin = await t.signup();
    const member = await admin.addUser('member', 'Mia Member');
    await admin.patch(`/api/v1/users/${member.user.id}`, { contactAccess: 'own' });
    const jane = await newContact(admin, { firstName: 'Jane', lastName: 'Roe', ownerId: member.user.id });
    const acme = await newContact(admin, { kind: 'business', businessName: 'Acme GmbH', ownerId: member.user.id });
    const hidden = await newContact(admin, { kind: 'business', businessName: 'Hidden AG' });
    for (const b of [acme, hidden]) {
      expect((await admin.post(`/api/v1/contacts/${jane.id}/links`, { contactId: b.id })).statusCode).toBe(201);
    }
    const own = (await admin.post('/api/v1/opportunities', { name: 'Own', contactId: jane.id })).json();
    const won = (await admin.post('/api/v1/opportunities', { name: 'Acme won', contactId: acme.id })).json();
    await admin.patch(`/api/v1/opportunities/${won.id}`, { status: 'won' }, ifMatch(1));
    const open = (await admin.post('/api/v1/opportunities', { name: 'Acme open', contactId: acme.id })).json();
    await admin.post('/api/v1/opportunities', { name: 'Hidden deal', contactId: hidden.id });
    // Jane is a further contact on one of Acme's deals: her own, not via.
    const further = (
      await admin.post('/api/v1/opportunities', {
        name: 'With Jane',
        contactId: acme.id,
        contacts: [{ contactId: jane.id }],
      })
    ).json();

    const names = (r: any) => r.json().data.map((o: any) => [o.name, o.via?.displayName ?? null]);
    // Without the flag: only the deals Jane is on.
    expect(names(await admin.get(`/api/v1/contacts/${jane.id}/opportunities`))).toEqual([
      ['With Jane', null],
      ['Own', null],
    ]);
    // With it: her own open deals, then the businesses' open ones, then the closed.
    const all = await admin.get(`/api/v1/contacts/${jane.id}/opportunities?linked=true`);
    expect(all.statusCode, all.body).toBe(200);
    expect(names(all)).toEqual([
      ['With Jane', null],
      ['Own', null],
      ['Hidden deal', 'Hidden AG'],
      ['Acme open', 'Acme GmbH'],
      ['Acme won', 'Acme GmbH'],
    ]);
    expect(all.json().data[3]).toMatchObject({
      id: open.id,
      via: { id: acme.id, displayName: 'Acme GmbH', kind: 'business' },
    });
    expect(further.id).toBe(all.json().data[0].id);
    expect(own.id).toBe(all.json().data[1].id);
    // The member may see Jane and Acme (theirs) but not Hidden AG: nor its deal.
    expect(names(await member.get(`/api/v1/contacts/${jane.id}/opportunities?linked=true`))).toEqual([
      ['With Jane', null],
      ['Own', null],
      ['Acme open', 'Acme GmbH'],
      ['Acme won', 'Acme GmbH'],
    ]);
    // A business's list holds its own deals only; flags other than true/false are refused.
    expect(names(await admin.get(`/api/v1/contacts/${acme.id}/opportunities?linked=true`))).toEqual([
      ['With Jane', null],
      ['Acme open', null],
      ['Acme won', null],
    ]);
    expect((await admin.get(`/api/v1/contacts/${jane.id}/opportunities?linked=yes`)).statusCode).toBe(400);
    // Another workspace sees neither the person nor, through them, the businesses' deals.
    const other = await t.signup();
    expect((await other.get(`/api/v1/contacts/${jane.id}/opportunities?linked=true`)).statusCode).toBe(404);
  });

  it('answers 404 for another workspace’s opportunities and for its ids inside bodies', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const ca = await newContact(a);
    const cb = await newContact(b);
    const salesA = await salesOf(a);
    const deal = (await a.post('/api/v1/opportunities', { name: 'A deal', contactId: ca.id })).json();
    expect((await b.get(`/api/v1/opportunities/${deal.id}`)).statusCode).toBe(404);
    expect((await b.patch(`/api/v1/opportunities/${deal.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await b.delete(`/api/v1/opportunities/${deal.id}`)).statusCode).toBe(404);
    expect((await b.get(`/api/v1/contacts/${ca.id}/opportunities`)).statusCode).toBe(404);
    expect((await b.get('/api/v1/opportunities')).json().data).toEqual([]);
    expect((await b.get(`/api/v1/opportunities?contactId=${ca.id}`)).json().totals.count).toBe(0);
    expect((await b.post('/api/v1/opportunities', { name: 'x', contactId: ca.id })).statusCode).toBe(404);
    expect(
      (await b.post('/api/v1/opportunities', { name: 'x', contactId: cb.id, pipelineId: salesA.id })).statusCode,
    ).toBe(404);
    expect(
      (await b.post('/api/v1/opportunities', { name: 'x', contactId: cb.id, stageId: salesA.stages[0].id })).statusCode,
    ).toBe(404);
    expect(
      (await b.post('/api/v1/opportunities', { name: 'x', contactId: cb.id, contacts: [{ contactId: ca.id }] }))
        .statusCode,
    ).toBe(404);
    const own = (await b.post('/api/v1/opportunities', { name: 'B deal', contactId: cb.id })).json();
    expect((await b.patch(`/api/v1/opportunities/${own.id}`, { stageId: salesA.stages[1].id })).statusCode).toBe(404);
    expect((await b.patch(`/api/v1/opportunities/${own.id}`, { ownerId: a.user.id })).json().code).toBe(
      'invalid_reference',
    );
    expect((await a.get(`/api/v1/opportunities/${deal.id}`)).json().name).toBe('A deal');
  });
});
