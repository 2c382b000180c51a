#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx dossier …` works without a build step.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = import.meta.resolve('tsx');
const child = spawn(process.execPath, ['--import', tsx, path.join(root, 'server/main.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
// The child handles SIGINT/SIGTERM itself (it shares our terminal); forward what a supervisor sends us.
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
process.on('SIGINT', () => undefined);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
