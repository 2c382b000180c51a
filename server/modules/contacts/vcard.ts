// A contact as a vCard 4.0 (RFC 6350): what address books (Apple, Google, Outlook, Thunderbird) read.
// Text values are escaped (backslash, comma, semicolon, newline) and lines folded at 75 octets.
import type { ExportedContact } from './export-contact.ts';

/** Escapes a text value (RFC 6350 §3.4). */
export function vcardText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/;/g, '\\;').replace(/\r?\n/g, '\\n');
}

/** Folds a content line to at most 75 octets per line, never inside a UTF-8 character (§3.2). */
export function foldLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return `${line}\r\n`;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    // Back up to the start of a character: continuation bytes look like 10xxxxxx.
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74; // each continuation line begins with a space
  }
  return `${parts.join('\r\n ')}\r\n`;
}

export function toVCard(c: ExportedContact): string {
  const lines: string[] = ['BEGIN:VCARD', 'VERSION:4.0'];
  const business = c.kind === 'business';
  if (business) lines.push('KIND:org');
  lines.push(`UID:urn:uuid:${c.id}`);
  lines.push(`FN:${vcardText(c.displayName)}`);
  if (!business) {
    lines.push(`N:${vcardText(c.lastName ?? '')};${vcardText(c.firstName ?? '')};;;`);
  }
  if (c.businessName) lines.push(`ORG:${vcardText(c.businessName)}`);
  if (c.title) lines.push(`TITLE:${vcardText(c.title)}`);
  c.emails.forEach((e, i) => lines.push(`EMAIL${i === 0 ? ';PREF=1' : ''}:${vcardText(e.email)}`));
  c.phones.forEach((p, i) => lines.push(`TEL;VALUE=uri${i === 0 ? ';PREF=1' : ''}:tel:${p.e164}`));
  // The address as one label: Dossier keeps a formatted address beside its parts.
  c.locations.forEach((l) => lines.push(`ADR;LABEL="${l.address.replace(/"/g, "'").replace(/\r?\n/g, ', ')}":;;;;;;`));
  if (c.birthday) lines.push(`BDAY:${c.birthday.replace(/-/g, '')}`);
  if (c.tags.length > 0) lines.push(`CATEGORIES:${c.tags.map((t) => vcardText(t.name)).join(',')}`);
  for (const link of c.publicLinks) lines.push(`URL:${link.url}`);
  if (c.language) lines.push(`LANG:${vcardText(c.language)}`);
  if (c.timezone) lines.push(`TZ:${vcardText(c.timezone)}`);
  if (c.updatedAt) lines.push(`REV:${c.updatedAt.replace(/[-:]/g, '').replace(/\.\d+/, '')}`);
  lines.push('END:VCARD');
  return lines.map(foldLine).join('');
}
