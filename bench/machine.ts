// What every benchmark prints beside its figures: the machine, the commit and how busy the machine was.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import { promisify } from 'node:util';
import { benchDir } from './database.ts';

/** "2 × AMD EPYC", the short commit (or "unknown" outside git), and the load average over 1, 5 and 15 minutes. */
export async function describeMachine(): Promise<{ cpu: string; commit: string; load: string }> {
  const [load, commit] = await Promise.all([
    fs.readFile('/proc/loadavg', 'utf8').then(
      (text) => text.split(' ').slice(0, 3).join(' '),
      () => 'unknown',
    ),
    promisify(execFile)('git', ['rev-parse', '--short', 'HEAD'], { cwd: benchDir }).then(
      (r) => r.stdout.trim(),
      () => 'unknown',
    ),
  ]);
  return { cpu: `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}`, commit, load };
}
