// `npm run dev`: the API server (restarting on change) and Vite's dev server with hot reload, stopped together.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');

const commands = [
  { name: 'api', args: ['--watch', '--import', 'tsx', 'server/main.ts', 'start'] },
  { name: 'web', args: [vite, '--config', 'web/vite.config.ts'] },
];

const children = commands.map(({ name, args }) => {
  // Each child leads its own process group, so stopping it also stops what it started (node --watch's child).
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', detached: true });
  child.on('exit', (code, signal) => {
    child.exited = true;
    if (!stopping) {
      console.error(`[dev] ${name} stopped (${signal ?? `exit code ${code}`}); stopping the other one.`);
      stop(code ?? 1);
    } else if (children.every((c) => c.exited)) {
      process.exit(exitCode);
    }
  });
  return child;
});

let stopping = false;
let exitCode = 0;

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  for (const child of children) {
    if (child.exited) continue;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.exited = true;
    }
  }
  if (children.every((c) => c.exited)) process.exit(exitCode);
  // Anything still running after a grace period is not going to stop by itself.
  setTimeout(() => {
    for (const child of children) {
      if (!child.exited) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    process.exit(exitCode);
  }, 8000).unref();
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(0));
