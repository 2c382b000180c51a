// npm run bench -- export [--format csv|vcard]
// The whole bench workspace's contact list downloaded over HTTP as the browser does (gzip asked for and
// inflated here): the time to the last byte, rows and bytes, and the server's memory — the app runs in a
// child process of its own (`serve`), whose RSS is sampled every 50 ms: growth over the resting level,
// target ≤ 100 MB at a million contacts.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import { promisify } from 'node:util';
import { openBenchDatabase, stateFile, type BenchState } from './database.ts';
import { serverProcess } from './throughput.ts';

const MB = 1024 * 1024;

export async function exportBench(opts: { format: 'csv' | 'vcard' }): Promise<void> {
  const state = JSON.parse(await fs.readFile(stateFile, 'utf8')) as BenchState;
  const { url, embedded } = await openBenchDatabase();
  const { child, base } = await serverProcess(url);
  const rssOf = async () => {
    const status = await fs.readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  };
  try {
    const commit = (await promisify(execFile)('git', ['rev-parse', '--short', 'HEAD'])).stdout.trim();
    const load = (await fs.readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
    console.log(`CPU ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}; commit ${commit}; load average ${load}`);
    const rest = await rssOf();
    let peakRss = rest;
    const sampler = setInterval(() => void rssOf().then((r) => (peakRss = Math.max(peakRss, r))), 50);
    const started = performance.now();
    const res = await fetch(`${base}/contacts/export?format=${opts.format}`, {
      headers: { authorization: `Bearer ${state.apiKey}`, 'accept-encoding': 'gzip' },
    });
    if (res.status !== 200) throw new Error(`export → ${res.status} ${await res.text()}`);
    let bytes = 0;
    let lines = 0;
    let firstByte = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      if (!firstByte) firstByte = performance.now() - started;
      bytes += chunk.length;
      if (opts.format === 'csv') {
        for (const b of chunk) if (b === 0x0a) lines++;
      } else {
        lines += (
          Buffer.from(chunk)
            .toString('latin1')
            .match(/END:VCARD/g) ?? []
        ).length;
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
