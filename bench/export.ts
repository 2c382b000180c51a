// npm run bench -- export [--format csv|vcard] [--job]
// The whole bench workspace's contact list downloaded over HTTP as the browser does (gzip asked for and
// inflated here): the time to the last byte, rows and bytes, and the server's memory — the app runs in a
// child process of its own (`serve`), whose RSS is sampled every 50 ms: growth over the resting level,
// target ≤ 100 MB at a million contacts. `--job` prepares it in the background instead (POST
// /contact-exports, polled until completed, the file then downloaded): the time to a ready file, and the
// same memory figure for the process that runs the job.
import fs from 'node:fs/promises';
import http from 'node:http';
import zlib from 'node:zlib';
import { openBenchDatabase, stateFile, type BenchState } from './database.ts';
import { describeMachine } from './machine.ts';
import { serverProcess } from './throughput.ts';

const MB = 1024 * 1024;

export async function exportBench(opts: { format: 'csv' | 'vcard'; job: boolean }): Promise<void> {
  const state = JSON.parse(await fs.readFile(stateFile, 'utf8')) as BenchState;
  const { url, embedded } = await openBenchDatabase();
  const { child, base } = await serverProcess(url, false, { exportWorker: opts.job });
  const rssOf = async () => {
    const status = await fs.readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  };
  try {
    const { cpu, commit, load } = await describeMachine();
    console.log(`CPU ${cpu}; commit ${commit}; load average ${load}`);
    const rest = await rssOf();
    let peakRss = rest;
    const sampler = setInterval(() => void rssOf().then((r) => (peakRss = Math.max(peakRss, r))), 50);
    const started = performance.now();
    const auth = { authorization: `Bearer ${state.apiKey}` };
    let path = `/contacts/export?format=${opts.format}`;
    if (opts.job) {
      const asked = await fetch(`${base}/contact-exports`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ format: opts.format, query: {} }),
      });
      if (asked.status !== 202) throw new Error(`contact-exports → ${asked.status} ${await asked.text()}`);
      const { id } = (await asked.json()) as { id: string };
      for (;;) {
        await new Promise((r) => setTimeout(r, 250));
        const e = (await (await fetch(`${base}/contact-exports/${id}`, { headers: auth })).json()) as {
          status: string;
          downloadUrl: string | null;
        };
        if (e.status === 'completed') {
          path = e.downloadUrl!.replace('/api/v1', '');
          break;
        }
        if (e.status !== 'queued' && e.status !== 'running') throw new Error(`export ended ${e.status}`);
      }
      console.log(`  file ready     ${((performance.now() - started) / 1000).toFixed(2)} s after asking`);
    }
    const res = await download(`${base}${path}`, { ...auth, 'accept-encoding': 'gzip' });
    if (res.statusCode !== 200) throw new Error(`export → ${res.statusCode}`);
    let bytes = 0;
    let lines = 0;
    let firstByte = 0;
    const body = res.headers['content-encoding'] === 'gzip' ? res.pipe(zlib.createGunzip()) : res;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (!firstByte) firstByte = performance.now() - started;
      bytes += chunk.length;
      if (opts.format === 'csv') {
        for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lines++;
      } else {
        lines += (chunk.toString('latin1').match(/END:VCARD/g) ?? []).length;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const rows = opts.format === 'csv' ? lines - 1 : lines;
    console.log(`Workspace with ${state.contacts.toLocaleString()} contacts, ${opts.format}:`);
    console.log(`  rows           ${rows.toLocaleString()} (${(bytes / MB).toFixed(1)} MB)`);
    console.log(`  first byte     ${firstByte.toFixed(0)} ms`);
    console.log(`  total          ${seconds.toFixed(2)} s (${Math.round(rows / seconds).toLocaleString()} rows/s)`);
    console.log(
      `  server memory  RSS ${(rest / MB).toFixed(0)} → peak ${(peakRss / MB).toFixed(0)} MB (+${((peakRss - rest) / MB).toFixed(0)} MB)`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await embedded?.stop();
  }
}

/**
 * A GET read as a stream, gzip asked for as a browser does. (Node's fetch inflated a 94 MB gzip body
 * at about 1.5 MB/s here — the benchmark would measure its own client.)
 */
function download(url: string, headers: Record<string, string>): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => http.get(url, { headers }, resolve).once('error', reject));
}
