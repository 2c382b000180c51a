import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { newContact, PNG, upload } from '../contacts/contact-test-helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

/** Uploads a PNG for a file field; not attached to anything until a contact's field is set to it. */
async function fieldFile(session: Session, filename: string): Promise<{ fileId: string }> {
  const res = await upload(t, session, 'POST', '/api/v1/custom-fields/files', {
    filename,
    contentType: 'image/png',
    data: PNG,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** A contact with a picture, a note attachment and a file field value, all uploaded by `admin`. */
async function contactWithFiles(admin: Session, body: Record<string, unknown>) {
  const c = await newContact(admin, body);
  const picture = await upload(t, admin, 'PUT', `/api/v1/contacts/${c.id}/picture`, {
    filename: 'face.png',
    contentType: 'image/png',
    data: PNG,
  });
  expect(picture.statusCode, picture.body).toBe(200);
  const attachment = (
    await upload(t, admin, 'POST', `/api/v1/contacts/${c.id}/notes/attachments`, {
      filename: 'offer.pdf',
      contentType: 'application/pdf',
      data: PDF,
    })
  ).json();
  const note = await admin.post(`/api/v1/contacts/${c.id}/notes`, {
    title: 'Offer',
    attachmentFileIds: [attachment.fileId],
  });
  expect(note.statusCode, note.body).toBe(201);
  const contract = await fieldFile(admin, 'contract.png');
  const set = await admin.patch(`/api/v1/contacts/${c.id}`, { custom: { contract: contract.fileId } });
  expect(set.statusCode, set.body).toBe(200);
  return {
    picture: new URL(picture.json().pictureUrl, 'http://x').pathname,
    attachment: `/api/v1/files/${attachment.fileId}`,
    field: `/api/v1/files/${contract.fileId}`,
  };
}

describe('file downloads', () => {
  it('give a member limited to own contacts only the files of contacts they may see', async () => {
    const admin = await t.signup();
    const field = await admin.post('/api/v1/custom-fields', { label: 'Contract', key: 'contract', type: 'file' });
    expect(field.statusCode, field.body).toBe(201);
    const member = await admin.addUser('member');
    await admin.patch(`/api/v1/users/${member.user.id}`, { contactAccess: 'own' });

    const theirs = await contactWithFiles(admin, { ownerId: member.user.id });
    const followed = await contactWithFiles(admin, { followerIds: [member.user.id] });
    const hidden = await contactWithFiles(admin, {});
    const loose = await fieldFile(admin, 'draft.png');
    const own = await fieldFile(member, 'mine.png');

    for (const url of [...Object.values(theirs), ...Object.values(followed), `/api/v1/files/${own.fileId}`]) {
      const res = await member.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.rawPayload.length).toBeGreaterThan(0);
    }
    for (const url of [...Object.values(hidden), `/api/v1/files/${loose.fileId}`]) {
      const res = await member.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('not_found');
    }
    // Admins and members who see every contact keep access to everything attached.
    for (const url of Object.values(hidden)) expect((await admin.get(url)).statusCode).toBe(200);
    const everyone = await admin.addUser('member');
    for (const url of Object.values(hidden)) expect((await everyone.get(url)).statusCode).toBe(200);
  });

  it('answers 404 for another workspace’s file and a missing id', async () => {
    const a = await t.signup();
    const b = await t.signup();
    const file = await fieldFile(a, 'a.png');
    expect((await a.get(`/api/v1/files/${file.fileId}`)).statusCode).toBe(200);
    expect((await b.get(`/api/v1/files/${file.fileId}`)).statusCode).toBe(404);
    expect((await a.get(`/api/v1/files/${crypto.randomUUID()}`)).statusCode).toBe(404);
  });
});
