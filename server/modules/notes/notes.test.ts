import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertContact } from '../../test/fixtures.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const mention = (user: { id: string; name: string }) =>
  `<span data-type="mention" data-id="${user.id}" data-label="${user.name}">@${user.name}</span>`;

async function journal(contactId: string, kind: string) {
  const { rows } = await t.deps.database.pool.query(
    `select * from journal_entries where contact_id = $1 and kind = $2 order by id`,
    [contactId, kind],
  );
  return rows;
}

function multipart(filename: string, contentType: string, data: Buffer) {
  const boundary = `----dossier${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(session: Session, contactId: string, filename: string, type: string, data: Buffer) {
  const m = multipart(filename, type, data);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/contacts/${contactId}/notes/attachments`,
    payload: m.body,
    headers: {
      cookie: `dossier_session=${session.cookie}`,
      'x-csrf-token': session.csrfToken,
      'content-type': m.contentType,
    },
  });
}

const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('notes', () => {
  it('creates a sanitised note with its author, text and valid mentions, and journals it', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria Keller');
    const gone = await admin.addUser('member', 'Gone Person');
    await admin.post(`/api/v1/users/${gone.user.id}/deactivate`);
    const stranger = await t.signup();
    const contact = await insertContact(t, admin);

    const res = await admin.post(`/api/v1/contacts/${contact.id}/notes`, {
      title: 'Call recap',
      bodyHtml: `<p>Spoke with <b>Jane</b> &amp; ${mention(maria.user)} ${mention(gone.user)} ${mention(stranger.user)}</p><script>alert(1)</script><img src=x onerror="alert(1)"><p><a href="javascript:alert(1)">bad</a> <a href="https://example.com">good</a></p>`,
      color: 'yellow',
    });
    expect(res.statusCode).toBe(201);
    const note = res.json();
    expect(note).toMatchObject({
      contactId: contact.id,
      title: 'Call recap',
      color: 'yellow',
      pinned: false,
      author: { id: admin.user.id, name: admin.user.name },
      version: 1,
      attachments: [],
    });
    expect(note.bodyHtml).not.toMatch(/script|onerror|javascript:|<img|<b>/);
    expect(note.bodyHtml).toContain('<strong>Jane</strong>');
    expect(note.bodyHtml).toContain('href="https://example.com"');
    expect(note.bodyText).toContain('Spoke with Jane & @Maria Keller');
    // Only active users of this workspace count as mentioned.
    expect(note.mentionedUsers).toEqual([{ id: maria.user.id, name: 'Maria Keller' }]);

    const [entry] = await journal(contact.id, 'note.created');
    expect(entry).toMatchObject({ category: 'focus', actor_id: admin.user.id, subject_id: note.id });
    expect(entry.data).toMatchObject({
      title: 'Call recap',
      mentionedUserIds: [maria.user.id],
      mentioned: [{ id: maria.user.id, name: 'Maria Keller' }],
    });
    expect(entry.data.preview).toContain('Spoke with Jane');
  });

  it('refuses an empty note and bad input with 400', async () => {
    const admin = await t.signup();
    const contact = await insertContact(t, admin);
    const empty = await admin.post(`/api/v1/contacts/${contact.id}/notes`, { title: '', bodyHtml: '<p> </p>' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('validation_failed');
    const color = await admin.post(`/api/v1/contacts/${contact.id}/notes`, { title: 'x', color: 'neon' });
    expect(color.statusCode).toBe(400);
  });

  it('lists pinned first, then newest, pages without repeats, and searches title and text', async () => {
    const admin = await t.signup();
    const contact = await insertContact(t, admin);
    const other = await insertContact(t, admin);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await admin.post(`/api/v1/contacts/${contact.id}/notes`, {
        title: `Note ${i}`,
        bodyHtml: i === 3 ? '<p>Discussed the <em>budget</em> for 2027</p>' : `<p>text ${i}</p>`,
      });
      ids.push(r.json().id);
    }
    await admin.post(`/api/v1/contacts/${other.id}/notes`, { title: 'Budget elsewhere' });
    await admin.post(`/api/v1/notes/${ids[1]}/pin`);
    await admin.post(`/api/v1/notes/${ids[4]}/pin`);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { id: string }[]; nextCursor: string | null; total: number } = (
        await admin.get(`/api/v1/contacts/${contact.id}/notes?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.data.map((n) => n.id));
      // Every page tells how many notes the contact has in all (the other contact's note not among them).
      expect(page.total).toBe(7);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids[4], ids[1], ids[6], ids[5], ids[3], ids[2], ids[0]]);

    const search = (await admin.get(`/api/v1/contacts/${contact.id}/notes?q=BUDGET`)).json();
    expect(search.total).toBe(1);
    const found = search.data;
    expect(found.map((n: { id: string }) => n.id)).toEqual([ids[3]]);
    const byTitle = (await admin.get(`/api/v1/contacts/${contact.id}/notes?q=note 5`)).json().data;
    expect(byTitle.map((n: { id: string }) => n.id)).toEqual([ids[5]]);
    const wildcard = (await admin.get(`/api/v1/contacts/${contact.id}/notes?q=%25`)).json().data;
    expect(wildcard).toEqual([]);
    expect((await admin.get(`/api/v1/contacts/${contact.id}/notes?cursor=bogus`)).statusCode).toBe(400);
  });

  it('edits with an optional If-Match and refuses a stale version with 409 version_conflict', async () => {
    const admin = await t.signup();
    const maria = await admin.addUser('member', 'Maria');
    const contact = await insertContact(t, admin);
    const note = (
      await admin.post(`/api/v1/contacts/${contact.id}/notes`, { title: 'Draft', bodyHtml: '<p>a</p>' })
    ).json();

    const first = await maria.patch(
      `/api/v1/notes/${note.id}`,
      { title: 'Final', bodyHtml: `<p>b ${mention(admin.user)}</p>` },
      { 'if-match': '"1"' },
    );
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    expect(first.json()).toMatchObject({ title: 'Final', version: 2, bodyText: `b @${admin.user.name}` });

    const stale = await admin.patch(`/api/v1/notes/${note.id}`, { title: 'Mine' }, { 'if-match': '1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    expect((await admin.get(`/api/v1/notes/${note.id}`)).json().title).toBe('Final');

    const bad = await admin.patch(`/api/v1/notes/${note.id}`, { title: 'x' }, { 'if-match': 'yesterday' });
    expect(bad.statusCode).toBe(400);

    const noHeader = await admin.patch(`/api/v1/notes/${note.id}`, { color: 'green' });
    expect(noHeader.json()).toMatchObject({ color: 'green', version: 3 });

    const unchanged = await admin.patch(`/api/v1/notes/${note.id}`, { color: 'green' });
    expect(unchanged.json().version).toBe(3);

    const updates = await journal(contact.id, 'note.updated');
    expect(updates).toHaveLength(2);
    expect(updates[0].actor_id).toBe(maria.user.id);
    expect(updates[0].data.changes).toEqual(
      expect.arrayContaining([
        { field: 'title', old: 'Draft', new: 'Final' },
        { field: 'body', old: 'a', new: `b @${admin.user.name}` },
      ]),
    );
    expect(updates[0].data.newlyMentionedUserIds).toEqual([admin.user.id]);
    expect(updates[1].data.changes).toEqual([{ field: 'color', old: 'default', new: 'green' }]);
  });

  it('deletes a note, journaling it, and refuses a stale delete', async () => {
    const admin = await t.signup();
    const contact = await insertContact(t, admin);
    const note = (await admin.post(`/api/v1/contacts/${contact.id}/notes`, { title: 'Old' })).json();
    await admin.patch(`/api/v1/notes/${note.id}`, { title: 'Older' });
    const stale = await admin.delete(`/api/v1/notes/${note.id}`, undefined, { 'if-match': '1' });
    expect(stale.statusCode).toBe(409);
    const res = await admin.delete(`/api/v1/notes/${note.id}`);
    expect(res.statusCode).toBe(204);
    expect((await admin.get(`/api/v1/notes/${note.id}`)).statusCode).toBe(404);
    const [entry] = await journal(contact.id, 'note.deleted');
    expect(entry.data).toMatchObject({ title: 'Older' });
  });

  it('pins at most two notes per contact and says so on the third', async () => {
    const admin = await t.signup();
    const contact = await insertContact(t, admin);
    const other = await insertContact(t, admin);
    const make = async (c: string) => (await admin.post(`/api/v1/contacts/${c}/notes`, { title: 'n' })).json().id;
    const [a, b, c] = [await make(contact.id), await make(contact.id), await make(contact.id)];
    expect((await admin.post(`/api/v1/notes/${a}/pin`)).json().pinned).toBe(true);
    expect((await admin.post(`/api/v1/notes/${b}/pin`)).statusCode).toBe(200);
    // Pinning an already pinned note is a no-op, not a third pin.
    expect((await admin.post(`/api/v1/notes/${a}/pin`)).statusCode).toBe(200);
    const third = await admin.post(`/api/v1/notes/${c}/pin`);
    expect(third.statusCode).toBe(409);
    expect(third.json()).toMatchObject({ code: 'pin_limit', detail: 'Only two notes can be pinned; unpin one first' });
    // Another contact has its own two slots.
    expect((await admin.post(`/api/v1/notes/${await make(other.id)}/pin`)).statusCode).toBe(200);

    const unpinned = await admin.post(`/api/v1/notes/${a}/unpin`);
    expect(unpinned.json()).toMatchObject({ pinned: false, pinnedAt: null });
    expect((await admin.post(`/api/v1/notes/${c}/pin`)).statusCode).toBe(200);
    expect((await journal(contact.id, 'note.pinned')).length).toBe(3);
    expect((await journal(contact.id, 'note.unpinned')).length).toBe(1);
  });

  it('keeps the limit under concurrent pin requests', async () => {
    const admin = await t.signup();
    const contact = await insertContact(t, admin);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push((await admin.post(`/api/v1/contacts/${contact.id}/notes`, { title: `n${i}` })).json().id);
    }
    await admin.post(`/api/v1/notes/${ids[0]}/pin`);
    const results = await Promise.all(ids.slice(1).map((id) => admin.post(`/api/v1/notes/${id}/pin`)));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409, 409]);
    const { rows } = await t.deps.database.pool.query(
      `select count(*)::int as n from notes where contact_id = $1 and pinned_at is not null`,
      [contact.id],
    );
    expect(rows[0].n).toBe(2);
  });

  it('attaches uploaded documents and refuses HTML, SVG, executables and disguised files', async () => {
    const admin = await t.signup();
    const contact = await insertContact(t, admin);
    const up = await upload(admin, contact.id, 'offer.pdf', 'application/pdf', pdf);
    expect(up.statusCode).toBe(201);
    const file = up.json();
    expect(file).toMatchObject({ filename: 'offer.pdf', contentType: 'application/pdf', size: pdf.length });
    const csv = (await upload(admin, contact.id, 'list.csv', 'text/csv', Buffer.from('a,b\n1,2\n'))).json();

    const note = await admin.post(`/api/v1/contacts/${contact.id}/notes`, {
      title: 'Offer',
      attachmentFileIds: [file.fileId, csv.fileId],
    });
    expect(note.statusCode).toBe(201);
    expect(note.json().attachments).toEqual(
      expect.arrayContaining([
        {
          id: file.fileId,
          filename: 'offer.pdf',
          size: pdf.length,
          contentType: 'application/pdf',
          url: `/api/v1/files/${file.fileId}`,
        },
      ]),
    );
    const download = await admin.get(`/api/v1/files/${file.fileId}`);
    expect(download.statusCode).toBe(200);
    expect(download.body).toContain('%PDF');

    const edited = await admin.patch(`/api/v1/notes/${note.json().id}`, { attachmentFileIds: [csv.fileId] });
    expect(edited.json().attachments.map((a: { filename: string }) => a.filename)).toEqual(['list.csv']);
    const [entry] = await journal(contact.id, 'note.updated');
    expect(entry.data.changes).toEqual([{ field: 'attachments', old: ['list.csv', 'offer.pdf'], new: ['list.csv'] }]);

    const refusals = [
      ['page.html', 'text/html', Buffer.from('<html><script>alert(1)</script></html>')],
      ['logo.svg', 'image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>')],
      ['setup.exe', 'application/x-msdownload', Buffer.from('MZ\x90\x00')],
      ['fake.pdf', 'application/pdf', Buffer.from('MZ not a pdf')],
      ['fake.png', 'image/png', Buffer.from('not a png')],
    ] as const;
    for (const [name, type, data] of refusals) {
      const r = await upload(admin, contact.id, name, type, data);
      expect(r.statusCode, name).toBe(415);
      expect(r.json().code).toBe('unsupported_media_type');
    }
    const big = await upload(
      admin,
      contact.id,
      'big.txt',
      'text/plain',
      Buffer.alloc(t.deps.config.UPLOAD_MAX_BYTES + 10, 97),
    );
    expect(big.statusCode).toBe(413);
    const notMultipart = await admin.post(`/api/v1/contacts/${contact.id}/notes/attachments`, { file: 'x' });
    expect(notMultipart.statusCode).toBe(415);
  });

  it('refuses notes on archived contacts and hides notes of contacts a restricted member cannot see', async () => {
    const admin = await t.signup();
    const archived = await insertContact(t, admin, { archivedAt: new Date() });
    const res = await admin.post(`/api/v1/contacts/${archived.id}/notes`, { title: 'x' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('contact_archived');

    const restricted = await admin.addUser('member');
    await admin.patch(`/api/v1/users/${restricted.user.id}`, { contactAccess: 'own' });
    const contact = await insertContact(t, admin);
    const note = (await admin.post(`/api/v1/contacts/${contact.id}/notes`, { title: 'secret' })).json();
    expect((await restricted.get(`/api/v1/contacts/${contact.id}/notes`)).statusCode).toBe(404);
    expect((await restricted.get(`/api/v1/notes/${note.id}`)).statusCode).toBe(404);
    const own = await insertContact(t, restricted);
    expect((await restricted.post(`/api/v1/contacts/${own.id}/notes`, { title: 'mine' })).statusCode).toBe(201);
  });

  it('records an API key note without an author', async () => {
    const admin = await t.signup();
    const contact = await insertContact(t, admin);
    const api = t.withKey(await admin.createApiKey('Importer'));
    const res = await api.post(`/api/v1/contacts/${contact.id}/notes`, { title: 'From the API' });
    expect(res.statusCode).toBe(201);
    expect(res.json().author).toBeNull();
    const [entry] = await journal(contact.id, 'note.created');
    expect(entry).toMatchObject({ actor_type: 'api', actor_label: 'Importer' });
  });

  it('never shows or changes another workspace’s notes (404 on every endpoint)', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const contact = await insertContact(t, a);
    const note = (await a.post(`/api/v1/contacts/${contact.id}/notes`, { title: 'A only' })).json();
    const file = (await upload(a, contact.id, 'a.pdf', 'application/pdf', pdf)).json();
    const bContact = await insertContact(t, b);

    const attempts = [
      await b.get(`/api/v1/contacts/${contact.id}/notes`),
      await b.post(`/api/v1/contacts/${contact.id}/notes`, { title: 'x' }),
      await upload(b, contact.id, 'b.pdf', 'application/pdf', pdf),
      await b.get(`/api/v1/notes/${note.id}`),
      await b.patch(`/api/v1/notes/${note.id}`, { title: 'hacked' }),
      await b.delete(`/api/v1/notes/${note.id}`),
      await b.post(`/api/v1/notes/${note.id}/pin`),
      await b.post(`/api/v1/notes/${note.id}/unpin`),
    ];
    for (const r of attempts) {
      expect(r.statusCode).toBe(404);
      expect(r.body).not.toContain('A only');
    }
    // Another workspace's file cannot be attached either.
    const steal = await b.post(`/api/v1/contacts/${bContact.id}/notes`, {
      title: 'x',
      attachmentFileIds: [file.fileId],
    });
    expect(steal.statusCode).toBe(400);
    expect(steal.json().code).toBe('file_not_found');
    expect((await a.get(`/api/v1/notes/${note.id}`)).json().title).toBe('A only');
  });
});
