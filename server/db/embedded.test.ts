// The embedded PostgreSQL: keeps its port after an unclean shutdown, says when it has to take
// another, and comes back by itself when its server process is killed.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, test } from 'vitest';
import { eventually } from '../test/harness.ts';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase, type EmbeddedEvent } from './embedded.ts';

const embeddedModule = path.join(path.dirname(fileURLToPath(import.meta.url)), 'embedded.ts');
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
});

async function tempDataDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dossier-embedded-'));
  // Readable by the postgres user when the tests run as root.
  await fs.chmod(dir, 0o755);
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

async function start(dataDir: string, preferredPort: number, events: EmbeddedEvent[] = []) {
  const db = await startEmbeddedPostgres({ dataDir, preferredPort, onEvent: (e) => events.push(e) });
  cleanups.push(() => db.stop());
  return db;
}

async function selectOne(db: EmbeddedDatabase): Promise<number> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<{ n: number }>('select 1 as n')).rows[0]!.n;
  } finally {
    await client.end();
  }
}

/** Running, not a zombie (an orphan's parent here may never reap it). */
async function alive(pid: number): Promise<boolean> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return stat !== null && !/^\d+ \(.*\) Z/.test(stat);
}

describe('embedded PostgreSQL', () => {
  test('after its parent was killed, it comes back on EMBEDDED_PG_PORT, not on another port', async () => {
    const dataDir = await tempDataDir();
    const preferred = await freePort();
    // A parent process that starts the database and is then killed without a chance to stop it.
    const script = `const m = await import(${JSON.stringify(embeddedModule)});
      const db = await m.startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, preferredPort: ${preferred} });
      console.log(JSON.stringify({ pid: db.pid, port: db.port }));
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanups.push(async () => parent.kill('SIGKILL'));
    const first = await new Promise<{ pid: number; port: number }>((resolve, reject) => {
      let out = '';
      parent.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!));
      });
      parent.on('exit', (code) => reject(new Error(`the parent exited early (${code})`)));
    });
    expect(first.port).toBe(preferred);
    parent.kill('SIGKILL');
    await new Promise((r) => parent.once('exit', r));
    expect(await alive(first.pid)).toBe(true); // the orphan still holds the port

    const events: EmbeddedEvent[] = [];
    const db = await start(dataDir, preferred, events);
    expect(db.port).toBe(preferred);
    expect(await alive(first.pid)).toBe(false);
    expect(events.map((e) => e.type)).toContain('orphan_stopped');
    expect(events.map((e) => e.type)).not.toContain('port_taken');
    expect(await selectOne(db)).toBe(1);
  }, 120_000);

  test('when another program holds the preferred port, it takes a free one and says which', async () => {
    const dataDir = await tempDataDir();
    const preferred = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(preferred, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => blocker.close(r)));

    const events: EmbeddedEvent[] = [];
    const db = await start(dataDir, preferred, events);
    expect(db.port).not.toBe(preferred);
    const taken = events.find((e) => e.type === 'port_taken');
    expect(taken?.message).toContain(String(preferred));
    expect(taken?.message).toContain(`took port ${db.port}`);
    expect(await selectOne(db)).toBe(1);
  });

  test('a killed server process is restarted on the same port, with its data', async () => {
    const dataDir = await tempDataDir();
    const events: EmbeddedEvent[] = [];
    const db = await start(dataDir, await freePort(), events);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query('create table kept (v int); insert into kept values (42)');
    await client.end();

    const pid = db.pid!;
    process.kill(pid, 'SIGKILL');
    await eventually(async () => events.some((e) => e.type === 'restarted'), 30_000);
    expect(events.map((e) => e.type)).toContain('exited');
    expect(db.pid).not.toBe(pid);
    const again = new pg.Client({ connectionString: db.url });
    await again.connect();
    expect((await again.query('select v from kept')).rows).toEqual([{ v: 42 }]);
    await again.end();

    await db.stop();
    expect(db.pid).toBeNull();
    await expect(fs.stat(path.join(db.dir, 'postmaster.pid'))).rejects.toThrow();
  }, 120_000);
});
