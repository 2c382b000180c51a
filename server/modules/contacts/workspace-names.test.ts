// The owner's, team's and tags' names on list rows and contact pages come from what the server keeps of each
// workspace's names, for the names version read with the caller: they must be current whichever server changed them,
// in the order the rows have always shown them, and never another workspace's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { newContact, sending } from './contact-test-helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type Row = {
  id: string;
  owner: { id: string; name: string };
  team: { id: string; name: string } | null;
  tags: { id: string; name: string; color: string }[];
};

/** The list's rows by id, and whether the app read the workspace's names for them. */
async function listRows(session: Session, query = ''): Promise<{ rows: Map<string, Row>; namesRead: boolean }> {
  const { result: res, sent } = await sending(t, () => session.get(`/api/v1/contacts?limit=100${query}`));
  expect(res.statusCode, res.body).toBe(200);
  const rows = (res.json() as { data: Row[] }).data;
  return { rows: new Map(rows.map((r) => [r.id, r])), namesRead: sent.some((q) => q.includes('row_number() over')) };
}

/** The same names as the contact's page shows them. */
async function profileNames(session: Session, id: string): Promise<Omit<Row, 'id'>> {
  const res = await session.get(`/api/v1/contacts/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  const { owner, team, tags } = res.json() as Row;
  return { owner, team, tags };
}
const namesOf = ({ owner, team, tags }: Row) => ({ owner, team, tags });

async function setUp(session: Session) {
  const team = (await session.post('/api/v1/teams', { name: 'Closers' })).json() as { id: string };
  const tag = async (name: string, color: string) =>
    (await session.post('/api/v1/tags', { name, color })).json() as { id: string };
  const beta = await tag('beta', 'blue');
  const alpha = await tag('Alpha', 'red');
  const gamma = await tag('gamma', 'green');
  const contact = await newContact(session, { teamId: team.id, tags: ['gamma', 'beta', 'Alpha'] });
  const bare = await newContact(session, {});
  return { team, alpha, beta, gamma, contact: contact.id as string, bare: bare.id as string };
}

describe("a list row's owner, team and tags", () => {
  it('shows their names as they are now, in name order, read again only when the workspace says they changed', async () => {
    const admin = await t.signup();
    const s = await setUp(admin);

    const first = await listRows(admin);
    const row = first.rows.get(s.contact)!;
    expect(row.owner).toEqual({ id: admin.user.id, name: admin.user.name });
    expect(row.team).toEqual({ id: s.team.id, name: 'Closers' });
    // By name as the database compares tag names (case-insensitive), whatever order they were given in.
    expect(row.tags).toEqual([
      { id: s.alpha.id, name: 'Alpha', color: 'red' },
      { id: s.beta.id, name: 'beta', color: 'blue' },
      { id: s.gamma.id, name: 'gamma', color: 'green' },
    ]);
    expect(first.rows.get(s.bare)!.team).toBeNull();
    expect(first.rows.get(s.bare)!.tags).toEqual([]);
    expect(await profileNames(admin, s.contact)).toEqual(namesOf(row));
    expect(await profileNames(admin, s.bare)).toEqual(namesOf(first.rows.get(s.bare)!));
    // Nothing changed: the names are not read again.
    expect((await listRows(admin)).namesRead).toBe(false);

    // Renamed through the API: the next list shows the new name, in its new place.
    expect((await admin.patch(`/api/v1/tags/${s.alpha.id}`, { name: 'zeta' })).statusCode).toBe(200);
    const renamed = await listRows(admin);
    expect(renamed.namesRead).toBe(true);
    expect(renamed.rows.get(s.contact)!.tags.map((x) => x.name)).toEqual(['beta', 'gamma', 'zeta']);

    // Changed in the database as another server would change them: the triggers tell this one.
    const pool = t.deps.database.pool;
    await pool.query(`update users set name = 'Renamed Owner' where workspace_id = $1 and id = $2`, [
      admin.workspace.id,
      admin.user.id,
    ]);
    await pool.query(`update teams set name = 'Hunters' where workspace_id = $1 and id = $2`, [
      admin.workspace.id,
      s.team.id,
    ]);
    await pool.query(`update tags set color = 'purple' where workspace_id = $1 and id = $2`, [
      admin.workspace.id,
      s.beta.id,
    ]);
    const changed = (await listRows(admin)).rows.get(s.contact)!;
    expect(changed.owner.name).toBe('Renamed Owner');
    expect(changed.team).toEqual({ id: s.team.id, name: 'Hunters' });
    expect(changed.tags.find((x) => x.id === s.beta.id)!.color).toBe('purple');
    expect(await profileNames(admin, s.contact)).toEqual(namesOf(changed));

    // A tag's usage count changes with every tagging, which is not a change of its name.
    expect(
      (await admin.post('/api/v1/contacts/bulk', { ids: [s.bare], action: 'add_tags', tagIds: [s.gamma.id] }))
        .statusCode,
    ).toBe(200);
    const tagged = await listRows(admin);
    expect(tagged.rows.get(s.bare)!.tags.map((x) => x.name)).toEqual(['gamma']);
    expect((await listRows(admin)).namesRead).toBe(false);

    // A deleted tag is off the row.
    expect((await admin.delete(`/api/v1/tags/${s.gamma.id}`)).statusCode).toBe(204);
    expect((await listRows(admin)).rows.get(s.contact)!.tags.map((x) => x.name)).toEqual(['beta', 'zeta']);
    expect((await profileNames(admin, s.contact)).tags.map((x) => x.name)).toEqual(['beta', 'zeta']);
  });

  it('shows a tag the remembered names lack, added since the caller was read', async () => {
    const admin = await t.signup();
    const s = await setUp(admin);
    expect((await listRows(admin)).rows.get(s.contact)!.tags).toHaveLength(3);
    // A tag added without the version moving, as one added by the request itself after its caller was read would be.
    const pool = t.deps.database.pool;
    await pool.query('alter table tags disable trigger tags_names_version');
    try {
      const { rows } = await pool.query<{ id: string }>(
        `insert into tags (workspace_id, id, name, color) values ($1, gen_random_uuid(), 'delta', 'teal') returning id`,
        [admin.workspace.id],
      );
      await pool.query(`update contacts set tag_ids = tag_ids || $3::uuid where workspace_id = $1 and id = $2`, [
        admin.workspace.id,
        s.contact,
        rows[0]!.id,
      ]);
    } finally {
      await pool.query('alter table tags enable trigger tags_names_version');
    }
    const after = await listRows(admin);
    expect(after.namesRead).toBe(true);
    expect(after.rows.get(s.contact)!.tags.map((x) => x.name)).toEqual(['Alpha', 'beta', 'delta', 'gamma']);
    expect(await profileNames(admin, s.contact)).toEqual(namesOf(after.rows.get(s.contact)!));
  });

  it('bumps the version at commit, so creating a tag and counting another cannot deadlock with renaming it', async () => {
    const admin = await t.signup();
    const s = await setUp(admin);
    const pool = t.deps.database.pool;
    const version = async () =>
      (await pool.query('select names_version from workspaces where id = $1', [admin.workspace.id])).rows[0]
        .names_version as number;
    const before = await version();
    const tagging = await pool.connect();
    const renaming = await pool.connect();
    let failed: Error | undefined;
    try {
      // A request tagging contacts with a new tag and an existing one: the new tag first, then the counts.
      await tagging.query('begin');
      await renaming.query('begin');
      await tagging.query(`insert into tags (workspace_id, id, name) values ($1, gen_random_uuid(), 'epsilon')`, [
        admin.workspace.id,
      ]);
      // Meanwhile the existing tag is renamed, and the rename committed. Were the version bumped at once, the rename
      // would now wait for the workspace's row, which the new tag's bump holds, while the count below waits for the
      // renamed tag: a deadlock, one of the two aborted.
      const renamed = renaming
        .query(`update tags set name = 'beta two' where workspace_id = $1 and id = $2`, [admin.workspace.id, s.beta.id])
        .then(() => renaming.query('commit'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      await tagging.query(`update tags set usage_count = usage_count + 1 where workspace_id = $1 and id = $2`, [
        admin.workspace.id,
        s.beta.id,
      ]);
      await renamed;
      await tagging.query('commit');
    } catch (err) {
      failed = err as Error;
      throw err;
    } finally {
      // A connection left in an aborted transaction is closed, not handed to the next test.
      tagging.release(failed);
      renaming.release(failed);
    }
    expect(await version()).toBe(before + 2);
    const row = (await listRows(admin)).rows.get(s.contact)!;
    expect(row.tags.map((x) => x.name)).toEqual(['Alpha', 'beta two', 'gamma']);
  });

  it("never shows another workspace's names, nor moves with its changes", async () => {
    const ours = await t.signup();
    const theirs = await t.signup();
    const s = await setUp(ours);
    const other = await setUp(theirs);
    await listRows(ours);
    // Another workspace's tag id slipped onto our contact is not ours to name.
    const pool = t.deps.database.pool;
    await pool.query(`update contacts set tag_ids = tag_ids || $3::uuid where workspace_id = $1 and id = $2`, [
      ours.workspace.id,
      s.contact,
      other.alpha.id,
    ]);
    const row = (await listRows(ours)).rows.get(s.contact)!;
    expect(row.tags.map((x) => x.id)).toEqual([s.alpha.id, s.beta.id, s.gamma.id]);
    expect((await profileNames(ours, s.contact)).tags.map((x) => x.id)).toEqual([s.alpha.id, s.beta.id, s.gamma.id]);
    // Their renames are theirs: our list neither reads our names again nor shows theirs.
    expect((await theirs.patch(`/api/v1/tags/${other.beta.id}`, { name: 'theirs' })).statusCode).toBe(200);
    await pool.query(`update contacts set tag_ids = array_remove(tag_ids, $2::uuid) where workspace_id = $1`, [
      ours.workspace.id,
      other.alpha.id,
    ]);
    const again = await listRows(ours);
    expect(again.namesRead).toBe(false);
    expect(again.rows.get(s.contact)!.tags.map((x) => x.name)).toEqual(['Alpha', 'beta', 'gamma']);
    expect((await listRows(theirs)).rows.get(other.contact)!.tags.map((x) => x.name)).toEqual([
      'Alpha',
      'gamma',
      'theirs',
    ]);
  });
});
