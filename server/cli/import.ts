// `dossier import <file> --workspace <id|name>`: the same import as the web app's, run in this process with
// progress on the terminal. The contacts are owned by --owner (an email) or the workspace's first admin.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import { users } from '../db/schema/platform.ts';
import type { ImportMode } from '../db/schema/imports.ts';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Deps } from '../platform/context.ts';
import { startRuntime } from '../runtime.ts';
import { AppError } from '../platform/errors.ts';
import { createImportFromFile, getImport, startImport, updateImport } from '../modules/imports/imports.service.ts';
import { runImport } from '../modules/imports/run-import.job.ts';
import { findWorkspaceForCli } from './workspace.ts';

export interface ImportCliOptions {
  file: string;
  workspace: string;
  mode?: string;
  owner?: string;
  tags?: string;
  country?: string;
}

const contentTypeOf = (file: string) =>
  /\.(vcf|vcard)$/i.test(file) ? 'text/vcard' : /\.(txt|tsv|tab)$/i.test(file) ? 'text/plain' : 'text/csv';

export async function importForCli(deps: Deps, opts: ImportCliOptions, print: (line: string) => void): Promise<number> {
  const db = deps.database.db;
  const workspace = await findWorkspaceForCli(deps, opts.workspace);
  const [actor] = await db
    .select()
    .from(users)
    .where(
      and(
        eq(users.workspaceId, workspace.id),
        eq(users.status, 'active'),
        opts.owner ? sql`lower(${users.email}) = lower(${opts.owner})` : eq(users.role, 'admin'),
      ),
    )
    .orderBy(asc(users.createdAt))
    .limit(1);
  if (!actor)
    throw new AppError('not_found', 404, opts.owner ? `No active user ${opts.owner}` : 'The workspace has no admin');
  const ctx = {
    workspaceId: workspace.id,
    actor: { type: 'user' as const, id: actor.id, label: actor.name },
    principal: { userId: actor.id, role: actor.role, contactAccess: actor.contactAccess, actsFor: actor.id },
    deps,
    db,
    tx: null,
  };
  await fs.access(opts.file);
  let imp = await createImportFromFile({
    ctx,
    upload: {
      filename: path.basename(opts.file),
      contentType: contentTypeOf(opts.file),
      stream: createReadStream(opts.file),
    },
  });
  print(
    `${imp.name}: ${imp.progress.total} rows, ${imp.format.kind}${imp.format.delimiter ? ` (${JSON.stringify(imp.format.delimiter)})` : ''}, ${imp.format.encoding}`,
  );
  for (const m of imp.mapping) print(`  ${m.header.padEnd(32)} → ${m.target ?? '(not imported)'}`);
  const mode = (opts.mode ?? 'upsert') as ImportMode;
  if (!['create', 'update', 'upsert'].includes(mode))
    throw new AppError('validation_failed', 400, '--mode is create, update or upsert');
  imp = await updateImport({
    ctx,
    importId: imp.id,
    input: {
      options: {
        mode,
        tags: opts.tags
          ? opts.tags
              .split(',')
              .map((t) => t.trim())
              .filter(Boolean)
          : [],
        defaultCountry: opts.country?.toUpperCase() ?? null,
      },
    },
  });
  imp = await startImport({ ctx, importId: imp.id });
  const ticker = setInterval(() => {
    getImport({ ctx, importId: imp.id })
      .then((p) =>
        print(
          `  ${p.progress.done}/${p.progress.total} rows${p.progress.rowsPerSecond ? `, ${p.progress.rowsPerSecond}/s` : ''}`,
        ),
      )
      .catch(() => undefined);
  }, 2000);
  try {
    await runImport(deps, { workspaceId: workspace.id, importId: imp.id, action: 'run' });
    // Another process's worker may have taken batches over: wait for the end either way.
    for (;;) {
      imp = await getImport({ ctx, importId: imp.id });
      if (!['queued', 'running'].includes(imp.status)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    clearInterval(ticker);
  }
  const p = imp.progress;
  print(
    `${imp.status}: ${p.created} created, ${p.updated} updated, ${p.unchanged} unchanged, ${p.skipped} skipped, ${p.rejected} rejected (import ${imp.id})`,
  );
  if (p.rejected)
    print(`Rejected rows with their reasons: GET /api/v1/imports/${imp.id}/rejects.csv, or the Import page.`);
  return imp.status === 'completed' ? 0 : 1;
}

/** The command's own options, added to the CLI's parser. */
export const importCliOptions = {
  workspace: { type: 'string' },
  mode: { type: 'string' },
  owner: { type: 'string' },
  tags: { type: 'string' },
  country: { type: 'string' },
} as const;

/** Runs `dossier import` with its own runtime (no workers: the import runs here); returns the exit code. */
export async function runImportCommand(
  config: Config,
  logger: Logger,
  file: string | undefined,
  values: Partial<Record<keyof typeof importCliOptions, string | boolean | undefined>>,
  usage: string,
): Promise<number> {
  const workspace = typeof values.workspace === 'string' ? values.workspace : undefined;
  if (!file || !workspace) {
    console.error(`Give the file and --workspace.\n\n${usage}`);
    return 2;
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const runtime = await startRuntime(config, { ...logger, level: 'warn' } as Logger, {
    workers: false,
    shareRunning: true,
  });
  try {
    return await importForCli(
      runtime.deps,
      {
        file,
        workspace,
        mode: str(values.mode),
        owner: str(values.owner),
        tags: str(values.tags),
        country: str(values.country),
      },
      (line) => console.log(line),
    );
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`${err.code}: ${err.detail}`);
      return 1;
    }
    throw err;
  } finally {
    await runtime.stop();
  }
}
