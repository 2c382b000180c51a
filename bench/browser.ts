// What a user waits for in the browser, on the bench data: the first load's transfer, search
// results after the last keystroke, and a contact page after the click — Debian's Chromium driven
// by playwright-core against the real server (web assets built: `npm run build`).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../e2e/chromium.ts';
import pg from 'pg';
import { startApp } from './app.ts';
import { openBenchDatabase, prewarmContacts, stateFile, type BenchState } from './database.ts';
import { describeMachine } from './machine.ts';
import { printTimes } from './stats.ts';
import { prng } from './words.ts';

const PASSWORD = 'bench-password-1';

/** A fresh browser context signed in as a bench user (every generated user has the bench password). */
export async function signedInContext(browser: Browser, origin: string, email: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: origin, viewport: { width: 1440, height: 900 } });
  const res = await context.request.post('/api/v1/auth/login', { data: { email, password: PASSWORD } });
  if (!res.ok()) throw new Error(`sign-in failed: ${res.status()} ${await res.text()}`);
  return context;
}

export interface BrowserRun {
  state: BenchState;
  pool: pg.Pool;
  /** The API's base URL (…/api/v1) and the app's origin. */
  base: string;
  origin: string;
  browser: Browser;
}

/**
 * The bench data's app (web assets served: `npm run build` first) and a Chromium beside it, for the
 * time of `run`; everything is stopped after, also when it fails.
 */
export async function withBrowserApp(run: (r: BrowserRun) => Promise<void>): Promise<void> {
  const state = JSON.parse(await fs.readFile(stateFile, 'utf8')) as BenchState;
  const { url, embedded } = await openBenchDatabase();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const { base, close } = await startApp(url, { serveWeb: true });
  const browser = await launchChromium();
  try {
    await run({ state, pool, base, origin: new URL(base).origin, browser });
  } finally {
    await browser.close();
    await close();
    await pool.end();
    await embedded?.stop();
  }
}

export async function browserBench(opts: { iterations: number; seed: number }): Promise<void> {
  await withBrowserApp(async ({ state, pool, origin, browser }) => {
    const [admin] = (
      await pool.query(`select email from users where workspace_id = $1 and role = 'admin' limit 1`, [
        state.workspaceId,
      ])
    ).rows as { email: string }[];
    // The server's side in steady state, as the http bench measures it: what varies is then the browser's.
    console.log(await prewarmContacts(pool));
    const { load, cpu } = await describeMachine();
    console.log(
      `CPU ${cpu}; Chromium ${browser.version()}; ` +
        `${state.contacts.toLocaleString()} contacts; ${opts.iterations} runs; seed ${opts.seed}; load average ${load}.`,
    );
    const rnd = prng(opts.seed);
    const names = (
      await pool.query(
        `select last_name from contacts tablesample bernoulli (0.3) repeatable (${opts.seed % 1_000_000})
         where workspace_id = $1 and archived_at is null and kind = 'person' and length(last_name) >= 5 limit 500`,
        [state.workspaceId],
      )
    ).rows.map((r: { last_name: string }) => r.last_name.toLowerCase());

    const newSignedInPage = async () => (await signedInContext(browser, origin, admin!.email)).newPage();

    // 1. The first load of / in a fresh browser (empty cache): bytes on the wire, by type.
    const loads: { total: number; js: number; css: number; other: number; ms: number }[] = [];
    for (let i = 0; i < Math.min(3, opts.iterations); i++) {
      const page = await newSignedInPage();
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      const types = new Map<string, string>();
      const sizes = { total: 0, js: 0, css: 0, other: 0 };
      cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
      cdp.on('Network.loadingFinished', (e) => {
        const type = types.get(e.requestId);
        sizes.total += e.encodedDataLength;
        if (type === 'Script') sizes.js += e.encodedDataLength;
        else if (type === 'Stylesheet') sizes.css += e.encodedDataLength;
        else sizes.other += e.encodedDataLength;
      });
      const t0 = performance.now();
      await page.goto('/', { waitUntil: 'networkidle' });
      await page.getByTestId('contact-row').first().waitFor();
      loads.push({ ...sizes, ms: performance.now() - t0 });
      await page.context().close();
    }
    const kb = (n: number) => `${Math.round(n / 1024)} KB`;
    const first = loads[loads.length - 1]!;
    console.log(
      `first load of /: ${kb(first.total)} transferred ${first.total <= 450 * 1024 ? '✓' : '✗'} (≤ 450 KB) — ` +
        `JavaScript ${kb(first.js)}, CSS ${kb(first.css)}, the rest ${kb(first.other)}; list on screen after ` +
        `${loads.map((l) => l.ms.toFixed(0)).join(' / ')} ms (cold cache)`,
    );

    // 2. Search as you type: results on screen after the last keystroke.
    const page = await newSignedInPage();
    await page.goto('/contacts');
    await page.getByTestId('contact-row').first().waitFor();
    const box = page.getByRole('searchbox').first();
    const searchTimes: number[] = [];
    const openTimes: number[] = [];
    // The same, timed from outside (from the end of Playwright's typing, and from its click call, which first waits
    // for the link to be stable): what earlier sessions reported.
    const searchOuter: number[] = [];
    const openOuter: number[] = [];
    // The moments the user acts, in the page's own clock: the last key pressed down, the pointer pressed on the row.
    await page.evaluate(() => {
      const w = window as unknown as { lastKeyDown: number; pressedAt: number };
      addEventListener('keydown', (e) => (w.lastKeyDown = e.timeStamp), { capture: true });
      addEventListener('pointerdown', (e) => (w.pressedAt = e.timeStamp), { capture: true });
    });
    const typedBefore = new Set<string>();
    for (let i = 0; i < opts.iterations; i++) {
      // A fragment asked before is answered from the cache without a request: each is asked once.
      let typed: string;
      do {
        const name = names[rnd.int(names.length)]!;
        typed = name.slice(0, 3 + rnd.int(Math.min(4, name.length - 2)));
      } while (typedBefore.has(typed));
      // The list asks as each letter is typed: every beginning of the word is then in the cache.
      for (let n = 1; n <= typed.length; n++) typedBefore.add(typed.slice(0, n));
      await box.fill('');
      await page.waitForFunction(() => !new URL(location.href).searchParams.get('q'));
      // A person types about eight characters a second. Done when the answer to what was typed is
      // on screen: its response arrived and the next two frames were painted.
      const answered = page.waitForResponse(
        (r) => r.url().includes('/api/v1/contacts?') && new URL(r.url()).searchParams.get('q') === typed,
      );
      // The first frame showing the answer to what was typed (the address holds it and the list is no longer the
      // previous answer, dimmed), watched from before the typing so that Playwright's own pace does not count.
      // (A string: the bench's TypeScript loader would name the inner function with a helper the page lacks.)
      await page.evaluate(`(() => {
        const q = ${JSON.stringify(typed)};
        window.shownAt = null;
        requestAnimationFrame(function frame() {
          const shown = new URL(location.href).searchParams.get('q') === q && !document.querySelector('[aria-busy="true"]');
          if (shown && document.querySelector('[data-testid="contact-row"]')) window.shownAt = performance.now();
          else requestAnimationFrame(frame);
        });
      })()`);
      await box.pressSequentially(typed, { delay: 120 });
      const t0 = performance.now();
      await answered;
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      searchOuter.push(performance.now() - t0);
      const searched = await page.waitForFunction(() => {
        const w = window as unknown as { shownAt: number | null; lastKeyDown: number };
        return w.shownAt !== null && w.shownAt - w.lastKeyDown;
      });
      searchTimes.push((await searched.jsonValue()) as number);

      // 3. Open the first result: the contact page with its header and first tab rendered.
      const row = page.getByTestId('contact-row').first();
      const link = row.getByRole('link').first();
      const shown = (await link.textContent())?.trim() ?? '';
      const t1 = performance.now();
      await link.click();
      const rendered = await page.waitForFunction(
        (want) => {
          const root = document.querySelector('[data-testid="contact-page"]');
          const h1 = root?.querySelector('h1');
          const done =
            h1?.textContent?.includes(want) &&
            !root!.querySelector('.mantine-Loader-root, .mantine-Skeleton-root[data-visible="true"]');
          return done ? performance.now() - (window as unknown as { pressedAt: number }).pressedAt : false;
        },
        shown,
        { polling: 'raf' },
      );
      openOuter.push(performance.now() - t1);
      openTimes.push((await rendered.jsonValue()) as number);
      await page.goBack();
      await page.getByTestId('contact-row').first().waitFor();
    }
    printTimes('search: results on screen after the last key went down', searchTimes, 200);
    printTimes('contact page rendered after the row was pressed', openTimes, 300);
    printTimes("  (search, from the end of Playwright's typing)", searchOuter);
    printTimes("  (contact page, from Playwright's click call)", openOuter);
    await fs.mkdir(path.join(path.dirname(stateFile), '..', 'out'), { recursive: true });
  });
}
