// The backup file: a gzip-compressed tar, written and read as a stream, one entry after another.
// Headers are encoded and parsed by the `tar` package; the framing is done here so that every write
// waits for the disk (backpressure) and a table's COPY output never has to sit in memory whole.
import { EventEmitter } from 'node:events';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Header, Parser, Pax, type ReadEntry } from 'tar';
import { AppError } from '../errors.ts';

const BLOCK = 512;

/** Writes entries into a new .tar.gz file; `finish()` ends the archive, `abort()` gives up on it. */
export class ArchiveWriter {
  private readonly gzip = createGzip();
  private readonly done: Promise<void>;

  private constructor(out: NodeJS.WritableStream) {
    this.done = pipeline(this.gzip, out);
    this.done.catch(() => undefined);
  }

  /** Opens the file first, so that a path that cannot be written fails before any work is done. */
  static async create(file: string): Promise<ArchiveWriter> {
    // Mode 0600: the archive holds password hashes, API key hashes and the instance's signing key.
    const handle = await fs.open(file, 'w', 0o600);
    return new ArchiveWriter(handle.createWriteStream());
  }

  /** An entry whose bytes are all at hand (the manifest, one chunk of a table's COPY output). */
  async add(name: string, data: Buffer): Promise<void> {
    await this.write(headerBlocks(name, data.length));
    if (data.length > 0) await this.write(data);
    await this.write(padding(data.length));
  }

  /** An entry streamed from disk; `size` goes into the header first, so the stream must yield exactly that. */
  async addStream(name: string, size: number, body: AsyncIterable<Buffer>): Promise<void> {
    await this.write(headerBlocks(name, size));
    let written = 0;
    for await (const chunk of body) {
      written += chunk.length;
      if (written > size) break;
      await this.write(chunk);
    }
    if (written !== size) throw new Error(`${name} changed while it was being backed up`);
    await this.write(padding(size));
  }

  async finish(): Promise<void> {
    await this.write(Buffer.alloc(2 * BLOCK));
    this.gzip.end();
    await this.done;
  }

  async abort(): Promise<void> {
    this.gzip.destroy();
    await this.done.catch(() => undefined);
  }

  private async write(data: Buffer): Promise<void> {
    if (!this.gzip.destroyed && !this.gzip.write(data)) await drained(this.gzip);
    // The pipeline failing (a full disk) destroys the gzip stream: its error is then thrown.
    if (this.gzip.destroyed) {
      await this.done;
      throw new Error('the backup file was closed early');
    }
  }
}

function headerBlocks(path: string, size: number): Buffer {
  const mtime = new Date();
  const header = new Header({ path, size, mode: 0o600, type: 'File', mtime });
  const needPax = header.encode();
  if (!header.block) throw new Error(`cannot encode the tar header of ${path}`);
  return needPax ? Buffer.concat([new Pax({ path, size, mtime }).encode(), header.block]) : header.block;
}

/**
 * Waits until `stream` takes writes again, or is destroyed (by an error). Listeners are removed
 * again each time: a promise raced against one that stays pending for the whole backup would keep
 * every chunk alive until the end.
 */
export function drained(stream: NodeJS.EventEmitter & { destroyed: boolean }): Promise<void> {
  if (stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      for (const event of ['drain', 'close', 'error']) stream.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'close', 'error']) stream.on(event, done);
  });
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

export interface ArchiveEntry {
  name: string;
  size: number;
  /** The entry's bytes; must be read to the end (or `skip()`ped) before the next entry comes. */
  body: AsyncIterable<Buffer>;
  skip(): void;
}

/**
 * The entries of a .tar.gz file in order. A damaged file (bad gzip data or checksum, a broken tar
 * header, an end that is cut off) throws; the tar parser waits for each entry to be read before it
 * reads on, so only one entry's pending bytes are ever in memory.
 */
export async function* readArchive(file: string): AsyncGenerator<ArchiveEntry> {
  try {
    yield* readEntries(file);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw damaged((err as Error).message);
  }
}

export const damaged = (reason: string) =>
  new AppError('backup_damaged', 400, `The backup file is damaged or not a Dossier backup: ${reason}`);

async function* readEntries(file: string): AsyncGenerator<ArchiveEntry> {
  const parser = new Parser({ strict: true });
  const entries: ReadEntry[] = [];
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  // A damaged archive is reported as an error, and the parser then stops: whoever waits (for the
  // next entry, or for more of an entry's bytes) must stop waiting too.
  let failure: Error | null = null;
  const failures = new EventEmitter();
  const fail = (err: Error) => {
    failure ??= err;
    failures.emit('failed', failure);
    notify();
  };
  parser.on('entry', (entry: ReadEntry) => {
    entries.push(entry);
    notify();
  });
  parser.on('error', fail);
  parser.on('end', () => {
    ended = true;
    notify();
  });
  const input: Readable = createReadStream(file);
  input.on('error', fail);
  input.pipe(parser as unknown as NodeJS.WritableStream);
  try {
    for (;;) {
      if (failure) throw failure;
      const entry = entries.shift();
      if (entry) {
        if (entry.type !== 'File') {
          entry.resume();
          continue;
        }
        yield {
          name: entry.path,
          size: entry.size ?? 0,
          body: bodyOf(entry, failures, () => failure),
          skip: () => entry.resume(),
        };
        continue;
      }
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    input.unpipe();
    input.destroy();
  }
}

/** An entry's bytes; a failure of the whole archive (bad gzip data) while it is read is raised here. */
async function* bodyOf(entry: ReadEntry, failures: EventEmitter, failure: () => Error | null): AsyncGenerator<Buffer> {
  const chunks = (entry as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let received = 0;
  for (;;) {
    const next = await new Promise<IteratorResult<Buffer>>((resolve, reject) => {
      const known = failure();
      if (known) return reject(known);
      const onFailure = (err: Error) => reject(err);
      failures.once('failed', onFailure);
      chunks.next().then(
        (r) => {
          failures.off('failed', onFailure);
          resolve(r);
        },
        (err: unknown) => {
          failures.off('failed', onFailure);
          reject(err as Error);
        },
      );
    }).catch((err: unknown) => {
      throw err instanceof AppError ? err : damaged((err as Error).message);
    });
    if (next.done) break;
    received += next.value.length;
    yield next.value;
  }
  if (received !== (entry.size ?? 0)) throw damaged(`it ends inside ${entry.path}`);
}
