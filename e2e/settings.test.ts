// The settings area end to end: what an admin can change, what a member sees, on desktop and phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../server/test/harness.ts';
import { overflowsHorizontally, PHONE, screenshotDir, startE2E, type E2E } from './harness.ts';

let e2e: E2E;
let admin: Session;
/** The busy workspace's admin; the phone tour below reuses its filled lists. */
let owner: Session;

beforeAll(async () => {
  e2e = await startE2E();
  admin = await e2e.server.signup({ workspaceName: 'Harbour & Hill Estates', name: 'Ada Admin' });
});

afterAll(async () => {
  await e2e?.close();
});

describe('settings as an admin', () => {
  it('renames the workspace and the header follows', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, admin);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(/\/settings\/workspace$/);
    await e2e.screenshot(page, 'settings-workspace-desktop');

    const longName = 'Harbour & Hill Estates — Residential Lettings and Property Management North';
    await page.getByLabel('Workspace name').fill(longName);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Workspace settings saved').waitFor();
    await expect.poll(() => page.getByRole('banner').getByText(longName).count()).toBe(1);
    const stored = await admin.get('/api/v1/workspace');
    expect(stored.json().name).toBe(longName);
    await e2e.screenshot(page, 'settings-workspace-long-name-desktop');
    await page.context().close();
  });

  it('adds a user, refuses to demote the last admin, deactivates and reactivates', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, admin, '/settings/users');
    await expect.poll(() => page.getByTestId('user-row').count()).toBe(1);

    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('Mia Member');
    await dialog.getByLabel('Email').fill('mia.member@example.test');
    const password = await dialog.getByLabel('Temporary password').inputValue();
    expect(password.length).toBeGreaterThanOrEqual(10);
    await e2e.screenshot(page, 'settings-users-add-desktop');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await dialog.getByText('can now sign in').waitFor();
    await expect.poll(() => dialog.textContent()).toContain(password);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByTestId('user-row').count()).toBe(2);

    // The new user really can sign in with the temporary password.
    const mia = await e2e.server.login('mia.member@example.test', password);
    expect(mia.user.role).toBe('member');

    // Demoting the only admin is refused, and the refusal is shown where the change was made.
    await page.getByRole('button', { name: 'Actions for Ada Admin' }).click();
    await page.getByRole('menuitem', { name: 'Edit user' }).click();
    await dialog.getByLabel('Role').click();
    await page.getByRole('option', { name: 'Member' }).click();
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByText('A workspace needs at least one active admin').waitFor();
    await e2e.screenshot(page, 'settings-users-refusal-desktop');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // Nobody can deactivate themselves, so the menu does not offer it.
    await page.getByRole('button', { name: 'Actions for Ada Admin' }).click();
    await page.getByRole('menuitem', { name: 'Edit user' }).waitFor();
    expect(await page.getByRole('menuitem', { name: 'Deactivate' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: 'Actions for Mia Member' }).click();
    await page.getByRole('menuitem', { name: 'Deactivate' }).click();
    await dialog.getByText('Deactivate Mia Member?').waitFor();
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await expect.poll(() => page.getByTestId('user-row').count()).toBe(1);
    expect(
      (await e2e.server.anonymous.post('/api/v1/auth/login', { email: 'mia.member@example.test', password }))
        .statusCode,
    ).toBe(403);

    await page.getByText('Deactivated', { exact: true }).click();
    await expect.poll(() => page.getByTestId('user-row').count()).toBe(1);
    await page.getByRole('button', { name: 'Actions for Mia Member' }).click();
    await page.getByRole('menuitem', { name: 'Reactivate' }).click();
    await dialog.getByRole('button', { name: 'Reactivate' }).click();
    await page.getByText('No deactivated users').waitFor();
    await e2e.screenshot(page, 'settings-users-deactivated-empty-desktop');
    await page.getByText('Active', { exact: true }).click();
    await expect.poll(() => page.getByTestId('user-row').count()).toBe(2);
    await e2e.screenshot(page, 'settings-users-desktop');
    await page.context().close();
  });

  it('creates a team with members and a leader, then deletes it after confirmation', async () => {
    await admin.addUser('member', 'Theo Teammate');
    const page = await e2e.newPage();
    await e2e.openAs(page, admin, '/settings/teams');
    await page.getByText('No teams yet').waitFor();
    await e2e.screenshot(page, 'settings-teams-empty-desktop');

    await page.getByRole('button', { name: 'Create a team' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Team name').fill('Lettings North');
    await dialog.getByLabel('Members').click();
    await page.getByRole('option', { name: 'Ada Admin' }).click();
    await page.getByRole('option', { name: 'Theo Teammate' }).click();
    await dialog.getByLabel('Team name').click(); // closes the member dropdown
    await dialog.getByLabel('Leader').click();
    await page.getByRole('option', { name: 'Theo Teammate' }).click();
    await dialog.getByRole('button', { name: 'Create team' }).click();

    const row = page.getByTestId('team-row');
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.textContent()).toContain('2 members');
    expect(await row.textContent()).toContain('Theo Teammate');
    const teams = (await admin.get('/api/v1/teams')).json().data;
    expect(teams[0].members.find((m: { name: string }) => m.name === 'Theo Teammate').isLeader).toBe(true);
    await e2e.screenshot(page, 'settings-teams-desktop');

    // Users list the teams they are in.
    await page.getByRole('link', { name: 'Users' }).click();
    await expect
      .poll(() => page.getByTestId('user-row').filter({ hasText: 'Theo Teammate' }).textContent())
      .toContain('Lettings North');
    await page.getByRole('link', { name: 'Teams' }).click();

    await page.getByRole('button', { name: 'Actions for Lettings North' }).click();
    await page.getByRole('menuitem', { name: 'Delete team' }).click();
    await dialog.getByRole('button', { name: 'Delete team' }).click();
    await page.getByText('No teams yet').waitFor();
    expect((await admin.get('/api/v1/teams')).json().data).toEqual([]);
    await page.context().close();
  });

  it('creates an API key that works, shows it once, and revokes it', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, admin, '/settings/api-keys');
    await page.getByText('No API keys yet').waitFor();
    await e2e.screenshot(page, 'settings-api-keys-empty-desktop');

    await page.getByRole('button', { name: 'Create API key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('Website contact form');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const secret = (await dialog.getByTestId('api-key-secret').textContent())!.trim();
    await dialog.getByText('You won’t see this key again', { exact: false }).waitFor();
    await e2e.screenshot(page, 'settings-api-keys-secret-desktop');

    const withKey = e2e.server.withKey(secret);
    expect((await withKey.get('/api/v1/users')).statusCode).toBe(200);

    await dialog.getByRole('button', { name: 'Done' }).click();
    const row = page.getByTestId('api-key-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(secret.startsWith((await row.locator('code').textContent())!.replace('…', ''))).toBe(true);
    // The list never shows the secret again.
    expect(await page.getByText(secret).count()).toBe(0);
    await e2e.screenshot(page, 'settings-api-keys-desktop');

    await page.getByRole('button', { name: 'Revoke Website contact form' }).click();
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await expect.poll(() => row.textContent()).toContain('Revoked');
    expect((await withKey.get('/api/v1/users')).statusCode).toBe(401);
    await page.context().close();
  });

  it('changes your own name and refuses a wrong current password', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, admin, '/settings/profile');
    await page.getByLabel('Name', { exact: true }).fill('Ada A. Admin');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved').waitFor();
    await page.getByRole('button', { name: 'Account menu for Ada A. Admin' }).waitFor();

    await page.getByLabel('Current password').fill('not-my-password');
    await page.getByLabel('New password', { exact: true }).fill('a-brand-new-password');
    await page.getByLabel('Repeat new password').fill('a-brand-new-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('The current password is not correct').waitFor();
    await e2e.screenshot(page, 'settings-profile-desktop');
    await page.context().close();
  });
});

describe('appearance', () => {
  it('switches to the dark theme from the user menu and remembers it', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, admin);
    const scheme = () => page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'));
    expect(await scheme()).toBe('light');

    await page.getByRole('button', { name: /^Account menu for/ }).click();
    await page.getByRole('menuitem', { name: 'Dark theme' }).click();
    expect(await scheme()).toBe('dark');
    await page.goto('/settings/users');
    await page.reload();
    expect(await scheme()).toBe('dark');
    await expect.poll(() => page.getByTestId('user-row').count()).toBeGreaterThan(1);
    await e2e.screenshot(page, 'settings-users-dark-desktop');
    await page.goto('/settings/teams');
    await page.getByRole('heading', { name: 'Teams' }).waitFor();
    await e2e.screenshot(page, 'settings-teams-dark-desktop');
    await page.context().close();
  });
});

describe('settings as a member', () => {
  it('shows workspace settings read-only and hides what only admins can do', async () => {
    const member = await admin.addUser('member', 'Max Member');
    const page = await e2e.newPage();
    await e2e.openAs(page, member, '/settings/workspace');
    await page.getByText('Only admins can change workspace settings.').waitFor();
    await page.getByText('Harbour & Hill Estates', { exact: false }).first().waitFor();
    // Facts, not disabled inputs: nothing on the page looks editable.
    expect(await page.getByRole('main').getByRole('textbox').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'API keys' }).count()).toBe(0);
    await e2e.screenshot(page, 'settings-workspace-member-desktop');

    await page.getByRole('link', { name: 'Users' }).click();
    await expect.poll(() => page.getByTestId('user-row').count()).toBeGreaterThan(1);
    expect(await page.getByRole('button', { name: 'Add user' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Actions for/ }).count()).toBe(0);

    await page.goto('/settings/api-keys');
    await page.getByText('Only admins manage API keys').waitFor();
    await page.context().close();
  });
});

describe('a busy workspace', () => {
  it('lists many users and teams, long names included, without breaking the layout', async () => {
    // Its own workspace with believable names: this run also produces the README screenshot.
    owner = await e2e.server.signup({
      workspaceName: 'Harbour & Hill Estates',
      name: 'Ada Lovelace',
      email: 'ada@harbourhill.example',
    });
    const people = [
      { name: 'Priya Raman', email: 'priya', role: 'admin' },
      { name: 'Jonas Becker', email: 'jonas', role: 'member' },
      { name: 'Lucía Fernández', email: 'lucia', role: 'member', contactAccess: 'own' },
      { name: 'Kwame Mensah', email: 'kwame', role: 'member' },
      { name: 'Bartholomew Featherstonehaugh-Montgomery the Third', email: 'bart', role: 'member' },
    ];
    const ids: Record<string, string> = {};
    for (const p of people) {
      const res = await owner.post('/api/v1/users', {
        ...p,
        email: `${p.email}@harbourhill.example`,
        password: 'temporary-password-1',
      });
      expect(res.statusCode).toBe(201);
      ids[p.name] = res.json().id;
    }
    const team = async (name: string, members: string[], leader: string) =>
      expect(
        (
          await owner.post('/api/v1/teams', {
            name,
            memberIds: members.map((m) => ids[m]),
            leaderId: ids[leader],
          })
        ).statusCode,
      ).toBe(201);
    await team('Lettings North', ['Priya Raman', 'Jonas Becker', 'Kwame Mensah'], 'Priya Raman');
    await team(
      'Premium Residential Portfolio — Greater Manchester and the Peak District',
      ['Lucía Fernández', 'Bartholomew Featherstonehaugh-Montgomery the Third', 'Jonas Becker'],
      'Lucía Fernández',
    );
    await owner.createApiKey('Website contact form');
    await owner.createApiKey('Zapier — new leads from Facebook ads');

    const page = await e2e.newPage();
    await e2e.openAs(page, owner, '/settings/users');
    await expect.poll(() => page.getByTestId('user-row').count()).toBe(people.length + 1);
    await expect
      .poll(() => page.getByTestId('user-row').filter({ hasText: 'Jonas Becker' }).textContent())
      .toMatch(/Lettings North.*Premium Residential/);
    expect(await overflowsHorizontally(page)).toBe(false);
    await e2e.screenshot(page, 'settings-users-filled-desktop');
    await page.screenshot({ path: `${screenshotDir}/readme.png` });
    await page.goto('/settings/teams');
    await expect.poll(() => page.getByTestId('team-row').count()).toBe(2);
    expect(await overflowsHorizontally(page)).toBe(false);
    await e2e.screenshot(page, 'settings-teams-filled-desktop');
    await page.goto('/settings/api-keys');
    await expect.poll(() => page.getByTestId('api-key-row').count()).toBe(2);
    await e2e.screenshot(page, 'settings-api-keys-filled-desktop');
    await page.context().close();
  });
});

describe('every screen on a phone', () => {
  it('fits the width, and the navigation opens from the burger', async () => {
    const page = await e2e.newPage(PHONE);
    await e2e.openAs(page, owner);
    expect(await overflowsHorizontally(page)).toBe(false);
    await e2e.screenshot(page, 'app-contacts-phone');

    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('link', { name: 'Tasks' }).waitFor();
    await e2e.screenshot(page, 'app-nav-open-phone');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(/\/settings\/workspace$/);

    for (const name of ['workspace', 'users', 'teams', 'api-keys', 'profile']) {
      await page.goto(`/settings/${name}`);
      await page.getByRole('heading', { level: 2 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await overflowsHorizontally(page), `/settings/${name} is wider than the phone`).toBe(false);
      await e2e.screenshot(page, `settings-${name}-phone`);
    }
    for (const name of ['sign-in', 'sign-up']) {
      const visitor = await e2e.newPage(PHONE);
      await visitor.goto(`/${name}`);
      await visitor.getByRole('heading', { level: 1 }).waitFor();
      expect(await overflowsHorizontally(visitor)).toBe(false);
      await e2e.screenshot(visitor, `${name}-phone`);
      await visitor.context().close();
    }
    await page.context().close();
  });

  it('has no uncaught errors in the browser', () => {
    expect(e2e.pageErrors).toEqual([]);
  });
});
