// The UI's language: a German browser gets German pages before anyone signs in, a picked language sticks for
// signed-out pages, and changing the profile's language switches the whole UI at once, without a reload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import appDe from '../web/src/app/i18n/de.json' with { type: 'json' };
import appEn from '../web/src/app/i18n/en.json' with { type: 'json' };
import authDe from '../web/src/features/auth/i18n/de.json' with { type: 'json' };
import authEn from '../web/src/features/auth/i18n/en.json' with { type: 'json' };
import settingsDe from '../web/src/features/settings/i18n/de.json' with { type: 'json' };
import settingsEn from '../web/src/features/settings/i18n/en.json' with { type: 'json' };
import { DESKTOP, startE2E, type E2E } from './harness.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

/** A page whose browser speaks `locale`, whatever language this run uses. */
async function browserIn(locale: string) {
  const context = await e2e.browser.newContext({ baseURL: e2e.baseUrl, viewport: DESKTOP, locale });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => e2e.pageErrors.push(`${page.url()}: ${err.message}`));
  return page;
}

describe('languages', () => {
  it('shows a German browser the sign-in page in German, and keeps a language picked there', async () => {
    const page = await browserIn('de-DE');
    await page.goto('/sign-in');
    await page.getByRole('heading', { level: 1, name: authDe.auth.signInTitle }).waitFor();
    await page.getByRole('button', { name: authDe.auth.signIn }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await e2e.screenshot(page, 'languages-sign-in-german');

    // Picked on the page: the page switches at once, and the choice outlives a reload.
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: authEn.auth.signInTitle }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: authEn.auth.signInTitle }).waitFor();
    await page.context().close();
  });

  it('switches the whole UI when the profile’s language changes, without a reload', async () => {
    const session = await e2e.server.signup({ workspaceName: 'Sprachschule Ost', name: 'Lena Lang' });
    // Start from English whatever this run's default is.
    expect((await session.patch('/api/v1/users/me', { locale: 'en' })).statusCode).toBe(200);
    const page = await browserIn('en-US');
    await page
      .context()
      .addCookies([
        { name: 'dossier_session', value: session.cookie, url: e2e.baseUrl, httpOnly: true, sameSite: 'Lax' },
      ]);
    await page.goto('/settings/profile');
    await page.getByRole('heading', { name: settingsEn.settings.nav.profile }).waitFor();
    await page.evaluate(() => Object.assign(window, { stillThisPage: true }));

    await page.getByRole('combobox', { name: settingsEn.settings.profile.language }).click();
    await page.getByRole('option', { name: 'Deutsch' }).click();

    // The page, the settings navigation and the app's own navigation all speak German now.
    await page.getByRole('heading', { name: settingsDe.settings.nav.profile }).waitFor();
    const sections = page.getByRole('navigation', { name: appDe.app.sections });
    await sections.getByRole('link', { name: appDe.app.nav.contacts }).waitFor();
    await page.getByRole('link', { name: settingsDe.settings.nav.users }).waitFor();
    expect(await page.evaluate(() => (window as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    expect((await session.get('/api/v1/auth/session')).json().user.locale).toBe('de');
    expect(await page.getByRole('link', { name: appEn.app.nav.contacts }).count()).toBe(0);
    await e2e.screenshot(page, 'languages-profile-german');

    // Moving on stays German, still without a reload.
    await page.getByRole('link', { name: settingsDe.settings.nav.users }).click();
    await page.getByRole('heading', { name: settingsDe.settings.users.title }).waitFor();
    expect(await page.evaluate(() => (window as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
    await page.context().close();
  });

  it('has no uncaught errors in the browser', () => {
    expect(e2e.pageErrors).toEqual([]);
  });
});
