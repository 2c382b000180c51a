// End-to-end harness: a real Dossier server (fresh database, built web app) and a real Chromium.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Config } from '../server/config.ts';
import { createTestApp, listen, type Session, type TestApp } from '../server/test/harness.ts';
import { launchChromium } from './chromium.ts';
import { browserLocale, lang } from './i18n.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const screenshotDir = path.join(root, 'e2e', 'screenshots');

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/**
 * Content-Security-Policy violations seen by any page; every test fails when it leaves one here
 * (the server's policy must fit what the app really does; e2e/setup.ts checks after each test).
 */
export const cspViolations: string[] = [];

/**
 * Saves a picture of the page under e2e/screenshots for a person to look at (the German run beside
 * the English one, `name.de.png`): the whole page, or with fullPage false what the screen shows.
 * Pictures assert nothing; with E2E_SCREENSHOTS=off (as CI runs) none is taken.
 */
export async function savePicture(page: Page, name: string, opts: { fullPage: boolean }): Promise<void> {
  const file = path.join(screenshotDir, lang === 'en' ? `${name}.png` : `${name}.${lang}.png`);
  // Let transitions (modals, menus) settle so the picture shows the resting state. The pause stays when no
  // picture is taken: the steps after it were written to follow a settled screen.
  await page.waitForTimeout(250);
  if (process.env.E2E_SCREENSHOTS === 'off') return;
  await page.screenshot({ path: file, fullPage: opts.fullPage });
}

export interface E2E {
  baseUrl: string;
  server: TestApp;
  browser: Browser;
  /** Uncaught errors from any page; a test that ends with entries here has found a crash. */
  pageErrors: string[];
  /** A page in a fresh browser context: its own cookies and storage, like a new visitor. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  /**
   * Opens `path` signed in as a session made through the API. Tests that are not about signing in use this
   * instead of the form: it is faster and stays clear of the login rate limit (10 per 15 minutes and email).
   */
  openAs(page: Page, session: Session, path?: string): Promise<void>;
  /** A picture of the whole page for a person to look at (see savePicture). */
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startE2E(overrides: Partial<Config> = {}): Promise<E2E> {
  if (!fs.existsSync(path.join(root, 'web', 'dist', 'index.html'))) {
    throw new Error('web/dist is missing: run `npm run build` before the e2e tests');
  }
  const server = await createTestApp(overrides, { serveWeb: true });
  let browser: Browser | null = null;
  try {
    const baseUrl = await listen(server.app);
    // launch() gives every run a fresh temporary profile (user-data-dir) and removes it on close.
    browser = await launchChromium();
    await fsp.mkdir(screenshotDir, { recursive: true });
    const pageErrors: string[] = [];
    const b = browser;
    return {
      baseUrl,
      server,
      browser: b,
      pageErrors,
      async newPage(viewport = DESKTOP) {
        const context = await b.newContext({
          baseURL: baseUrl,
          viewport,
          deviceScaleFactor: viewport.width < 600 ? 2 : 1,
          isMobile: viewport.width < 600,
          hasTouch: viewport.width < 600,
          locale: browserLocale,
          timezoneId: 'Europe/Berlin',
        });
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
        // Chromium reports each violation on the console; the event catches any it would not.
        page.on('console', (msg) => {
          if (/Content Security Policy/i.test(msg.text())) cspViolations.push(`${page.url()}: ${msg.text()}`);
        });
        await page.addInitScript(() =>
          document.addEventListener('securitypolicyviolation', (e) =>
            console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI}`),
          ),
        );
        return page;
      },
      async openAs(page, session, path = '/contacts') {
        await page
          .context()
          .addCookies([
            { name: 'dossier_session', value: session.cookie, url: baseUrl, httpOnly: true, sameSite: 'Lax' },
          ]);
        await page.goto(path);
        await page.getByRole('banner').waitFor();
      },
      screenshot: (page, name) => savePicture(page, name, { fullPage: true }),
      async close() {
        await b.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
}

/** A unique email per call, so tests in one database never collide. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.test`;
}

/** True when the page is wider than the viewport, i.e. the user would have to scroll sideways. */
export async function overflowsHorizontally(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

/**
 * Types into a picker that searches the server and picks the option named `option` once the answer to what was
 * typed is listed. Until then the list still shows the previous answer, and a click aimed at an option there can
 * land on another option, or on nothing once the new answer replaces the list.
 */
export async function pickFromSearch(page: Page, combobox: Locator, typed: string, option: RegExp): Promise<void> {
  await combobox.fill(typed);
  const listed = page.getByRole('option');
  await listed.filter({ hasText: option }).first().waitFor();
  for (let i = 0; (await listed.filter({ hasNotText: typed }).count()) > 0; i++) {
    if (i === 150) throw new Error(`the options never narrowed to "${typed}"`);
    await page.waitForTimeout(100);
  }
  await listed.filter({ hasText: option }).click();
}
