// IMAP polling against a real IMAP server speaking the protocol on a local port (hoodiecrow-imap,
// an in-memory server made for tests): new messages only, sync state and errors in channel_settings.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error hoodiecrow-imap ships no types
import hoodiecrow from 'hoodiecrow-imap';
import { createTestApp, type Session, type TestApp } from '../../test/harness.ts';
import { newContact } from '../contacts/contact-test-helpers.ts';
import { syncImapMailbox } from './imap-sync.job.ts';

interface ImapServer {
  listen(port: number, host: string, cb: () => void): void;
  close(cb: () => void): void;
  server: { address(): AddressInfo };
  appendMessage(mailbox: string, flags: string[], internaldate: string | false, raw: string): void;
  getMailbox(path: string): { uidvalidity: number };
}

const mail = (id: string, from: string, subject: string) =>
  `From: ${from}\r\nTo: inbox@imap.test\r\nSubject: ${subject}\r\nMessage-ID: <${id}>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${subject} body\r\n`;

let t: TestApp;
let a: Session;
let imap: ImapServer;
let port: number;

async function settings(over: Record<string, unknown> = {}) {
  const row = { host: '127.0.0.1', port, user: 'testuser', password: 'testpass', ...over };
  await t.deps.database.pool.query(
    `insert into channel_settings (workspace_id, imap_enabled, imap_host, imap_port, imap_secure, imap_user, imap_password)
     values ($1, true, $2, $3, false, $4, $5)
     on conflict (workspace_id) do update set imap_host = excluded.imap_host, imap_port = excluded.imap_port,
       imap_user = excluded.imap_user, imap_password = excluded.imap_password`,
    [a.workspace.id, row.host, row.port, row.user, row.password],
  );
}

async function state() {
  const { rows } = await t.deps.database.pool.query(
    `select imap_uid_validity, imap_last_uid, imap_last_synced_at, imap_last_error from channel_settings where workspace_id = $1`,
    [a.workspace.id],
  );
  return rows[0];
}

beforeAll(async () => {
  t = await createTestApp();
  a = await t.signup({ workspaceName: 'IMAP' });
  imap = hoodiecrow({
    storage: {
      INBOX: { messages: [{ raw: mail('old-1@x', 'old@example.org', 'Already there') }] },
    },
  }) as ImapServer;
  await new Promise<void>((resolve) => imap.listen(0, '127.0.0.1', resolve));
  port = imap.server.address().port;
});
afterAll(async () => {
  await new Promise<void>((r) => imap.close(() => r()));
  await t.close();
});

describe('IMAP polling', () => {
  it('fetches what the mailbox holds, then only new messages; stores UIDVALIDITY and the last UID', async () => {
    const c = await newContact(a, { emails: [{ email: 'imap.sender@example.org' }] });
    await settings();
    const first = await syncImapMailbox(t.deps, a.workspace.id);
    expect(first).toMatchObject({ fetched: 1, error: null });
    let s = await state();
    expect(s.imap_uid_validity).toBe(Number(imap.getMailbox('INBOX').uidvalidity));
    expect(s.imap_last_uid).toBe(first.lastUid);
    expect(s.imap_last_synced_at).toBeInstanceOf(Date);

    imap.appendMessage('INBOX', [], false, mail('new-1@x', 'imap.sender@example.org', 'Fresh from IMAP'));
    imap.appendMessage('INBOX', [], false, mail('new-2@x', 'stranger@example.org', 'Second'));
    const second = await syncImapMailbox(t.deps, a.workspace.id);
    expect(second).toMatchObject({ fetched: 2, error: null });
    expect(second.lastUid).toBeGreaterThan(first.lastUid!);
    const { rows } = await t.deps.database.pool.query(
      `select message_id_header, contact_id, subject, headers->>'x-dossier-received-via' as via from messages
       where workspace_id = $1 order by message_id_header`,
      [a.workspace.id],
    );
    expect(rows).toEqual([
      { message_id_header: 'new-1@x', contact_id: c.id, subject: 'Fresh from IMAP', via: 'imap' },
      { message_id_header: 'new-2@x', contact_id: null, subject: 'Second', via: 'imap' },
      { message_id_header: 'old-1@x', contact_id: null, subject: 'Already there', via: 'imap' },
    ]);

    // Nothing new: nothing fetched, the state stays.
    const third = await syncImapMailbox(t.deps, a.workspace.id);
    expect(third).toMatchObject({ fetched: 0, lastUid: second.lastUid, error: null });
    s = await state();
    expect(s.imap_last_uid).toBe(second.lastUid);

    // The server renumbered the mailbox (new UIDVALIDITY): read again, stored once (by Message-ID).
    imap.getMailbox('INBOX').uidvalidity += 1;
    const renumbered = await syncImapMailbox(t.deps, a.workspace.id);
    expect(renumbered.error).toBeNull();
    expect((await state()).imap_uid_validity).toBe(Number(imap.getMailbox('INBOX').uidvalidity));
    const { rows: after } = await t.deps.database.pool.query('select count(*) from messages where workspace_id = $1', [
      a.workspace.id,
    ]);
    expect(after[0].count).toBe(3);
  });

  it('keeps the last error for the settings page (wrong password) and clears it once a sync works', async () => {
    await settings({ password: 'wrong' });
    const failed = await syncImapMailbox(t.deps, a.workspace.id);
    expect(failed.error).toBeTruthy();
    expect((await state()).imap_last_error).toBe(failed.error);
    await settings();
    expect((await syncImapMailbox(t.deps, a.workspace.id)).error).toBeNull();
    expect((await state()).imap_last_error).toBeNull();
  });
});
