import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import { newContact, PNG, upload } from '../contacts/contact-test-helpers.ts';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let admin: Session;
let member: Session;
let other: Session;
beforeAll(async () => {
  t = await createTestApp();
  [admin, other] = await Promise.all([t.signup(), t.signup()]);
  member = await admin.addUser('member', 'Mia Member');
});
afterAll(() => t.close());

/** Each seeded person's own values, so a test's search finds only its own. */
function person(n: number) {
  const letters = 'qwxzjkvb';
  return {
    SURNAME: `Zyxwerasure${letters[n]}${letters[n + 1]}`,
    EMAIL: `alice.zyx${n}@erasure.example`,
    PHONE: `+49151123456${70 + n}`,
    DIGITS: `151123456${70 + n}`,
    PASSPORT: `P-ZYX-9${n}`,
    STREET: `12 Zyxwerasure${n} Lane`,
    CAROL: `carol${n}@example.test`,
  };
}
const NOTE_BYTES = Buffer.from('passport scan of the person\n');
const MESSAGE_BYTES = Buffer.from('%PDF-1.4 signed contract\n');

/** Reads a ZIP held in memory: entry name → bytes. */
function unzip(buffer: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const db = () => t.deps.database.pool;

const importFiles = new Map<string, string>();
const importFileIdOf = (importId: string) => importFiles.get(importId)!;

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** A contact with something in every place personal data lives, and two others beside it. */
async function seedPerson(p: ReturnType<typeof person>) {
  const { SURNAME, EMAIL, PHONE, PASSPORT, STREET, CAROL } = p;
  const field = (
    await admin.post('/api/v1/custom-fields', { label: `Passport ${newId().slice(-6)}`, type: 'text' })
  ).json();
  const alice = await newContact(admin, {
    firstName: 'Alice',
    lastName: SURNAME,
    emails: [{ email: EMAIL }],
    phones: [{ number: PHONE }],
    locations: [{ label: 'Home', address: `${STREET}, Springfield` }],
    tags: ['VIP'],
    followerIds: [member.user.id],
    custom: { [field.key]: PASSPORT },
  });
  const bob = await newContact(admin, { firstName: 'Bob', lastName: 'Related' });
  const carol = await newContact(admin, { firstName: 'Carol', lastName: 'Bystander', emails: [{ email: CAROL }] });

  const scanField = (
    await admin.post('/api/v1/custom-fields', { label: `ID scan ${newId().slice(-6)}`, type: 'file' })
  ).json();
  const scan = (
    await upload(t, admin, 'POST', `/api/v1/contacts/${alice.id}/notes/attachments`, {
      filename: 'id-scan.png',
      contentType: 'image/png',
      data: PNG,
    })
  ).json();
  const withScan = await admin.patch(`/api/v1/contacts/${alice.id}`, { custom: { [scanField.key]: scan.fileId } });
  expect(withScan.statusCode, withScan.body).toBe(200);
  const noteFile = (
    await upload(t, admin, 'POST', `/api/v1/contacts/${alice.id}/notes/attachments`, {
      filename: `passport-${SURNAME}.txt`,
      contentType: 'text/plain',
      data: NOTE_BYTES,
    })
  ).json();
  const note = await admin.post(`/api/v1/contacts/${alice.id}/notes`, {
    title: `Met ${SURNAME}`,
    bodyHtml: `<p>Call ${PHONE}</p>`,
    attachmentFileIds: [noteFile.fileId],
  });
  expect(note.statusCode, note.body).toBe(201);
  const messageFile = (
    await upload(t, admin, 'POST', `/api/v1/contacts/${alice.id}/messages/attachments`, {
      filename: 'contract.pdf',
      contentType: 'application/pdf',
      data: MESSAGE_BYTES,
    })
  ).json();
  const comment = await admin.post(`/api/v1/contacts/${alice.id}/messages`, {
    channel: 'comment',
    bodyHtml: `<p>Spoke with Alice ${SURNAME} about ${EMAIL}</p>`,
    attachmentFileIds: [messageFile.fileId],
  });
  expect(comment.statusCode, comment.body).toBe(201);
  expect(
    (await admin.post(`/api/v1/contacts/${alice.id}/tasks`, { title: `Send ${SURNAME} the offer` })).statusCode,
  ).toBe(201);
  const calendar = (await admin.post('/api/v1/calendars', { name: 'Visits', ownerUserId: admin.user.id })).json();
  const start = new Date(Date.now() + 86_400_000);
  const appt = await admin.post(`/api/v1/contacts/${alice.id}/appointments`, {
    calendarId: calendar.id,
    title: `Visit ${SURNAME}`,
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
  });
  expect(appt.statusCode, appt.body).toBe(201);
  const opp = await admin.post('/api/v1/opportunities', {
    name: `${SURNAME} renewal`,
    contactId: alice.id,
    value: 1200,
  });
  expect(opp.statusCode, opp.body).toBe(201);
  const types = (await admin.get('/api/v1/relation-types')).json();
  const typeId = (types.data ?? types)[0].id;
  const rel = await admin.post(`/api/v1/contacts/${alice.id}/relations`, { typeId, otherContactId: bob.id });
  expect(rel.statusCode, rel.body).toBe(201);

  // What other paths leave behind: a notification, an import's rows, an unmatched inbound email, and
  // another contact's email that had Alice in copy.
  const ws = admin.workspace.id;
  await db().query(
    `insert into notifications (workspace_id, id, user_id, kind, contact_id, title, body)
     values ($1, $2, $3, 'mentioned', $4, $5, '')`,
    [ws, newId(), member.user.id, alice.id, `You were mentioned on Alice ${SURNAME}`],
  );
  const importFile = newId();
  const importId = newId();
  // The file as a spreadsheet exported it: Windows-1252, semicolons; Alice is row 1, a reject naming her row 2.
  const csv = iconv.encode(
    `First;Last;Email;Phone\r\nAlice;${SURNAME};${EMAIL};${PHONE}\r\nAlicia;Dupe;${EMAIL};\r\nDän;Other;dan${p.CAROL};\r\n`,
    'windows-1252',
  );
  await t.deps.storage.put(`${ws}/${importFile}`, csv);
  importFiles.set(importId, importFile);
  await db().query(
    `insert into files (workspace_id, id, storage_key, filename, content_type, size, checksum)
     values ($1, $2, $3, 'contacts.csv', 'text/csv', $4, 'x')`,
    [ws, importFile, `${ws}/${importFile}`, csv.length],
  );
  await db().query(
    `insert into imports (workspace_id, id, name, file_id, status, format, headers, mapping, options, total_rows)
     values ($1, $2, 'contacts.csv', $3, 'completed', $4, '[]', '[]', '{}', 3)`,
    [ws, importId, importFile, JSON.stringify({ kind: 'csv', encoding: 'windows-1252', delimiter: ';' })],
  );
  await db().query(
    `insert into import_rows (workspace_id, import_id, row_number, status, contact_id, cells, reason) values
     ($1, $2, 1, 'created', $3, null, null),
     ($1, $2, 2, 'rejected', null, $4, $5),
     ($1, $2, 3, 'created', null, null, null)`,
    [ws, importId, alice.id, JSON.stringify(['Alicia', 'Dupe', EMAIL, '']), `Email ${EMAIL} is taken`],
  );
  await db().query(
    `insert into messages (workspace_id, id, contact_id, channel, direction, status, from_address, to_addresses, subject, body_text)
     values ($1, $2, null, 'email', 'inbound', 'received', $3, '{sales@example.test}', 'Hello', 'Unmatched'),
            ($1, $4, $5, 'email', 'outbound', 'sent', 'sales@example.test', $6, 'Offer', 'For Carol')`,
    [ws, newId(), `Alice ${SURNAME} <${EMAIL}>`, newId(), carol.id, [CAROL, EMAIL]],
  );
  return {
    alice,
    bob,
    carol,
    field,
    importId,
    scanField,
    scanFileId: scan.fileId as string,
    noteFileId: noteFile.fileId as string,
    messageFileId: messageFile.fileId as string,
  };
}

/**
 * Where in the database each value still occurs: every table (any schema but the catalogs) with a column
 * that can hold text — text, varchar, citext, json/jsonb, arrays — has each row cast to text (all its
 * columns at once) and searched for every value, in one pass per table. Answers value → ["table: rows"].
 */
async function occurrences(values: string[]): Promise<Record<string, string[]>> {
  const { rows: tables } = await db().query<{ s: string; t: string }>(
    `select distinct c.table_schema s, c.table_name t
     from information_schema.columns c
     join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where t.table_type = 'BASE TABLE' and c.table_schema not in ('pg_catalog', 'information_schema')
       and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY') or c.udt_name = 'citext')`,
  );
  expect(tables.map((x) => x.t)).toEqual(expect.arrayContaining(['contacts', 'journal_entries', 'import_rows', 'job']));
  const hits: Record<string, string[]> = Object.fromEntries(values.map((v) => [v, []]));
  const counts = values.map((_, i) => `count(*) filter (where strpos(x, $${i + 1}) > 0)::int v${i}`).join(', ');
  for (const { s: schema, t: table } of tables) {
    const { rows } = await db().query<Record<string, number>>(
      `select ${counts} from (select lower(r::text) x from "${schema}"."${table}" r) q`,
      values.map((v) => v.toLowerCase()),
    );
    values.forEach((v, i) => {
      if (rows[0]![`v${i}`]! > 0) hits[v]!.push(`${schema}.${table}: ${rows[0]![`v${i}`]}`);
    });
  }
  return hits;
}

describe('personal-data archive', () => {
  it('holds the whole record as JSON and the attached files as they were stored, and is journaled', async () => {
    const p = person(0);
    const { SURNAME, EMAIL, PHONE } = p;
    const { alice, field, scanField, scanFileId, noteFileId, messageFileId } = await seedPerson(p);
    const res = await member.get(`/api/v1/contacts/${alice.id}/personal-data-archive`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="personal-data-.*\.zip"/);
    const zip = await unzip(res.rawPayload);
    for (const name of [
      'contact.json',
      'emails.json',
      'phones.json',
      'locations.json',
      'tags.json',
      'custom-fields.json',
      'followers.json',
      'notes.json',
      'tasks.json',
      'appointments.json',
      'messages.json',
      'opportunities.json',
      'relations.json',
      'journal.json',
      'files.json',
    ]) {
      expect(zip.has(name), name).toBe(true);
    }
    const read = (name: string) => JSON.parse(zip.get(name)!.toString('utf8'));
    expect(read('contact.json')).toMatchObject({ id: alice.id, lastName: SURNAME });
    expect(read('emails.json')).toEqual([expect.objectContaining({ email: EMAIL })]);
    expect(read('phones.json')).toEqual([expect.objectContaining({ e164: PHONE })]);
    expect(read('locations.json')[0].address).toContain(p.STREET);
    expect(read('tags.json').map((x: { name: string }) => x.name)).toEqual(['VIP']);
    expect(read('custom-fields.json').find((f: { key: string }) => f.key === field.key).value).toBe(p.PASSPORT);
    expect(read('followers.json')).toEqual([expect.objectContaining({ id: member.user.id })]);
    expect(read('tasks.json')[0].title).toBe(`Send ${SURNAME} the offer`);
    expect(read('appointments.json')[0].title).toBe(`Visit ${SURNAME}`);
    expect(read('opportunities.json')[0].name).toBe(`${SURNAME} renewal`);
    expect(read('relations.json').relations[0].otherContact.displayName).toBe('Bob Related');
    expect(read('journal.json').map((e: { kind: string }) => e.kind)).toContain('contact.created');

    const notesJson = read('notes.json');
    expect(notesJson[0].title).toBe(`Met ${SURNAME}`);
    const notePath = notesJson[0].attachments[0] as string;
    expect(zip.get(notePath)).toEqual(NOTE_BYTES);
    const messagesJson = read('messages.json');
    const messagePath = messagesJson.find((m: { attachments: string[] }) => m.attachments.length).attachments[0];
    expect(zip.get(messagePath)).toEqual(MESSAGE_BYTES);
    expect(
      read('files.json')
        .map((f: { id: string }) => f.id)
        .sort(),
    ).toEqual([noteFileId, messageFileId, scanFileId].sort());
    const scanPath = read('custom-fields.json').find((f: { key: string }) => f.key === scanField.key).file;
    expect(zip.get(scanPath)).toEqual(PNG);

    const { rows } = await db().query(
      `select actor_id, actor_label from journal_entries where contact_id = $1 and kind = 'contact.personal_data_exported'`,
      [alice.id],
    );
    expect(rows).toEqual([{ actor_id: member.user.id, actor_label: 'Mia Member' }]);
  });

  it('answers 404 for another workspace’s contact', async () => {
    const theirs = await newContact(other);
    expect((await admin.get(`/api/v1/contacts/${theirs.id}/personal-data-archive`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/contacts/${newId()}/personal-data-archive`)).json().code).toBe('not_found');
  });
});

describe('erasure', () => {
  it('refuses members, a missing reason, a wrong name and another workspace’s contact — changing nothing', async () => {
    const c = await newContact(admin, { firstName: 'Keep', lastName: 'Me' });
    const body = { contactId: c.id, reason: 'Asked by email', confirm: 'Keep Me' };
    const asMember = await member.post('/api/v1/erasure-requests', body);
    expect(asMember.statusCode).toBe(403);
    expect(asMember.json().code).toBe('forbidden');
    const noReason = await admin.post('/api/v1/erasure-requests', { ...body, reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().code).toBe('validation_failed');
    const { reason: _r, ...withoutReason } = body;
    expect((await admin.post('/api/v1/erasure-requests', withoutReason)).json().code).toBe('validation_failed');
    const wrongName = await admin.post('/api/v1/erasure-requests', { ...body, confirm: 'Keep' });
    expect(wrongName.statusCode).toBe(400);
    expect(wrongName.json().code).toBe('confirmation_required');
    const foreign = await other.post('/api/v1/erasure-requests', body);
    expect(foreign.statusCode).toBe(404);
    expect((await admin.get(`/api/v1/contacts/${c.id}`)).statusCode).toBe(200);
    expect((await member.get('/api/v1/erasure-requests')).statusCode).toBe(403);
    const { rows } = await db().query('select count(*)::int n from erasure_requests where contact_id = $1', [c.id]);
    expect(rows[0].n).toBe(0);
  });

  it('refuses a contact with won business, as permanent delete does', async () => {
    const c = await newContact(admin, { firstName: 'Won', lastName: 'Deal' });
    const opp = await admin.post('/api/v1/opportunities', {
      name: 'Big deal',
      contactId: c.id,
      value: 10,
      status: 'won',
    });
    expect(opp.statusCode, opp.body).toBe(201);
    const res = await admin.post('/api/v1/erasure-requests', { contactId: c.id, reason: 'Asked', confirm: 'Won Deal' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('delete_blocked');
  });

  it('waits for an import that holds the contact and is still at work', async () => {
    const c = await newContact(admin, { firstName: 'Busy', lastName: 'Import' });
    const ws = admin.workspace.id;
    const [fileId, importId] = [newId(), newId()];
    await db().query(
      `insert into files (workspace_id, id, storage_key, filename, content_type, size, checksum)
       values ($1, $2, 'unused', 'big.csv', 'text/csv', 1, 'x')`,
      [ws, fileId],
    );
    await db().query(
      `insert into imports (workspace_id, id, name, file_id, status, format, headers, mapping, options, total_rows)
       values ($1, $2, 'big.csv', $3, 'running', '{}', '[]', '[]', '{}', 1000)`,
      [ws, importId, fileId],
    );
    await db().query(
      `insert into import_rows (workspace_id, import_id, row_number, status, contact_id) values ($1, $2, 1, 'created', $3)`,
      [ws, importId, c.id],
    );
    const res = await admin.post('/api/v1/erasure-requests', {
      contactId: c.id,
      reason: 'Asked',
      confirm: 'Busy Import',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'import_in_progress', importId });
    // Rolled back whole: the contact, the import's row and the journal are as they were.
    expect((await admin.get(`/api/v1/contacts/${c.id}`)).statusCode).toBe(200);
    const { rows } = await db().query('select contact_id from import_rows where import_id = $1', [importId]);
    expect(rows).toEqual([{ contact_id: c.id }]);
  });

  it('leaves no personal value anywhere in the database, keeps the tombstone and spares other contacts', async () => {
    const p = person(2);
    const { SURNAME, EMAIL, PHONE } = p;
    const { alice, bob, carol, noteFileId, scanFileId, importId } = await seedPerson(p);
    const storageKey = `${admin.workspace.id}/${noteFileId}`;
    await expect(t.deps.storage.get(storageKey)).resolves.toBeDefined();
    const journalOf = async (contactId: string) =>
      (await db().query('select * from journal_entries where contact_id = $1 order by id', [contactId])).rows;
    const carolBefore = await journalOf(carol.id);
    const bobBefore = await journalOf(bob.id);
    expect((await occurrences([SURNAME]))[SURNAME]).not.toEqual([]);

    const res = await admin.post('/api/v1/erasure-requests', {
      contactId: alice.id,
      reason: `Alice ${SURNAME} asked by letter (${EMAIL})`,
      confirm: `alice  ${SURNAME.toLowerCase()}`,
    });
    expect(res.statusCode, res.body).toBe(201);
    const request = res.json();
    expect(request).toMatchObject({
      contactId: alice.id,
      requestedBy: { id: admin.user.id },
      reason: '[erased] asked by letter ([erased])',
      summary: { importRows: 2, importFiles: 1, messages: 2, files: 3 },
    });
    expect(request.summary.journalEntries).toBeGreaterThan(5);
    // The one written here, and those the notification jobs wrote for the follower meanwhile.
    expect(request.summary.notifications).toBeGreaterThanOrEqual(1);

    const values = [SURNAME, EMAIL, PHONE, p.DIGITS, p.PASSPORT, p.STREET];
    expect(await occurrences(values)).toEqual(Object.fromEntries(values.map((v) => [v, []])));
    await expect(t.deps.storage.get(storageKey)).rejects.toThrow();
    // A notification job that read Alice's name just before writes nothing about her now (and does not fail).
    const late = await db().query(
      `insert into notifications (workspace_id, id, user_id, kind, contact_id, title) values ($1, $2, $3, 'mentioned', $4, $5)`,
      [admin.workspace.id, newId(), member.user.id, alice.id, `Late news about ${SURNAME}`],
    );
    expect(late.rowCount).toBe(0);
    await expect(t.deps.storage.get(`${admin.workspace.id}/${scanFileId}`)).rejects.toThrow();
    // The imported file keeps every row in its place, Alice's cells replaced, the others as they were.
    const ws = admin.workspace.id;
    await expect(t.deps.storage.get(`${ws}/${importFileIdOf(importId)}`)).rejects.toThrow();
    const [stored] = (
      await db().query(
        `select f.storage_key, i.format from imports i join files f on f.workspace_id = i.workspace_id and f.id = i.file_id
         where i.id = $1`,
        [importId],
      )
    ).rows;
    expect(stored.format).toEqual({ kind: 'csv', encoding: 'utf-8', delimiter: ',' });
    const rewritten = await readStream(await t.deps.storage.get(stored.storage_key));
    expect(rewritten.split('\r\n')).toEqual([
      'First,Last,Email,Phone',
      '[erased],[erased],[erased],[erased]',
      '[erased],[erased],[erased],[erased]',
      `Dän,Other,dan${p.CAROL},`,
      '',
    ]);
    expect((await admin.get(`/api/v1/contacts/${alice.id}`)).statusCode).toBe(404);

    // The tombstone and the request remain; the erased contact's own entries keep kind, time and actor.
    const own = await journalOf(alice.id);
    const tombstone = own.find((e) => e.kind === 'contact.erased');
    expect(tombstone).toMatchObject({ actor_id: admin.user.id, subject_id: request.id });
    expect(tombstone.data).toMatchObject({ erasureRequestId: request.id, reason: request.reason });
    expect(own.find((e) => e.kind === 'contact.created')).toMatchObject({
      actor_id: admin.user.id,
      data: { erased: true, erasureRequestId: request.id },
    });
    const list = (await admin.get('/api/v1/erasure-requests')).json();
    expect(list.data[0]).toMatchObject({ id: request.id, contactId: alice.id, requestedBy: { name: admin.user.name } });
    expect((await other.get('/api/v1/erasure-requests')).json().data).toEqual([]);

    // Carol's journal is untouched; Bob's keeps everything but the strings that named Alice.
    expect(await journalOf(carol.id)).toEqual(carolBefore);
    const bobAfter = await journalOf(bob.id);
    expect(bobAfter.map((e) => [e.id, e.kind, e.occurred_at])).toEqual(
      bobBefore.map((e) => [e.id, e.kind, e.occurred_at]),
    );
    expect(bobAfter.find((e) => e.kind === 'contact.created')).toEqual(
      bobBefore.find((e) => e.kind === 'contact.created'),
    );
    // Carol's email keeps its text and Carol as recipient, without Alice's address.
    const { rows: carolMail } = await db().query('select to_addresses, body_text from messages where contact_id = $1', [
      carol.id,
    ]);
    expect(carolMail).toEqual([{ to_addresses: [p.CAROL], body_text: 'For Carol' }]);
  });

  it('keeps the journal append-only outside the erasure’s own transaction', async () => {
    const c = await newContact(admin, { firstName: 'Still', lastName: 'Here' });
    const [entry] = (await db().query('select id from journal_entries where contact_id = $1', [c.id])).rows;
    await expect(db().query(`update journal_entries set data = '{}' where id = $1`, [entry.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(db().query('delete from journal_entries where id = $1', [entry.id])).rejects.toThrow(/append-only/);
    // An earlier request's id does not open the door in another transaction.
    const [done] = (await db().query('select id from erasure_requests limit 1')).rows;
    const client = await db().connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('dossier.erasure', $1, true)`, [done.id]);
      await expect(client.query(`update journal_entries set data = '{}' where id = $1`, [entry.id])).rejects.toThrow(
        /same transaction/,
      );
      await client.query('rollback');
      // Nor does the old escape of migration 0002.
      await client.query('begin');
      await client.query(`select set_config('dossier.journal_rewrite', 'erasure', true)`);
      await expect(client.query(`update journal_entries set data = '{}' where id = $1`, [entry.id])).rejects.toThrow(
        /append-only/,
      );
      await client.query('rollback');
    } finally {
      client.release();
    }
  });
});
