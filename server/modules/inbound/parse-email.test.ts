import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatAddress, messageIds, parseEmail } from './parse-email.ts';

const fixture = (name: string) =>
  fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name));

describe('parseEmail: charsets and transfer encodings', () => {
  it('ISO-8859-1 in 8bit with a Q-encoded subject and sender name (German umlauts, ß)', async () => {
    const mail = await parseEmail(fixture('latin1-8bit.eml'));
    expect(mail.subject).toBe('Grüße und Öffnungszeiten');
    expect(mail.from).toEqual({ name: 'Jürgen Müller', address: 'juergen.mueller@example.de' });
    expect(mail.text).toBe('Grüße aus München!\nDie Straße ist gesperrt; bitte über Köln fahren.');
    expect(mail.html).toBeNull();
  });

  it('ISO-8859-2 in quoted-printable with B-encoded headers (Czech)', async () => {
    const mail = await parseEmail(fixture('iso-8859-2-qp.eml'));
    expect(mail.subject).toBe('Objednávka č. 42 - žádost');
    expect(mail.from?.name).toBe('Petr Čermák');
    expect(mail.text).toBe('Příliš žluťoučký kůň úpěl ďábelské ódy.\nDěkuji, Petr Čermák');
  });

  it('ISO-8859-15 in base64: the euro sign and œ', async () => {
    const mail = await parseEmail(fixture('iso-8859-15-base64.eml'));
    expect(mail.subject).toBe('Prix: 100 € (œuvre)');
    expect(mail.from?.name).toBe('Anne Lefèvre');
    expect(mail.text).toBe("Le prix est de 100 € pour l'œuvre complète.");
  });

  it('Windows-1250 in quoted-printable (Polish)', async () => {
    const mail = await parseEmail(fixture('windows-1250-qp.eml'));
    expect(mail.subject).toBe('Zażółć gęślą jaźń');
    expect(mail.text).toBe('Zażółć gęślą jaźń. Śliczna łódź.');
  });

  it('Windows-1252 HTML: smart quotes, en dash and € decoded; scripts, handlers and frames removed', async () => {
    const mail = await parseEmail(fixture('windows-1252-html.eml'));
    expect(mail.from).toEqual({ name: "O'Brien, Sean", address: 'sean@example.ie' });
    expect(mail.html).toContain('“Smart quotes” – and 50 €');
    expect(mail.html).toContain('href="https://example.ie/offer"');
    expect(mail.html).not.toMatch(/script|onclick|iframe|javascript:|<style/i);
    // The text part is derived from the HTML when the sender sent none.
    expect(mail.text).toContain('“Smart quotes” – and 50 €');
  });

  it('ISO-2022-JP body and headers (Japanese)', async () => {
    const mail = await parseEmail(fixture('iso-2022-jp.eml'));
    expect(mail.subject).toBe('お見積もりの件');
    expect(mail.from).toEqual({ name: '山田 太郎', address: 'yamada@example.jp' });
    expect(mail.text).toBe('こんにちは、世界。請求書を添付します。');
  });

  it('UTF-16 with a byte-order mark in base64 (Greek)', async () => {
    const mail = await parseEmail(fixture('utf-16-base64.eml'));
    expect(mail.subject).toBe('Καλημέρα από την Αθήνα');
    expect(mail.from?.name).toBe('Ελένη');
    expect(mail.text).toBe('Καλημέρα! Ünïcödé in UTF-16.');
  });
});

describe('parseEmail: structure', () => {
  it('a multipart reply: threading headers, recipients, alternatives, inline image and attachment', async () => {
    const mail = await parseEmail(fixture('multipart-reply.eml'));
    expect(mail.messageId).toBe('reply-1@example.com');
    expect(mail.inReplyTo).toBe('offer-1@dossier.test');
    expect(mail.references).toEqual(['thread-start@dossier.test', 'offer-1@dossier.test']);
    expect(mail.to).toEqual([{ name: 'Sales Team', address: 'sales@in.dossier.test' }]);
    expect(mail.cc).toEqual([{ name: '', address: 'boss@example.com' }]);
    expect(mail.text).toBe('Thanks, the offer looks good. Señor García agrees.\nSee the logo and the signed PDF.');
    expect(mail.html).toContain('<b>good</b>');
    // The inline image keeps its cid: link for the pipeline to point at the stored file.
    expect(mail.html).toContain('src="cid:logo@example.com"');
    expect(mail.date?.toISOString()).toBe('2026-12-01T08:08:00.000Z');

    const [logo, pdf] = mail.attachments;
    expect(logo).toMatchObject({ filename: 'logo.png', contentType: 'image/png', contentId: 'logo@example.com' });
    expect(logo!.inline).toBe(true);
    expect(logo!.content.subarray(1, 4).toString()).toBe('PNG');
    expect(pdf).toMatchObject({ filename: 'Angebot München.pdf', contentType: 'application/pdf', inline: false });
    expect(pdf!.content.toString()).toMatch(/^%PDF-1\.4/);
    expect(mail.headers['in-reply-to']).toBe('<offer-1@dossier.test>');
  });

  it('a minimal message without Message-ID, date or body', async () => {
    const mail = await parseEmail('From: a@b.test\r\nTo: c@d.test\r\n\r\n');
    expect(mail).toMatchObject({ messageId: null, inReplyTo: null, references: [], subject: '', text: '' });
    expect(mail.from).toEqual({ name: '', address: 'a@b.test' });
  });

  it('message ids: brackets removed, several in one header, duplicates once', () => {
    expect(messageIds('<a@x> <b@y>\r\n <a@x>')).toEqual(['a@x', 'b@y']);
    expect(messageIds(['<a@x>', '<c@z>'])).toEqual(['a@x', 'c@z']);
    expect(messageIds('bare@id')).toEqual(['bare@id']);
    expect(messageIds(undefined)).toEqual([]);
  });

  it('formats addresses with a quoted display name when needed', () => {
    expect(formatAddress({ name: '', address: 'a@b.test' })).toBe('a@b.test');
    expect(formatAddress({ name: 'Ann Lee', address: 'a@b.test' })).toBe('Ann Lee <a@b.test>');
    expect(formatAddress({ name: 'Lee, Ann', address: 'a@b.test' })).toBe('"Lee, Ann" <a@b.test>');
  });
});
