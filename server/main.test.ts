// `dossier start` end to end, the way a new user runs it: as root, with the project in a private
// (0700) home directory and no configuration. It must start, keep its data across restarts, survive
// its database being killed, and stop clean.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from './db/embedded.ts';
import { eventually } from './test/harness.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const isRoot = os.userInfo().uid === 0;
const external = !!(process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL);

interface Server {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

describe.skipIf(!isRoot || external)(
  // Skipped unless root (the case is root's: PostgreSQL then runs as the postgres user) and on the embedded database.
  'first start as root from a private home directory',
  () => {
    let home: string;
    let project: string;
    let port: number;
    let pgPort: number;
    let running: Server | null = null;

    beforeAll(async () => {
      home = await fs.mkdtemp(path.join(os.tmpdir(), 'dossier-home-'));
      expect((await fs.stat(home)).mode & 0o777).toBe(0o700);
      project = path.join(home, 'dossier');
      await fs.mkdir(project);
      // The project's files, linked rather than copied (node_modules alone is hundreds of megabytes).
      for (const entry of ['server', 'node_modules', 'package.json', 'web']) {
        await fs.symlink(path.join(repo, entry), path.join(project, entry));
      }
      port = await freePort();
      pgPort = await freePort();
    });

    afterAll(async () => {
      if (running) {
        running.child.kill('SIGKILL');
        await running.exited;
      }
      const link = await fs.readlink(path.join(project, 'data', 'pg')).catch(() => null);
      if (link) await fs.rm(path.dirname(link), { recursive: true, force: true });
      await fs.rm(home, { recursive: true, force: true });
    });

    function start(): Server {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PORT: String(port),
        EMBEDDED_PG_PORT: String(pgPort),
        SEED_DEMO: 'false',
        LOG_FORMAT: 'json',
        NODE_ENV: 'production',
      };
      delete env.DATABASE_URL;
      delete env.TEST_DATABASE_URL;
      delete env.DATA_DIR;
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', 'start'], {
        cwd: project,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      running = { child, output: () => out, exited };
      return running;
    }

    const url = (p: string) => `http://127.0.0.1:${port}${p}`;

    async function ready(server: Server) {
      await eventually(async () => {
        if (server.child.exitCode !== null) throw new Error(`the server exited:\n${server.output()}`);
        const res = await fetch(url('/readyz')).catch(() => null);
        return res?.status === 200;
      }, 120_000);
    }

    async function stop(server: Server) {
      server.child.kill('SIGINT');
      const code = await server.exited;
      running = null;
      return code;
    }

    async function postmasterPid(): Promise<number> {
      const text = await fs.readFile(path.join(project, 'data', 'pg', 'postmaster.pid'), 'utf8');
      return Number(text.split('\n')[0]);
    }

    async function processAlive(pid: number): Promise<boolean> {
      const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
      return stat !== null && !/^\d+ \(.*\) Z/.test(stat);
    }

    async function signIn(email: string, password: string) {
      const res = await fetch(url('/api/v1/auth/login'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      const body = (await res.json()) as { csrfToken: string };
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      return { status: res.status, headers: { cookie, 'x-csrf-token': body.csrfToken } };
    }

    test(
      'starts, keeps its data, survives its database being killed, and stops clean',
      { timeout: 300_000 },
      async () => {
        // First start: a fresh cluster the postgres user can reach, linked from the data directory.
        let server = start();
        await ready(server);
        const link = await fs.lstat(path.join(project, 'data', 'pg'));
        expect(link.isSymbolicLink()).toBe(true);
        expect(server.output()).toContain('Dossier is running at');
        expect(server.output()).toContain(`embedded PostgreSQL on 127.0.0.1:${pgPort}`);

        const email = 'first.start@example.test';
        const signup = await fetch(url('/api/v1/auth/signup'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ workspaceName: 'First start', name: 'Root', email, password: 'first-start-pw-1' }),
        });
        expect(signup.status).toBe(201);

        // Ctrl-C: the server and its PostgreSQL stop, nothing is left running.
        const pid = await postmasterPid();
        expect(await stop(server)).toBe(0);
        expect(await processAlive(pid)).toBe(false);
        await expect(fs.stat(path.join(project, 'data', 'pg', 'postmaster.pid'))).rejects.toThrow();

        // Second start: the same data.
        server = start();
        await ready(server);
        const session = await signIn(email, 'first-start-pw-1');
        expect(session.status).toBe(200);

        // The database is killed under load: requests answer 503 (never a crash or a 500), the
        // embedded server is restarted, and the API serves again by itself.
        const statuses = new Set<number>();
        let loading = true;
        const load = (async () => {
          while (loading) {
            const res = await fetch(url('/api/v1/contacts?limit=5'), { headers: session.headers }).catch(() => null);
            if (!res) throw new Error('the server stopped answering');
            statuses.add(res.status);
            if (res.status === 503) {
              expect(res.headers.get('content-type')).toContain('application/problem+json');
              expect(((await res.json()) as { code: string }).code).toBe('database_unavailable');
            } else await res.arrayBuffer();
          }
        })();
        await new Promise((r) => setTimeout(r, 300));
        const killed = await postmasterPid();
        process.kill(killed, 'SIGKILL');
        await eventually(async () => (await postmasterPid().catch(() => killed)) !== killed, 60_000);
        await eventually(async () => (await fetch(url('/readyz'))).status === 200, 60_000);
        await eventually(
          async () => (await fetch(url('/api/v1/contacts?limit=5'), { headers: session.headers })).status === 200,
          60_000,
        );
        loading = false;
        await load;
        expect(server.child.exitCode).toBeNull();
        expect([...statuses].every((s) => s === 200 || s === 503)).toBe(true);
        expect(statuses.has(503)).toBe(true); // the outage was seen, and answered properly
        expect(server.output()).toContain('restarting it');

        // Live updates work again: a new stream hears of a contact created after the restart.
        const controller = new AbortController();
        const stream = await fetch(url('/api/v1/events'), { headers: session.headers, signal: controller.signal });
        expect(stream.status).toBe(200);
        const reader = stream.body!.getReader();
        let received = '';
        const read = async (until: string) => {
          while (!received.includes(until)) {
            const { value, done } = await reader.read();
            if (done) throw new Error(`the stream ended before "${until}"`);
            received += new TextDecoder().decode(value);
          }
        };
        await read('event: ready');
        const created = await fetch(url('/api/v1/contacts'), {
          method: 'POST',
          headers: { ...session.headers, 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'person', firstName: 'After', lastName: 'Restart' }),
        });
        expect(created.status).toBe(201);
        const contactId = ((await created.json()) as { id: string }).id;
        await read(contactId);
        controller.abort();

        const last = await postmasterPid();
        expect(await stop(server)).toBe(0);
        expect(await processAlive(last)).toBe(false);
      },
    );
  },
);
