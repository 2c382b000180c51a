// An import keeps the file it read (CSV or vCard), and that file holds the erased contact's row as it came.
// The erasure writes each such file again — UTF-8 CSV, the same columns, every row in its place — with the
// contact's rows' cells replaced, so row numbers, the mapping and the import's records stay valid.
import Papa from 'papaparse';
import { and, eq, inArray } from 'drizzle-orm';
import { files } from '../../db/schema/files.ts';
import { imports, type ImportFormat } from '../../db/schema/imports.ts';
import type { TxCtx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { sha256Of } from '../../platform/files/storage.ts';
import { newId } from '../../platform/ids.ts';
import { openFile } from '../imports/imports.service.ts';
import { readRows } from '../imports/read-file.ts';

/** States in which a job may be reading the file right now. */
const BUSY = new Set(['queued', 'running', 'undoing']);

export interface RewrittenFiles {
  /** Keys written by this erasure: to remove if its transaction fails. */
  written: string[];
  /** Keys replaced: to remove once the transaction has committed. */
  replaced: string[];
}

/**
 * Rewrites the files of the given imports with the listed rows' cells set to `marker`. Each file is written
 * under a new key and the file row switched to it in the caller's transaction, so a rollback leaves the old
 * file in place and a commit leaves only the new one.
 */
export async function scrubImportFiles(
  tx: TxCtx,
  rowsByImport: Map<string, Set<number>>,
  marker: string,
  out: RewrittenFiles,
): Promise<number> {
  if (rowsByImport.size === 0) return 0;
  const rows = await tx.db
    .select()
    .from(imports)
    .where(and(eq(imports.workspaceId, tx.workspaceId), inArray(imports.id, [...rowsByImport.keys()])))
    .orderBy(imports.id)
    .for('update');
  const busy = rows.find((r) => BUSY.has(r.status));
  if (busy) {
    throw new AppError(
      'import_in_progress',
      409,
      `The import “${busy.name}” holds this contact and is still at work; erase once it has finished`,
      { importId: busy.id },
    );
  }
  for (const row of rows) {
    const erase = rowsByImport.get(row.id)!;
    const [file] = await tx.db
      .select()
      .from(files)
      .where(and(eq(files.workspaceId, tx.workspaceId), eq(files.id, row.fileId)));
    if (!file) continue;
    const lines: string[][] = [];
    let index = 0;
    for await (const cells of readRows(await openFile(tx, row), row.format)) {
      lines.push(index > 0 && erase.has(index) ? cells.map(() => marker) : cells);
      index++;
    }
    const data = Buffer.from(`${Papa.unparse(lines)}\r\n`, 'utf8');
    const storageKey = `${tx.workspaceId}/${newId()}`;
    await tx.deps.storage.put(storageKey, data);
    out.written.push(storageKey);
    await tx.db
      .update(files)
      .set({ storageKey, size: data.length, checksum: sha256Of(data), contentType: 'text/csv' })
      .where(and(eq(files.workspaceId, tx.workspaceId), eq(files.id, file.id)));
    const format: ImportFormat = { kind: 'csv', encoding: 'utf-8', delimiter: ',' };
    await tx.db
      .update(imports)
      .set({ format })
      .where(and(eq(imports.workspaceId, tx.workspaceId), eq(imports.id, row.id)));
    out.replaced.push(file.storageKey);
  }
  return rows.length;
}
