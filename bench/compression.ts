// What compressing an answer costs the server: real answers of the throughput scenarios (profile, timeline page,
// list and search pages) compressed as @fastify/compress does it for answers up to 64 KB (one synchronous call on
// the event loop), at the brotli quality the app uses and at the others worth weighing, and gzip. CPU time a call
// (user + system of this process) and the bytes sent.
import fs from 'node:fs/promises';
import zlib from 'node:zlib';
import pg from 'pg';
import { startApp } from './app.ts';
import { openBenchDatabase, stateFile, type BenchState } from './database.ts';
import { describeMachine } from './machine.ts';
import { requestPickers } from './throughput.ts';

const brotli = (quality: number) => (b: Buffer) =>
  zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality } });
const encoders: [string, (b: Buffer) => Buffer][] = [
  ['brotli 1', brotli(1)],
  ['brotli 2 (the app)', brotli(2)],
  ['brotli 4', brotli(4)],
  ['gzip 1', (b) => zlib.gzipSync(b, { level: 1 })],
  ['gzip 6', (b) => zlib.gzipSync(b)],
];

export async function compressionBench(opts: { seed: number; answers: number; rounds: number }): Promise<void> {
  const state = JSON.parse(await fs.readFile(stateFile, 'utf8')) as BenchState;
  const { url, embedded } = await openBenchDatabase();
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const { app, close } = await startApp(url);
  try {
    const { cpu, commit, load } = await describeMachine();
    console.log(
      `CPU ${cpu}; commit ${commit}; Node ${process.version}; seed ${opts.seed}; load average ${load}; ` +
        `${opts.answers} answers a scenario, each compressed ${opts.rounds} times by each encoder.`,
    );
    const pick = await requestPickers(pool, state, opts.seed);
    for (const kind of ['profile', 'timeline', 'list', 'search'] as const) {
      const answers: Buffer[] = [];
      for (let i = 0; i < opts.answers; i++) {
        const p = pick[kind]();
        const res = await app.inject({
          method: 'GET',
          url: p.path,
          headers: { authorization: `Bearer ${state.apiKey}` },
        });
        if (res.statusCode !== 200) throw new Error(`${p.path}: ${res.statusCode}`);
        answers.push(res.rawPayload);
      }
      const size = answers.reduce((n, b) => n + b.length, 0) / answers.length;
      console.log(`${kind}: ${Math.round(size).toLocaleString('en')} bytes of JSON on average`);
      for (const [name, encode] of encoders) {
        for (const b of answers) encode(b);
        let bytes = 0;
        const before = process.cpuUsage();
        for (let r = 0; r < opts.rounds; r++) for (const b of answers) bytes += encode(b).length;
        const used = process.cpuUsage(before);
        const calls = opts.rounds * answers.length;
        console.log(
          `  ${name.padEnd(20)} ${((used.user + used.system) / calls).toFixed(0).padStart(5)} µs CPU  ` +
            `${Math.round(bytes / calls)
              .toLocaleString('en')
              .padStart(7)} bytes`,
        );
      }
    }
  } finally {
    await close();
    await pool.end();
    await embedded?.stop();
  }
}
