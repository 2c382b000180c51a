// Test harness: a fresh database cloned from the migrated template and a real app on top of it.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import fs from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig, type Config } from '../config.ts';
import { connectDatabase, withDatabase } from '../db/client.ts';
import { refuseConnectionsInTransactions, type Deps } from '../platform/context.ts';
import { LocalDiskStorage } from '../platform/files/storage.ts';
import { createBoss } from '../platform/jobs.ts';
import { createJournalQueues, startJournalWorkers } from '../platform/journal/subscribers.ts';
import { createLogger } from '../platform/logger.ts';
import { createModuleQueues, registerModules, startModuleWorkers } from '../modules/register.ts';

let counter = 0;

export interface TestApp {
  app: FastifyInstance;
  deps: Deps;
  dbUrl: string;
  /** Signs up a new workspace and returns a client acting as its admin (cookie + CSRF). */
  signup(overrides?: Partial<SignupInput>): Promise<Session>;
  login(email: string, password: string): Promise<Session>;
  /** A client that sends `Authorization: Bearer <key>`. */
  withKey(key: string): Client;
  anonymous: Client;
  close(): Promise<void>;
}

/** Users made by the harness speak E2E_LANG when set (the browser tests run once in German). */
const testLocale = process.env.E2E_LANG === 'de' ? { locale: 'de' as const } : {};

export interface SignupInput {
  workspaceName: string;
  name: string;
  email: string;
  password: string;
  locale?: 'en' | 'de';
}

export type Body = Record<string, unknown> | unknown[] | string | undefined;
export type Res = LightMyRequestResponse & { body: string; json<T = any>(): T };

export interface Client {
  request(method: InjectOptions['method'], url: string, body?: Body, headers?: Record<string, string>): Promise<Res>;
  get(url: string, headers?: Record<string, string>): Promise<Res>;
  post(url: string, body?: Body, headers?: Record<string, string>): Promise<Res>;
  patch(url: string, body?: Body, headers?: Record<string, string>): Promise<Res>;
  put(url: string, body?: Body, headers?: Record<string, string>): Promise<Res>;
  delete(url: string, body?: Body, headers?: Record<string, string>): Promise<Res>;
}

export interface Session extends Client {
  user: { id: string; email: string; name: string; role: string };
  workspace: { id: string; name: string };
  password: string;
  cookie: string;
  csrfToken: string;
  /** Creates an API key as this (admin) user and returns its secret. */
  createApiKey(name?: string): Promise<string>;
  /** Creates another user in this workspace and signs them in. */
  addUser(role?: 'admin' | 'member', name?: string): Promise<Session>;
}

export interface TestAppOptions {
  /** Serve web/dist like production does (end-to-end tests); API-only otherwise. */
  serveWeb?: boolean;
}

export async function createTestApp(overrides: Partial<Config> = {}, opts: TestAppOptions = {}): Promise<TestApp> {
  const serverUrl = inject('pgServerUrl');
  const dbName = `${inject('runPrefix')}_${process.pid}_${++counter}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database "${dbName}" template "${inject('templateDb')}"`);
  await admin.end();

  const dbUrl = withDatabase(serverUrl, dbName);
  const config: Config = {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: `/tmp/${dbName}`, SIGNUP_RATE_LIMIT: '100000' }),
    ...overrides,
  };
  const logger = createLogger(config.LOG_LEVEL);
  const database = connectDatabase(dbUrl, { max: 10 });
  refuseConnectionsInTransactions(database.pool);
  registerModules();
  const boss = createBoss(dbUrl, logger, { supervise: false });
  await boss.start();
  await createJournalQueues(boss);
  await createModuleQueues(boss);
  const storage = new LocalDiskStorage(`${config.dataDir}/files`);
  const deps: Deps = { config, database, boss, logger, storage };
  await startJournalWorkers(deps);
  await startModuleWorkers(deps);
  const app = await buildApp(deps, { serveWeb: opts.serveWeb ?? false });
  await app.ready();

  const client = (headers: () => Record<string, string>): Client => {
    const request: Client['request'] = async (method, url, body, extra = {}) => {
      const h: Record<string, string> = { ...headers(), ...extra };
      const opts: InjectOptions = { method, url, headers: h };
      if (body !== undefined) {
        if (typeof body === 'string') {
          opts.payload = body;
          h['content-type'] ??= 'application/json';
        } else {
          opts.payload = JSON.stringify(body);
          h['content-type'] = 'application/json';
        }
      }
      return (await app.inject(opts)) as Res;
    };
    return {
      request,
      get: (url, h) => request('GET', url, undefined, h),
      post: (url, body, h) => request('POST', url, body, h),
      patch: (url, body, h) => request('PATCH', url, body, h),
      put: (url, body, h) => request('PUT', url, body, h),
      delete: (url, body, h) => request('DELETE', url, body, h),
    };
  };

  const anonymous = client(() => ({}));

  const sessionFrom = (res: Res, password: string): Session => {
    if (res.statusCode >= 300) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'dossier_session');
    const data = res.json();
    const self: Session = {
      ...client(() => ({ cookie: `dossier_session=${cookie!.value}`, 'x-csrf-token': data.csrfToken })),
      user: data.user,
      workspace: data.workspace,
      password,
      cookie: cookie!.value,
      csrfToken: data.csrfToken,
      async createApiKey(name = 'Test key') {
        const r = await self.post('/api/v1/api-keys', { name });
        if (r.statusCode !== 201) throw new Error(`api key: ${r.statusCode} ${r.body}`);
        return r.json().key as string;
      },
      async addUser(role = 'member', name = `${role} ${++counter}`) {
        const email = `user${counter}.${Date.now()}@example.test`;
        const r = await self.post('/api/v1/users', { name, email, password: 'member-password-1', role, ...testLocale });
        if (r.statusCode !== 201) throw new Error(`add user: ${r.statusCode} ${r.body}`);
        return login(email, 'member-password-1');
      },
    };
    return self;
  };

  const login = async (email: string, password: string) =>
    sessionFrom(await anonymous.post('/api/v1/auth/login', { email, password }), password);

  return {
    app,
    deps,
    dbUrl,
    anonymous,
    login,
    withKey: (key) => client(() => ({ authorization: `Bearer ${key}` })),
    async signup(o = {}) {
      const n = ++counter;
      const input: SignupInput = {
        workspaceName: `Workspace ${n}`,
        name: `Admin ${n}`,
        email: `admin${n}.${Date.now()}@example.test`,
        password: 'admin-password-1',
        ...testLocale,
        ...o,
      };
      return sessionFrom(await anonymous.post('/api/v1/auth/signup', { ...input }), input.password);
    },
    async close() {
      await app.close();
      await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
      await database.close();
      await fs.rm(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts listening on a free local port (for a real browser or HTTP client) and returns the base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the test server has no TCP address');
  return `http://127.0.0.1:${address.port}`;
}

/** Polls until `check` returns a truthy value (for work done by background jobs). */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
