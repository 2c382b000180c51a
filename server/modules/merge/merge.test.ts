import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Res, type Session, type TestApp } from '../../test/harness.ts';
import { newContact } from '../contacts/contact-test-helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ok = (res: Res, status = 200): any => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
};

/** What a contact is made of, without what every write bumps (version, updatedAt). */
async function snapshot(s: Session, id: string) {
  const p = ok(await s.get(`/api/v1/contacts/${id}`));
  const { version: _v, updatedAt: _u, ...profile } = p;
  const notes = ok(await s.get(`/api/v1/contacts/${id}/notes`)).data.map((n: any) => n.id);
  const tasks = ok(await s.get(`/api/v1/contacts/${id}/tasks`)).data.map((x: any) => x.id);
  const relations = ok(await s.get(`/api/v1/contacts/${id}/relations`)).data.map((r: any) => r.id);
  const deals = ok(await s.get(`/api/v1/contacts/${id}/opportunities`)).data.map((o: any) => o.id);
  const messages = ok(await s.get(`/api/v1/contacts/${id}/messages`)).data.map((m: any) => m.id);
  const { rows: groups } = await t.deps.database.pool.query(
    'select group_id from contact_group_members where contact_id = $1 order by group_id',
    [id],
  );
  return { profile, notes, tasks, relations, deals, messages, groups: groups.map((g) => g.group_id) };
}

async function timelineKinds(s: Session, id: string): Promise<string[]> {
  return ok(await s.get(`/api/v1/contacts/${id}/timeline?limit=100`)).data.map((e: any) => `${e.contactId}:${e.kind}`);
}

async function twoDuplicates(admin: Session) {
  for (const key of ['size', 'color']) {
    ok(await admin.post('/api/v1/custom-fields', { key, label: key, type: 'text' }), 201);
  }
  const member = await admin.addUser('member', 'Maria Keller');
  const anna = await newContact(admin, {
    firstName: 'Anna',
    lastName: 'Schmidt',
    emails: [{ email: 'anna@acme.test' }],
    phones: [{ number: '+4930123456' }],
    tags: ['vip'],
    custom: { size: 'S' },
    followerIds: [member.user.id],
  });
  const dup = await newContact(admin, {
    firstName: 'Anna',
    lastName: 'Schmitt',
    title: 'CTO',
    emails: [{ email: 'anna.schmitt@mail.test' }],
    phones: [{ number: '+4930654321' }],
    tags: ['newsletter'],
    custom: { size: 'M', color: 'red' },
    followerIds: [member.user.id],
  });
  ok(await admin.post(`/api/v1/contacts/${dup.id}/notes`, { bodyHtml: '<p>Met at the fair</p>' }), 201);
  ok(await admin.post(`/api/v1/contacts/${dup.id}/tasks`, { title: 'Send offer', dueAt: '2027-01-05T10:00:00Z' }), 201);
  ok(
    await admin.post(`/api/v1/contacts/${dup.id}/messages`, { channel: 'comment', bodyHtml: '<p>Asked twice</p>' }),
    201,
  );
  ok(await admin.post('/api/v1/opportunities', { name: 'Fair deal', contactId: dup.id, value: 1200 }), 201);
  const type = ok(
    await admin.post('/api/v1/relation-types', { label: 'Colleague of', inverseLabel: 'Colleague of' }),
    201,
  );
  // A relation between the two would relate the survivor to itself: it is dropped, and undo brings it back.
  ok(await admin.post(`/api/v1/contacts/${dup.id}/relations`, { typeId: type.id, otherContactId: anna.id }), 201);
  const other = await newContact(admin, { firstName: 'Otto', lastName: 'Other' });
  ok(await admin.post(`/api/v1/contacts/${dup.id}/relations`, { typeId: type.id, otherContactId: other.id }), 201);
  const group = ok(await admin.post('/api/v1/groups', { name: 'Fair visitors' }), 201);
  ok(await admin.post(`/api/v1/groups/${group.id}/members`, { ids: [anna.id, dup.id] }));
  return { anna, dup, member, other };
}

describe('merging contacts', () => {
  it('unions the details, moves every related record, shows one timeline, and undo gives both back exactly', async () => {
    const admin = await t.signup();
    const { anna, dup, member, other } = await twoDuplicates(admin);
    const beforeAnna = await snapshot(admin, anna.id);
    const beforeDup = await snapshot(admin, dup.id);

    const merge = ok(
      await admin.post('/api/v1/contact-merges', {
        survivorId: anna.id,
        mergedIds: [dup.id],
        fields: { lastName: dup.id },
        custom: { size: dup.id },
      }),
      201,
    );
    expect(merge).toMatchObject({
      survivor: { id: anna.id, displayName: 'Anna Schmitt' },
      merged: [{ id: dup.id }],
      undoable: true,
      undoneAt: null,
    });
    expect(new Date(merge.undoUntil).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const merged = ok(await admin.get(`/api/v1/contacts/${anna.id}`));
    expect(merged.lastName).toBe('Schmitt');
    expect(merged.title).toBe('CTO'); // empty on the survivor: taken from the other
    expect(merged.emails.map((e: any) => [e.email, e.isPrimary])).toEqual([
      ['anna@acme.test', true],
      ['anna.schmitt@mail.test', false],
    ]);
    expect(merged.phones.map((p: any) => p.e164).sort()).toEqual(['+4930123456', '+4930654321']);
    expect(merged.phones.filter((p: any) => p.isPrimary)).toHaveLength(1);
    expect(merged.tags.map((x: any) => x.name).sort()).toEqual(['newsletter', 'vip']);
    expect(merged.custom).toMatchObject({ size: 'M', color: 'red' });
    expect(merged.followers.map((f: any) => f.id)).toEqual([member.user.id]);

    const after = await snapshot(admin, anna.id);
    expect(after.notes).toEqual(beforeDup.notes);
    expect(after.tasks).toEqual(beforeDup.tasks);
    expect(after.deals).toEqual(beforeDup.deals);
    expect(after.messages).toEqual(beforeDup.messages);
    expect(after.groups).toEqual(beforeAnna.groups);
    // The relation to Otto moved; the one between the two is gone.
    const relations = ok(await admin.get(`/api/v1/contacts/${anna.id}/relations`)).data;
    expect(relations.map((r: any) => r.other.id)).toEqual([other.id]);
    // Searchable by the merged address.
    const found = ok(await admin.get('/api/v1/contacts?q=anna.schmitt@mail.test')).data;
    expect(found.map((c: any) => c.id)).toEqual([anna.id]);

    const timeline = await timelineKinds(admin, anna.id);
    expect(timeline[0]).toBe(`${anna.id}:contact.merged`);
    expect(timeline).toContain(`${dup.id}:contact.created`);
    expect(timeline).toContain(`${anna.id}:contact.created`);

    const gone = ok(await admin.get(`/api/v1/contacts/${dup.id}`));
    expect(gone.mergedIntoId).toBe(anna.id);
    expect(gone.archivedAt).not.toBeNull();
    expect(gone.emails).toEqual([]);
    const archive = ok(await admin.get('/api/v1/contacts?archived=true')).data;
    expect(archive.map((c: any) => c.id)).not.toContain(dup.id);
    expect(ok(await admin.post(`/api/v1/contacts/${dup.id}/restore`), 409).code).toBe('contact_merged');
    expect(ok(await admin.delete(`/api/v1/contacts/${dup.id}?permanent=true&confirm=${dup.id}`), 409).code).toBe(
      'contact_merged',
    );
    const merges = ok(await admin.get(`/api/v1/contacts/${dup.id}/merges`)).data;
    expect(merges.map((m: any) => m.id)).toEqual([merge.id]);
    const dupes = ok(await admin.get(`/api/v1/contacts/${anna.id}/duplicates`)).data;
    expect(dupes.map((c: any) => c.id)).not.toContain(dup.id);

    const undone = ok(await admin.post(`/api/v1/contact-merges/${merge.id}/undo`));
    expect(undone.notes).toEqual([]);
    expect(undone.merge).toMatchObject({ undoable: false });
    expect(undone.merge.undoneAt).not.toBeNull();
    expect(await snapshot(admin, anna.id)).toEqual(beforeAnna);
    expect(await snapshot(admin, dup.id)).toEqual(beforeDup);
    expect(await timelineKinds(admin, anna.id)).not.toContain(`${dup.id}:contact.created`);
    expect((await timelineKinds(admin, dup.id))[0]).toBe(`${dup.id}:contact.unmerged`);
    expect(ok(await admin.get('/api/v1/contacts?q=anna.schmitt@mail.test')).data.map((c: any) => c.id)).toEqual([
      dup.id,
    ]);
    expect(ok(await admin.post(`/api/v1/contact-merges/${merge.id}/undo`), 409).code).toBe('merge_undone');
  });

  it('keeps what changed after the merge and says so per contact', async () => {
    const admin = await t.signup();
    const a = await newContact(admin, { firstName: 'Jo', lastName: 'Berg' });
    const b = await newContact(admin, { firstName: 'Jo', lastName: 'Berg', title: 'Buyer', tags: ['fair'] });
    const note = ok(await admin.post(`/api/v1/contacts/${b.id}/notes`, { bodyHtml: '<p>Gone later</p>' }), 201);
    const merge = ok(await admin.post('/api/v1/contact-merges', { survivorId: a.id, mergedIds: [b.id] }), 201);
    ok(await admin.patch(`/api/v1/contacts/${a.id}`, { title: 'Head of buying' }));
    ok(await admin.post(`/api/v1/contacts/${a.id}/tags`, { names: ['later'] }));
    expect((await admin.delete(`/api/v1/notes/${note.id}`)).statusCode).toBe(204);

    const { notes } = ok(await admin.post(`/api/v1/contact-merges/${merge.id}/undo`));
    expect(notes.map((n: any) => [n.contactId, n.code])).toEqual([
      [b.id, 'items_gone_since'],
      [a.id, 'field_changed_since'],
    ]);
    const survivor = ok(await admin.get(`/api/v1/contacts/${a.id}`));
    expect(survivor.title).toBe('Head of buying');
    expect(survivor.tags.map((x: any) => x.name)).toEqual(['later']);
    expect(ok(await admin.get(`/api/v1/contacts/${b.id}`)).archivedAt).toBeNull();
  });

  it('refuses what cannot be merged or undone', async () => {
    const admin = await t.signup();
    const a = await newContact(admin);
    const b = await newContact(admin);
    const c = await newContact(admin);
    const business = ok(await admin.post('/api/v1/contacts', { kind: 'business', businessName: 'Acme' }), 201);
    const code = async (body: Record<string, unknown>, status: number) =>
      ok(await admin.post('/api/v1/contact-merges', body), status).code;
    expect(await code({ survivorId: a.id, mergedIds: [business.id] }, 422)).toBe('merge_kinds_differ');
    expect(await code({ survivorId: a.id, mergedIds: [a.id] }, 422)).toBe('merge_same_contact');
    expect(await code({ survivorId: a.id, mergedIds: [b.id, b.id] }, 422)).toBe('merge_same_contact');
    expect(await code({ survivorId: a.id, mergedIds: [b.id], fields: { title: c.id } }, 422)).toBe(
      'merge_choice_invalid',
    );
    expect(await code({ survivorId: a.id, mergedIds: [] }, 400)).toBe('validation_failed');
    expect(await code({ survivorId: a.id, mergedIds: [b.id], fields: { displayName: b.id } }, 400)).toBe(
      'validation_failed',
    );
    expect((await admin.delete(`/api/v1/contacts/${c.id}`)).statusCode).toBe(204);
    expect(await code({ survivorId: c.id, mergedIds: [b.id] }, 409)).toBe('contact_archived');

    const merge = ok(await admin.post('/api/v1/contact-merges', { survivorId: a.id, mergedIds: [b.id] }), 201);
    expect(await code({ survivorId: b.id, mergedIds: [c.id] }, 409)).toBe('already_merged');
    // An archived contact can be merged in (a returning customer often comes back as a new record).
    const again = ok(await admin.post('/api/v1/contact-merges', { survivorId: a.id, mergedIds: [c.id] }), 201);
    expect(ok(await admin.get(`/api/v1/contacts/${a.id}/merges`)).data.map((m: any) => m.id)).toEqual([
      again.id,
      merge.id,
    ]);

    await t.deps.database.pool.query(
      `update contact_merges set undo_until = now() - interval '1 minute' where id = $1`,
      [merge.id],
    );
    expect(ok(await admin.post(`/api/v1/contact-merges/${merge.id}/undo`), 409).code).toBe('merge_undo_expired');
    expect(ok(await admin.post(`/api/v1/contact-merges/${again.id}/undo`)).notes).toEqual([]);
    // The archived contact goes back to the archive, as it was.
    expect(ok(await admin.get(`/api/v1/contacts/${c.id}`)).archivedAt).not.toBeNull();
  });

  it('keeps workspaces and limited members apart', async () => {
    const admin = await t.signup();
    const a = await newContact(admin);
    const b = await newContact(admin);
    const merge = ok(await admin.post('/api/v1/contact-merges', { survivorId: a.id, mergedIds: [b.id] }), 201);

    const stranger = await t.signup();
    const mine = await newContact(stranger);
    expect(
      ok(await stranger.post('/api/v1/contact-merges', { survivorId: mine.id, mergedIds: [a.id] }), 404).code,
    ).toBe('not_found');
    expect((await stranger.get(`/api/v1/contacts/${a.id}/merges`)).statusCode).toBe(404);
    expect((await stranger.post(`/api/v1/contact-merges/${merge.id}/undo`)).statusCode).toBe(404);

    const member = await admin.addUser('member');
    ok(await admin.patch(`/api/v1/users/${member.user.id}`, { contactAccess: 'own' }));
    const own = await newContact(member, { ownerId: member.user.id });
    const c = await newContact(admin);
    expect((await member.post('/api/v1/contact-merges', { survivorId: own.id, mergedIds: [c.id] })).statusCode).toBe(
      404,
    );
    expect((await member.post(`/api/v1/contact-merges/${merge.id}/undo`)).statusCode).toBe(404);
    // Nothing was half-done by the refused merge.
    expect(ok(await admin.get(`/api/v1/contacts/${c.id}`)).mergedIntoId).toBeNull();
  });

  it('erases the contacts merged into one with it, and refuses to erase a merged one on its own', async () => {
    const admin = await t.signup();
    const a = await newContact(admin, { firstName: 'Ida', lastName: 'Roth', emails: [{ email: 'ida@roth.test' }] });
    const b = await newContact(admin, {
      firstName: 'Ida',
      lastName: 'Rothe',
      emails: [{ email: 'ida.rothe@mail.test' }],
    });
    ok(await admin.post('/api/v1/contact-merges', { survivorId: a.id, mergedIds: [b.id] }), 201);
    const refused = ok(
      await admin.post('/api/v1/erasure-requests', { contactId: b.id, reason: 'Asked by mail', confirm: 'Ida Rothe' }),
      409,
    );
    expect(refused.code).toBe('contact_merged');
    ok(
      await admin.post('/api/v1/erasure-requests', { contactId: a.id, reason: 'Asked by mail', confirm: 'Ida Roth' }),
      201,
    );
    expect((await admin.get(`/api/v1/contacts/${b.id}`)).statusCode).toBe(404);
    const { rows } = await t.deps.database.pool.query(
      `select (select count(*) from contact_merges where workspace_id = $1)::int merges,
              (select count(*) from journal_entries where workspace_id = $1 and data::text ilike '%rothe%')::int mentions`,
      [admin.workspace.id],
    );
    expect(rows[0]).toEqual({ merges: 0, mentions: 0 });
  });
});
