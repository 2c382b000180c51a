// npm run bench -- import [--rows N]
// A Google-Contacts-layout CSV of N rows (two emails and two phones each; 5 % rejects — a broken email —
// and 2 % rows whose email belongs to a contact already in the workspace) imported end to end over HTTP into a
// fresh workspace: upload (encoding, delimiter, row count, auto-mapping), start, and the worker's batches until the
// import is "completed" — contacts, emails, phones, tags, journal entries, import rows, all searchable. Prints the
// time of each part, rows/s and the process's peak RSS (the server and its worker run in this process).
import fs from 'node:fs/promises';
import path from 'node:path';
import { createImportQueue, startImportWorker } from '../server/modules/imports/run-import.job.ts';
import { startApp } from './app.ts';
import { benchDir, openBenchDatabase } from './database.ts';

const HEADER =
  'First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Address 1 - Label,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address,Website 1 - Label,Website 1 - Value';
const FIRST = ['Anna', 'Ben', 'Clara', 'David', 'Emma', 'Felix', 'Greta', 'Hugo', 'Ida', 'Jonas', 'Katrin', 'Lukas'];
const LAST = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann'];
const CITIES = ['Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt', 'Stuttgart'];

const existingEmail = (k: number) => `existing.${k}@bench-import.example`;

function row(i: number, opts: { reject: boolean; duplicateOf: number | null }): string {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
  const email1 = opts.duplicateOf !== null ? existingEmail(opts.duplicateOf) : `contact.${i}@bench-import.example`;
  const email2 = opts.reject ? `broken.${i}@@bench-import` : `c${i}@alt.bench-import.example`;
  const mobile = `+49 151 ${String(10_000_000 + i).slice(-8)}`;
  const office = `+49 30 ${20_000_000 + i}`;
  const city = CITIES[i % CITIES.length]!;
  return [
    first,
    '',
    last,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    `Firma ${i % 5000}`,
    'Einkauf',
    '',
    '',
    '',
    '',
    '* myContacts ::: Kunden',
    'Work',
    email1,
    'Home',
    email2,
    'Mobile',
    mobile,
    'Work',
    office,
    'Work',
    '',
    `Hauptstraße ${i % 200}`,
    city,
    '',
    '',
    String(10_000 + (i % 89_999)),
    'Germany',
    '',
    '',
    '',
  ].join(',');
}

async function writeCsv(file: string, rows: number, existing: number): Promise<void> {
  const handle = await fs.open(file, 'w');
  let chunk = `${HEADER}\r\n`;
  for (let i = 0; i < rows; i++) {
    const reject = i % 20 === 7;
    const duplicateOf = !reject && i % 50 === 3 && existing > 0 ? Math.floor(i / 50) % existing : null;
    chunk += `${row(i, { reject, duplicateOf })}\r\n`;
    if (chunk.length > 1 << 20) {
      await handle.write(chunk);
      chunk = '';
    }
  }
  await handle.write(chunk);
  await handle.close();
}

export async function importBench(opts: { rows: number }): Promise<void> {
  const { url, embedded } = await openBenchDatabase();
  const { base, deps, close } = await startApp(url);
  await createImportQueue(deps.boss);
  await startImportWorker(deps);
  const dir = path.join(benchDir, 'out');
  await fs.mkdir(dir, { recursive: true });
  try {
    const stamp = Date.now();
    const signup = await fetch(`${base}/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        workspaceName: `Import bench ${stamp}`,
        name: 'Bench Admin',
        email: `import-bench-${stamp}@example.com`,
        password: 'correct horse battery staple',
      }),
    });
    if (signup.status !== 201) throw new Error(`signup → ${signup.status} ${await signup.text()}`);
    const cookie = signup.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await signup.json()) as { csrfToken: string };
    const headers = { cookie, 'x-csrf-token': csrfToken };
    const call = async <T>(method: string, p: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${base}${p}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${method} ${p} → ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    type Imp = { id: string; version: number; status: string; progress: Record<string, number | null> };
    const runImport = async (file: string, mode: string) => {
      const data = await fs.readFile(file);
      const form = new FormData();
      form.append('file', new Blob([data], { type: 'text/csv' }), path.basename(file));
      const t0 = performance.now();
      const res = await fetch(`${base}/imports`, { method: 'POST', headers, body: form });
      if (res.status !== 201) throw new Error(`upload → ${res.status} ${await res.text()}`);
      let imp = (await res.json()) as Imp;
      const uploaded = performance.now();
      imp = await call<Imp>('PATCH', `/imports/${imp.id}`, { options: { mode } });
      imp = await call<Imp>('POST', `/imports/${imp.id}/start`);
      while (imp.status === 'queued' || imp.status === 'running') {
        await new Promise((r) => setTimeout(r, 200));
        imp = await call<Imp>('GET', `/imports/${imp.id}`);
      }
      return { imp, upload: uploaded - t0, total: performance.now() - t0 };
    };

    // The contacts the file's duplicates belong to, made by an (untimed) import of their own.
    const existing = Math.max(1, Math.floor(opts.rows * 0.02));
    const existingFile = path.join(dir, 'import-existing.csv');
    await fs.writeFile(
      existingFile,
      `First Name,Last Name,E-mail 1 - Value\r\n${Array.from({ length: existing }, (_, k) => `Old,Contact ${k},${existingEmail(k)}`).join('\r\n')}\r\n`,
    );
    const before = await runImport(existingFile, 'create');
    if (before.imp.status !== 'completed') throw new Error(`seeding the existing contacts: ${before.imp.status}`);

    const file = path.join(dir, `import-${opts.rows}.csv`);
    const g0 = performance.now();
    await writeCsv(file, opts.rows, existing);
    const size = (await fs.stat(file)).size;
    console.log(
      `${opts.rows.toLocaleString()} rows (${(size / 1e6).toFixed(1)} MB, generated in ${((performance.now() - g0) / 1000).toFixed(1)} s); ${existing.toLocaleString()} existing contacts\n`,
    );

    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    const result = await runImport(file, 'upsert').finally(() => clearInterval(sampler));
    const p = result.imp.progress;
    const search = await call<{ data: { id: string }[] }>(
      'GET',
      `/contacts?q=contact.${opts.rows - 2}@bench-import.example`,
    );
    const seconds = result.total / 1000;
    const mb = (b: number) => `${Math.round(b / 1e6)} MB`;
    console.log(`Status                    ${result.imp.status}`);
    console.log(`Upload + read + map       ${(result.upload / 1000).toFixed(1)} s`);
    console.log(`End to end                ${seconds.toFixed(1)} s   (target ≤ 90 s at 1,000,000 rows on 2 cores)`);
    console.log(`Rows per second           ${Math.round(opts.rows / seconds).toLocaleString()}`);
    console.log(
      `Created / updated / rejected  ${p.created} / ${p.updated} / ${p.rejected}   (unchanged ${p.unchanged}, skipped ${p.skipped})`,
    );
    console.log(`Peak RSS (server + bench) ${mb(peak)}   (${mb(peak - baseline)} above the start)`);
    console.log(`Last row searchable       ${search.data.length === 1 ? 'yes' : 'NO'}`);
    await fs.rm(file, { force: true });
    await fs.rm(existingFile, { force: true });
  } finally {
    await close();
    await embedded?.stop();
  }
}
