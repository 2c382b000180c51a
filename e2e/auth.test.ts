// Signing up, out and in through the real UI against a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, startE2E, uniqueEmail, type E2E } from './harness.ts';

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
    await page.getByRole('link', { name: 'Create a workspace' }).click();
    await page.waitForURL(/\/sign-up$/);
    await e2e.screenshot(page, 'sign-up-desktop');

    await page.getByLabel('Workspace name').fill('Northwind Realty');
    await page.getByLabel('Your name').fill('Nora North');
    await page.getByLabel('Work email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Create workspace' }).click();

    await page.waitForURL(/\/contacts$/);
    await page.getByRole('banner').getByText('Northwind Realty').waitFor();
    await e2e.screenshot(page, 'app-contacts-desktop');

    await page.getByRole('button', { name: 'Account menu for Nora North' }).click();
    const menu = page.getByRole('menu');
    await menu.getByText(email).waitFor();
    await menu.getByText('Admin').waitFor();
    await e2e.screenshot(page, 'user-menu-desktop');
    await menu.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);

    // The session is really gone: the app sends us back to sign in.
    await page.goto('/settings/users');
    await page.waitForURL(/\/sign-in\?redirect=/);

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();

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
    await page.getByLabel('Email').fill(admin.user.email);
    await page.getByLabel('Password', { exact: true }).fill('wrong-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The email or password is not correct');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await e2e.screenshot(page, 'sign-in-refused-desktop');
    await page.context().close();
  });

  it('shows the server’s field errors under the fields on sign-up', async () => {
    const page = await e2e.newPage(PHONE);
    await page.goto('/sign-up');
    await page.getByLabel('Workspace name').fill('Short Password Ltd');
    await page.getByLabel('Your name').fill('Sam Short');
    await page.getByLabel('Work email').fill(uniqueEmail('short'));
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create workspace' }).click();

    await page.getByText('Use at least 10 characters').waitFor();
    await expect.poll(() => page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(new URL(page.url()).pathname).toBe('/sign-up');
    await e2e.screenshot(page, 'sign-up-field-error-phone');
    await page.context().close();
  });

  it('notices an ended session, sends the user to sign in, and returns them afterwards', async () => {
    const session = await e2e.server.signup({ workspaceName: 'Expiry & Co', password: 'expiry-password-1' });
    const page = await e2e.newPage();
    await e2e.openAs(page, session, '/settings/workspace');
    await page.getByRole('heading', { name: 'General' }).waitFor();

    // The session ends elsewhere (signed out on another device, or expired).
    expect((await session.post('/api/v1/auth/logout')).statusCode).toBe(204);
    await page.getByRole('link', { name: 'Users' }).click();

    await page.waitForURL(/\/sign-in\?redirect=%2Fsettings%2Fusers/);
    await page.getByText('Your session ended. Sign in to continue.').waitFor();
    await page.getByLabel('Email').fill(session.user.email);
    await page.getByLabel('Password', { exact: true }).fill('expiry-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/settings\/users$/);
    await expect.poll(() => page.getByTestId('user-row').count()).toBe(1);
    await page.context().close();
  });

  it('has no uncaught errors in the browser', () => {
    expect(e2e.pageErrors).toEqual([]);
  });
});
