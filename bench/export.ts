// npm run bench -- export [--format csv|vcard]
// The whole bench workspace's contact list downloaded over HTTP as the browser does: the time to the
// last byte, rows and bytes, and the server's memory (the app runs in this process; RSS and heap are
// sampled every 50 ms) — growth over the resting level, target ≤ 100 MB at a million contacts.
import fs from 'node:fs/promises';
import { startApp } from './app.ts';
import { openBenchDatabase, stateFile, type BenchState } from './database.ts';

const MB = 1024 * 1024;

export async function exportBench(opts: { format: 'csv' | 'vcard' }): Promise<void> {
  const state = JSON.parse(await fs.readFile(stateFile, 'utf8')) as BenchState;
  const { url, embedded } = await openBenchDatabase();
  const { base, close } = await startApp(url);
  try {
    global.gc?.();
    const rest = process.memoryUsage();
    let peakRss = rest.rss;
    let peakHeap = rest.heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 50);
    const started = performance.now();
    const res = await fetch(`${base}/contacts/export?format=${opts.format}`, {
      headers: { authorization: `Bearer ${state.apiKey}` },
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
      `  server memory  RSS ${(rest.rss / MB).toFixed(0)} → peak ${(peakRss / MB).toFixed(0)} MB (+${((peakRss - rest.rss) / MB).toFixed(0)} MB), heap peak +${((peakHeap - rest.heapUsed) / MB).toFixed(0)} MB`,
    );
  } finally {
    await close();
    await embedded?.stop();
  }
}
