// Which statements a process sends, how often and how long each takes to come back (as the process sees it:
// PostgreSQL's time, the network and the wait for its own event loop). Loaded before anything else:
//
//   NODE_OPTIONS=--import=./bench/statements.mjs npm run bench -- throughput --only search
//
// Every process of the run (the bench, the server it starts) writes bench/out/statements-<pid>.txt every 5 s:
// calls, mean ms and the statement's first 160 characters, most total time first. Plain JavaScript: NODE_OPTIONS
// imports run before tsx is registered. For PostgreSQL's own side, load pg_stat_statements (bench/README.md).
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setInterval } from 'node:timers';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out', `statements-${process.pid}.txt`);
const stats = new Map();
const original = pg.Client.prototype.query;

/** A statement's kind: its text with the blanks folded, cut where the shape usually stops differing. */
const kindOf = (text) => text.replace(/\s+/g, ' ').trim().slice(0, 160);

function count(text, started) {
  if (!text) return;
  const kind = kindOf(text);
  const s = stats.get(kind) ?? { calls: 0, ms: 0 };
  s.calls++;
  s.ms += performance.now() - started;
  stats.set(kind, s);
}

// node-postgres answers through a callback (the pool's own queries, a config's callback) or a promise.
pg.Client.prototype.query = function (...args) {
  const config = args[0];
  const text = typeof config === 'string' ? config : typeof config?.text === 'string' ? config.text : '';
  const started = performance.now();
  const last = args.length - 1;
  if (typeof args[last] === 'function') {
    const callback = args[last];
    args[last] = function (...result) {
      count(text, started);
      return callback.apply(this, result);
    };
    return original.apply(this, args);
  }
  if (typeof config?.callback === 'function') {
    const callback = config.callback;
    config.callback = function (...result) {
      count(text, started);
      return callback.apply(this, result);
    };
    return original.apply(this, args);
  }
  const result = original.apply(this, args);
  if (typeof result?.then === 'function')
    result.then(
      () => count(text, started),
      () => undefined,
    );
  return result;
};

function write() {
  if (stats.size === 0) return;
  const rows = [...stats]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 40)
    .map(([kind, s]) => `${String(s.calls).padStart(7)}  ${(s.ms / s.calls).toFixed(2).padStart(8)} ms  ${kind}`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `  calls      mean  statement\n${rows.join('\n')}\n`);
}
setInterval(write, 5000).unref();
process.on('exit', write);
