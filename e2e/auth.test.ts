// Signing up, out and in through the real UI against a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, startE2E, uniqueEmail, type E2E } from './harness.ts';
import { lang, t } from './i18n.ts';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  await e2e?.close();
});

describe('authentication', () => {
  it('signs up a new workspace, signs out, and signs back in to the same workspace', async () => {
    const page = await e2e.newPage();
    const email = uniqueEmail('founder');
    const password = 'correct-horse-battery';

    await page.goto('/');
    await page.waitForURL(/\/sign-in/);
    await e2e.screenshot(page, 'sign-in-desktop');
    await page.getByRole('link', { name: t('auth.createAWorkspace') }).click();
    await page.waitForURL(/\/sign-up$/);
    await e2e.screenshot(page, 'sign-up-desktop');

    await page.getByLabel(t('auth.workspaceName')).fill('Northwind Realty');
    await page.getByLabel(t('auth.yourName')).fill('Nora North');
    await page.getByLabel(t('auth.workEmail')).fill(email);
    await page.getByLabel(t('auth.password'), { exact: true }).fill(password);
    await page.getByRole('button', { name: t('auth.createWorkspace') }).click();

    await page.waitForURL(/\/contacts$/);
    await page.getByRole('banner').getByText('Northwind Realty').waitFor();
    await e2e.screenshot(page, 'app-contacts-desktop');

    await page.getByRole('button', { name: t('app.accountMenu', { name: 'Nora North' }) }).click();
    const menu = page.getByRole('menu');
    await menu.getByText(email).waitFor();
    await menu.getByText(t('settings.roles.admin')).waitFor();
    await e2e.screenshot(page, 'user-menu-desktop');
    await menu.getByRole('menuitem', { name: t('app.signOut') }).click();
    await page.waitForURL(/\/sign-in$/);

    // The session is really gone: the app sends us back to sign in.
    await page.goto('/settings/users');
    await page.waitForURL(/\/sign-in\?redirect=/);

    await page.getByLabel(t('common.email')).fill(email);
    await page.getByLabel(t('auth.password'), { exact: true }).fill(password);
    await page.getByRole('button', { name: t('auth.signIn') }).click();

    // …and after signing in, back to where we were going.
    await page.waitForURL(/\/settings\/users$/);
    await page.getByRole('banner').getByText('Northwind Realty').waitFor();
    await expect.poll(() => page.getByTestId('user-row').count()).toBe(1);
    await page.context().close();
  });

  it('refuses a wrong password and says why, in place', async () => {
    const admin = await e2e.server.signup({ workspaceName: 'Refusal Inc', password: 'right-password-1' });
    const page = await e2e.newPage();
    await page.goto('/sign-in');
    await page.getByLabel(t('common.email')).fill(admin.user.email);
    await page.getByLabel(t('auth.password'), { exact: true }).fill('wrong-password-1');
    await page.getByRole('button', { name: t('auth.signIn') }).click();

    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe(lang === 'en' ? 'The email or password is not correct' : t('common.errors.invalid_credentials'));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await e2e.screenshot(page, 'sign-in-refused-desktop');
    await page.context().close();
  });

  it('shows the server’s field errors under the fields on sign-up', async () => {
    const page = await e2e.newPage(PHONE);
    await page.goto('/sign-up');
    await page.getByLabel(t('auth.workspaceName')).fill('Short Password Ltd');
    await page.getByLabel(t('auth.yourName')).fill('Sam Short');
    await page.getByLabel(t('auth.workEmail')).fill(uniqueEmail('short'));
    await page.getByLabel(t('auth.password'), { exact: true }).fill('short');
    await page.getByRole('button', { name: t('auth.createWorkspace') }).click();

    await page.getByText('Use at least 10 characters').waitFor();
    await expect
      .poll(() => page.getByLabel(t('auth.password'), { exact: true }).getAttribute('aria-invalid'))
      .toBe('true');
    expect(new URL(page.url()).pathname).toBe('/sign-up');
    await e2e.screenshot(page, 'sign-up-field-error-phone');
    await page.context().close();
  });

  it('notices an ended session, sends the user to sign in, and returns them afterwards', async () => {
    const session = await e2e.server.signup({ workspaceName: 'Expiry & Co', password: 'expiry-password-1' });
    const page = await e2e.newPage();
    await e2e.openAs(page, session, '/settings/workspace');
    await page.getByRole('heading', { name: t('settings.nav.general') }).waitFor();

    // The session ends elsewhere (signed out on another device, or expired).
    expect((await session.post('/api/v1/auth/logout')).statusCode).toBe(204);
    await page.getByRole('link', { name: t('settings.nav.users') }).click();

    await page.waitForURL(/\/sign-in\?redirect=%2Fsettings%2Fusers/);
    await page.getByText(t('app.sessionEnded')).waitFor();
    await page.getByLabel(t('common.email')).fill(session.user.email);
    await page.getByLabel(t('auth.password'), { exact: true }).fill('expiry-password-1');
    await page.getByRole('button', { name: t('auth.signIn') }).click();
    await page.waitForURL(/\/settings\/users$/);
    await expect.poll(() => page.getByTestId('user-row').count()).toBe(1);
    await page.context().close();
  });

  it('has no uncaught errors in the browser', () => {
    expect(e2e.pageErrors).toEqual([]);
  });
});
