// One PostgreSQL per test run: embedded in a temp dir, or TEST_DATABASE_URL / DATABASE_URL.
// A migrated template database is cloned for every test file (CREATE DATABASE … TEMPLATE).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { withDatabase } from '../db/client.ts';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded.ts';
import { runMigrations } from '../db/migrate.ts';
import { createBoss } from '../platform/jobs.ts';
import { createLogger } from '../platform/logger.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
    templateDb: string;
    runPrefix: string;
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let embedded: EmbeddedDatabase | null = null;
  let tmpDir: string | null = null;
  let serverUrl: string;
  if (external) {
    serverUrl = withDatabase(external, 'postgres');
  } else {
    tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dossier-test-'));
    await fs.chmod(tmpDir, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir: tmpDir, preferredPort: await freePort() });
    serverUrl = embedded.url;
  }
  const runPrefix = `dossier_t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const templateDb = `${runPrefix}_tpl`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database "${templateDb}"`);
  const templateUrl = withDatabase(serverUrl, templateDb);
  await runMigrations(templateUrl);
  // pg-boss installs its schema on first start; do it once here so every clone has it.
  const boss = createBoss(templateUrl, createLogger('silent'), { supervise: false });
  await boss.start();
  await boss.stop({ graceful: false, wait: true });

  project.provide('pgServerUrl', serverUrl);
  project.provide('templateDb', templateDb);
  project.provide('runPrefix', runPrefix);

  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1 order by datname desc`,
      [`${runPrefix}%`],
    );
    for (const { datname } of rows) {
      await admin.query(`drop database if exists "${datname}" with (force)`).catch(() => undefined);
    }
    await admin.end();
    await embedded?.stop();
    if (tmpDir) await fs.rm(tmpDir, { recursive: true, force: true });
  };
}
