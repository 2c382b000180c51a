// A generator thread (one per core): prepares its share of the contacts and hands the rows to the
// main thread, or writes its share of the journal straight into its own COPY.
import fs from 'node:fs';
import readline from 'node:readline';
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import type { Ctx } from '../server/platform/context.ts';
import { createLogger } from '../server/platform/logger.ts';
import { contactBlock, contactBlocks, tables, type Workspace } from './contact-data.ts';
import { walkJournal, type JournalPlan } from './journal-data.ts';
import { CopyStream } from './load.ts';

export type WorkerTask =
  | { task: 'contacts'; workspaces: Workspace[]; now: number; worker: number; workers: number; blockSize: number }
  | {
      task: 'journal';
      plan: JournalPlan;
      url: string;
      createdFile: string;
      namesFile: string;
      worker: number;
      workers: number;
      blockSize: number;
    };

const port = parentPort!;
const job = workerData as WorkerTask;

/** Credits from the main thread: at most a few blocks in flight, so memory stays flat. */
let credits = 4;
let wake: (() => void) | null = null;
port.on('message', (m: { credit?: number }) => {
  credits += m.credit ?? 0;
  wake?.();
  wake = null;
});
const takeCredit = async () => {
  while (credits <= 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
};

async function contacts(t: Extract<WorkerTask, { task: 'contacts' }>) {
  // prepareContact needs a context only for the workspace id and the logger (no database access
  // when the field definitions are passed in and no file fields are set).
  const logger = createLogger('silent');
  const ctxOf = (ws: Workspace) =>
    ({
      workspaceId: ws.id,
      actor: { type: 'system', id: null, label: 'System' },
      principal: { userId: null, role: 'admin', contactAccess: 'all' },
      deps: { logger },
      db: null,
      tx: null,
    }) as unknown as Ctx;
  const blocks = contactBlocks(t.workspaces, t.blockSize);
  for (let b = t.worker; b < blocks.length; b += t.workers) {
    const { ws, from, to } = blocks[b]!;
    const block = await contactBlock(ws, ctxOf(ws), from, to, t.now);
    await takeCredit();
    port.postMessage({ type: 'block', b, block });
  }
  port.postMessage({ type: 'done' });
}

async function lines(file: string): Promise<AsyncIterator<string>> {
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  return rl[Symbol.asyncIterator]();
}

async function journal(t: Extract<WorkerTask, { task: 'journal' }>) {
  const names = fs.readFileSync(t.namesFile, 'utf8').split('\n');
  const pool = new pg.Pool({ connectionString: t.url, max: 1 });
  const copy = await CopyStream.open(pool, tables.journal.sql);
  let buf = '';
  let rows = 0;
  const total = await walkJournal(t.plan, names, await lines(t.createdFile), async (seq, line) => {
    if (Math.floor(seq / t.blockSize) % t.workers !== t.worker) return;
    buf += line();
    rows++;
    if (buf.length > 1 << 20) {
      await copy.write(buf, 0);
      buf = '';
    }
  });
  await copy.write(buf, 0);
  await copy.end();
  await pool.end();
  port.postMessage({ type: 'done', rows, total });
}

if (job.task === 'contacts') await contacts(job);
else await journal(job);
port.close();
