// `dossier export --workspace <id|name> [--format csv|vcard] [--q text]`: the workspace's contact list
// (optionally searched) on stdout, streamed batch by batch like the API's download and journaled the same way.
import { pipeline } from 'node:stream/promises';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { systemCtx, type Deps } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { ListQuery } from '../modules/contacts/contacts.schemas.ts';
import { exportContactList } from '../modules/contacts/export-contacts.ts';
import { startRuntime } from '../runtime.ts';
import { findWorkspaceForCli } from './workspace.ts';

/** The command's own options, added to the CLI's parser. */
export const exportCliOptions = { format: { type: 'string' }, q: { type: 'string' } } as const;

export async function exportForCli(
  deps: Deps,
  opts: { workspace: string; format?: string; q?: string },
  out: NodeJS.WritableStream,
): Promise<void> {
  const format = opts.format ?? 'csv';
  if (format !== 'csv' && format !== 'vcard')
    throw new AppError('validation_failed', 400, '--format takes csv or vcard');
  const workspace = await findWorkspaceForCli(deps, opts.workspace);
  const ctx = systemCtx(deps, workspace.id, { type: 'system', id: null, label: 'Command line' });
  const file = await exportContactList({ ctx, query: ListQuery.parse({ q: opts.q }), format });
  await pipeline(file.body, out);
}

/** Runs `dossier export` with its own runtime; returns the exit code. */
export async function runExportCommand(
  config: Config,
  logger: Logger,
  values: { workspace?: unknown; format?: unknown; q?: unknown },
  usage: string,
): Promise<number> {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const workspace = str(values.workspace);
  if (!workspace) {
    console.error(`Give --workspace.\n\n${usage}`);
    return 2;
  }
  const runtime = await startRuntime(config, { ...logger, level: 'warn' } as Logger, {
    workers: false,
    shareRunning: true,
  });
  try {
    await exportForCli(runtime.deps, { workspace, format: str(values.format), q: str(values.q) }, process.stdout);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`${err.code}: ${err.detail}`);
      return 2;
    }
    throw err;
  } finally {
    await runtime.stop();
  }
}
