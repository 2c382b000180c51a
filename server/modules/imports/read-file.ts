// Reading an import file as real exports come: the encoding (UTF-8 with or without BOM, UTF-16 LE/BE as
// Excel's "Unicode text" writes it, else Windows-1252), the kind (CSV or vCard), the delimiter (comma,
// semicolon, tab), quoted multi-line cells and ragged rows. Rows are streamed, so a file of a million rows
// never sits in memory as rows.
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import type { ImportFormat } from '../../db/schema/imports.ts';
import { AppError } from '../../platform/errors.ts';

export const fileUnreadable = (detail: string) => new AppError('import_file_unreadable', 422, detail);

/** The encoding of the bytes: a byte-order mark decides; else UTF-16 by its zero bytes; else UTF-8 if valid. */
export function detectEncoding(sample: Buffer): string {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  // Text in UTF-16 without a mark: every other byte of ASCII characters is zero.
  const pairs = Math.min(512, Math.floor(sample.length / 2));
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (sample[2 * i] === 0) evenZeros++;
    if (sample[2 * i + 1] === 0) oddZeros++;
  }
  if (pairs > 4 && oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (pairs > 4 && evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) return 'utf-16be';
  if (sample.includes(0)) throw fileUnreadable('The file is not text (it contains binary data)');
  return isUtf8(sample) ? 'utf-8' : 'windows-1252';
}

/** Valid UTF-8, allowing a multi-byte character cut off at the end of the sample. */
function isUtf8(sample: Buffer): boolean {
  let end = sample.length;
  // Step back over a possibly truncated last character.
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = sample[end - i]!;
    if ((b & 0xc0) === 0xc0) {
      end -= i;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

export const SAMPLE_BYTES = 1024 * 1024;

export function decodeSample(data: Buffer, encoding: string): string {
  return stripBom(iconv.decode(data.subarray(0, SAMPLE_BYTES), encoding));
}

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

const isVcard = (text: string) => /^\s*BEGIN:VCARD/i.test(text);

/** Works out how to read the file from its first megabyte. */
export function sniffFormat(data: Buffer): ImportFormat {
  if (data.length === 0) throw fileUnreadable('The file is empty');
  const encoding = detectEncoding(data.subarray(0, SAMPLE_BYTES));
  const text = decodeSample(data, encoding);
  if (isVcard(text)) return { kind: 'vcard', encoding, delimiter: null };
  const firstLine = text.slice(0, 64 * 1024).split(/\r\n|\n|\r/, 1)[0] ?? '';
  if (!firstLine.trim()) throw fileUnreadable('The first line of the file is empty: it should name the columns');
  // The delimiter that splits the header line into the most columns (quoted parts aside).
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const delimiters = ['\t', ';', ','];
  const counts = delimiters.map((d) => unquoted.split(d).length - 1);
  const best = Math.max(...counts);
  const delimiter = best === 0 ? ',' : delimiters[counts.indexOf(best)]!;
  return { kind: 'csv', encoding, delimiter };
}

/** The file's text as a stream of decoded strings, without a byte-order mark. */
function textStream(source: Readable, encoding: string): Readable {
  const decoded = source.pipe(iconv.decodeStream(encoding, { stripBOM: true })) as unknown as Readable;
  // pipe() does not pass a read error on: without this the rows would wait for the end forever.
  source.once('error', (err) => decoded.destroy(err));
  return decoded;
}

const MAX_COLUMNS = 500;

/**
 * The rows of the file in order, the header first (a vCard file: a synthetic header, then one row per card).
 * Ragged rows are padded or cut to the header's width.
 */
export async function* readRows(source: Readable, format: ImportFormat): AsyncGenerator<string[]> {
  const text = textStream(source, format.encoding);
  if (format.kind === 'vcard') {
    yield* vcardRows(text);
    return;
  }
  let width = -1;
  for await (const rows of csvChunks(text, format.delimiter ?? ',')) {
    for (const raw of rows) {
      // skipEmptyLines "greedy": a line of nothing but delimiters and blanks is no row.
      if (raw.every((cell) => cell.trim() === '')) continue;
      if (width < 0) {
        // Header cells: trimmed; trailing empty ones (a trailing delimiter) dropped.
        let header = raw.map((h) => h.trim());
        while (header.length > 1 && header[header.length - 1] === '') header = header.slice(0, -1);
        if (header.length > MAX_COLUMNS) throw fileUnreadable(`The file has more than ${MAX_COLUMNS} columns`);
        width = header.length;
        yield header;
        continue;
      }
      if (raw.length === width) yield raw;
      else if (raw.length > width) yield raw.slice(0, width);
      else yield [...raw, ...Array<string>(width - raw.length).fill('')];
    }
  }
  if (width < 0) throw fileUnreadable('The file has no header line');
}

/**
 * The CSV's rows, a decoded chunk at a time: papaparse's parser on what has arrived, the last (possibly cut)
 * row carried over to the next chunk. Papaparse's own Node stream pauses every 16 rows and parses the rest of
 * its chunk again on each resume — quadratic in the chunk size (a 10 MB upload took over 30 s to count).
 */
async function* csvChunks(text: AsyncIterable<string>, delimiter: string): AsyncGenerator<string[][]> {
  let carry = '';
  let newline: '\n' | '\r' | '\r\n' | null = null;
  const parse = (input: string, last: boolean) => {
    newline ??= lineEnding(input);
    const result = new Papa.Parser({ delimiter, newline }).parse(input, 0, !last);
    carry = last ? '' : input.slice(result.meta.cursor);
    return result.data as string[][];
  };
  for await (const chunk of text) {
    // The line ending is guessed from the first 64 KB (a first chunk may be shorter).
    if (newline === null && carry.length + chunk.length < 64 * 1024) {
      carry += chunk;
      continue;
    }
    const rows = parse(carry + chunk, false);
    if (rows.length) yield rows;
  }
  if (carry) yield parse(carry, true);
}

/** The line ending as papaparse guesses it: quoted text aside, \n if it comes first, else \r\n or \r by majority. */
function lineEnding(sample: string): '\n' | '\r' | '\r\n' {
  const text = sample.slice(0, 1024 * 1024).replace(/"[^]*?"/g, '');
  const r = text.split('\r');
  const n = text.split('\n');
  if (r.length === 1 || (n.length > 1 && n[0]!.length < r[0]!.length)) return '\n';
  const withN = r.filter((part) => part[0] === '\n').length;
  return withN >= r.length / 2 ? '\r\n' : '\r';
}

/** The header and the number of rows of a stored file (the rows are counted, not kept). */
export async function readHead(source: Readable, format: ImportFormat) {
  let total = 0;
  let header: string[] | null = null;
  for await (const row of readRows(source, format)) {
    if (!header) header = row;
    else total++;
  }
  if (!header) throw fileUnreadable('The file has no header line');
  return { header, total };
}

// ── vCard 3.0 / 4.0 ──────────────────────────────────────────────────────────────────────────

export const VCARD_HEADER = [
  'Full name',
  'First name',
  'Last name',
  'Company',
  'Job title',
  'Email 1',
  'Email 2',
  'Email 3',
  'Mobile phone',
  'Work phone',
  'Home phone',
  'Other phone',
  'Street',
  'City',
  'Region',
  'Postal code',
  'Country',
  'Birthday',
  'Website',
  'Categories',
];
const col = (name: string) => VCARD_HEADER.indexOf(name);

/** Unescapes a vCard text value (\, \; \n). */
const unescape = (v: string) => v.replace(/\\([nN])/g, '\n').replace(/\\([,;\\])/g, '$1');
/** Splits a structured value on unescaped semicolons. */
const splitStructured = (v: string) => v.split(/(?<!\\);/).map(unescape);

interface VcardLine {
  name: string;
  params: Record<string, string>;
  value: string;
}

function parseLine(line: string): VcardLine | null {
  const colon = line.search(/:(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  if (colon < 0) return null;
  const [nameWithGroup = '', ...paramParts] = line.slice(0, colon).split(';');
  const name = nameWithGroup.replace(/^.*\./, '').toUpperCase();
  const params: Record<string, string> = {};
  for (const p of paramParts) {
    const [k, v] = p.split('=');
    // vCard 2.1/3.0 bare types ("TEL;CELL:") and 4.0 "TYPE=cell,voice".
    if (v === undefined) params.TYPE = `${params.TYPE ?? ''},${k!.toLowerCase()}`;
    else params[k!.toUpperCase()] = `${params[k!.toUpperCase()] ?? ''},${v.replace(/"/g, '').toLowerCase()}`;
  }
  return { name, params, value: line.slice(colon + 1) };
}

function cardToRow(lines: VcardLine[]): string[] {
  const row = VCARD_HEADER.map(() => '');
  const emails: string[] = [];
  const phones: Record<string, string[]> = { mobile: [], work: [], home: [], other: [] };
  for (const { name, params, value } of lines) {
    const types = (params.TYPE ?? '').split(',');
    switch (name) {
      case 'FN':
        row[col('Full name')] = unescape(value);
        break;
      case 'N': {
        const [last = '', first = ''] = splitStructured(value);
        row[col('First name')] = first;
        row[col('Last name')] = last;
        break;
      }
      case 'ORG':
        row[col('Company')] = splitStructured(value)[0] ?? '';
        break;
      case 'TITLE':
        row[col('Job title')] = unescape(value);
        break;
      case 'EMAIL':
        emails.push(value.replace(/^mailto:/i, '').trim());
        break;
      case 'TEL': {
        const number = value.replace(/^tel:/i, '').trim();
        const kind = types.includes('cell')
          ? 'mobile'
          : types.includes('work')
            ? 'work'
            : types.includes('home')
              ? 'home'
              : 'other';
        phones[kind]!.push(number);
        break;
      }
      case 'ADR': {
        if (row[col('City')] || row[col('Street')]) break;
        const [, , street = '', city = '', region = '', postal = '', country = ''] = splitStructured(value);
        row[col('Street')] = street.replace(/\n/g, ', ');
        row[col('City')] = city;
        row[col('Region')] = region;
        row[col('Postal code')] = postal;
        row[col('Country')] = country;
        break;
      }
      case 'BDAY':
        row[col('Birthday')] = value.trim();
        break;
      case 'URL':
        if (!row[col('Website')]) row[col('Website')] = unescape(value);
        break;
      case 'CATEGORIES':
        row[col('Categories')] = value
          .split(/(?<!\\),/)
          .map(unescape)
          .join(', ');
        break;
    }
  }
  emails.slice(0, 3).forEach((e, i) => (row[col(`Email ${i + 1}`)] = e));
  row[col('Mobile phone')] = phones.mobile![0] ?? '';
  row[col('Work phone')] = phones.work![0] ?? '';
  row[col('Home phone')] = phones.home![0] ?? '';
  row[col('Other phone')] = phones.other![0] ?? phones.mobile![1] ?? phones.work![1] ?? '';
  return row;
}

async function* vcardRows(text: AsyncIterable<string>): AsyncGenerator<string[]> {
  yield VCARD_HEADER;
  let buffer = '';
  let card: VcardLine[] | null = null;
  let pending = '';
  const take = (line: string): string[] | null => {
    const parsed = parseLine(line);
    if (!parsed) return null;
    if (parsed.name === 'BEGIN' && parsed.value.trim().toUpperCase() === 'VCARD') card = [];
    else if (parsed.name === 'END' && parsed.value.trim().toUpperCase() === 'VCARD' && card) {
      const row = cardToRow(card);
      card = null;
      return row;
    } else card?.push(parsed);
    return null;
  };
  for await (const chunk of text) {
    buffer += chunk;
    const lines = buffer.split(/\r\n|\n|\r/);
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      // Folded lines continue with a space or tab.
      if (/^[ \t]/.test(line)) {
        pending += line.slice(1);
        continue;
      }
      if (pending) {
        const row = take(pending);
        if (row) yield row;
      }
      pending = line;
    }
  }
  if (/^[ \t]/.test(buffer)) pending += buffer.slice(1);
  else {
    const row = pending ? take(pending) : null;
    if (row) yield row;
    pending = buffer;
  }
  const last = pending ? take(pending) : null;
  if (last) yield last;
}
