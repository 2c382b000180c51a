// Builds web/dist before `npm start` when it is missing or older than its sources; otherwise does nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const builtIndex = path.join(web, 'dist', 'index.html');
const sources = [
  path.join(web, 'src'),
  path.join(web, 'public'),
  path.join(web, 'index.html'),
  path.join(web, 'vite.config.ts'),
  path.join(web, 'postcss.config.cjs'),
];

/** The newest modification time under `p` (a file or a directory tree), 0 when it does not exist. */
function newestMtime(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file shows only as a newer directory
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

function viteBin() {
  try {
    const pkg = createRequire(import.meta.url).resolve('vite/package.json');
    return path.join(path.dirname(pkg), 'bin', 'vite.js');
  } catch {
    return null;
  }
}

const builtAt = fs.existsSync(builtIndex) ? fs.statSync(builtIndex).mtimeMs : 0;
const changedAt = Math.max(...sources.map(newestMtime));

if (builtAt && builtAt >= changedAt) process.exit(0);

const vite = viteBin();
if (!vite) {
  // A production install without dev dependencies cannot build; an existing build still serves.
  console.warn(
    builtAt
      ? 'web/dist is older than web/src, but Vite is not installed; serving the existing build.'
      : 'web/dist is missing and Vite is not installed (npm install without --omit=dev); only the API will be served.',
  );
  process.exit(0);
}

console.log(builtAt ? 'web/src changed since the last build; rebuilding the web app…' : 'Building the web app…');
const result = spawnSync(process.execPath, [vite, 'build', '--config', path.join(web, 'vite.config.ts')], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
