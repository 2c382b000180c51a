// Summarises a .cpuprofile (node --cpu-prof): self time per function and per package, the
// heaviest first — what the bottom-up view of DevTools shows, in a terminal.
// node --import tsx bench/profile-summary.ts bench/out/prof/<file>.cpuprofile [top]
import fs from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[] };
const total = profile.samples.length;
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
const hits = new Map<number, number>();
for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
for (const n of profile.nodes) {
  const h = hits.get(n.id) ?? 0;
  if (!h) continue;
  const url = n.callFrame.url.replace(/^file:\/\//, '');
  const where = url.includes('node_modules/')
    ? url
        .split('node_modules/')
        .pop()!
        .split('/')
        .slice(0, url.includes('node_modules/@') ? 2 : 1)
        .join('/')
    : url.includes('/server/')
      ? `server/${url.split('/server/').pop()!.split('/').slice(0, 2).join('/')}`
      : url || `(${n.callFrame.functionName || 'native'})`;
  const fn = `${n.callFrame.functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + h);
  byPackage.set(where, (byPackage.get(where) ?? 0) + h);
}
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? 25))) {
    console.log(`${((v / total) * 100).toFixed(1).padStart(5)} %  ${k}`);
  }
};
show('Self time by package or folder', byPackage);
show('Self time by function', byFunction);
