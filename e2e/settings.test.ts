// The settings area end to end: what an admin can change, what a member sees, on desktop and phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../server/test/harness.ts';
import { overflowsHorizontally, PHONE, savePicture, startE2E, type E2E } from './harness.ts';
import { lang, t } from './i18n.ts';

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
    await page.getByRole('link', { name: t('app.nav.settings') }).click();
    await page.waitForURL(/\/settings\/workspace$/);
    await e2e.screenshot(page, 'settings-workspace-desktop');

    const longName = 'Harbour & Hill Estates — Residential Lettings and Property Management North';
    await page.getByLabel(t('auth.workspaceName')).fill(longName);
    await page.getByRole('button', { name: t('settings.saveChanges') }).click();
    await page.getByText(t('settings.workspace.saved')).waitFor();
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

    await page.getByRole('button', { name: t('settings.users.add') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(t('common.name'), { exact: true }).fill('Mia Member');
    await dialog.getByLabel(t('common.email')).fill('mia.member@example.test');
    const password = await dialog.getByLabel(t('settings.users.temporaryPassword')).inputValue();
    expect(password.length).toBeGreaterThanOrEqual(10);
    await e2e.screenshot(page, 'settings-users-add-desktop');
    await dialog.getByRole('button', { name: t('settings.users.add') }).click();
    await dialog.getByTestId('created-user').waitFor();
    await expect.poll(() => dialog.textContent()).toContain(password);
    await dialog.getByRole('button', { name: t('settings.done') }).click();
    await expect.poll(() => page.getByTestId('user-row').count()).toBe(2);

    // The new user really can sign in with the temporary password.
    const mia = await e2e.server.login('mia.member@example.test', password);
    expect(mia.user.role).toBe('member');

    // Demoting the only admin is refused, and the refusal is shown where the change was made.
    await page.getByRole('button', { name: t('settings.collection.actionsFor', { name: 'Ada Admin' }) }).click();
    await page.getByRole('menuitem', { name: t('settings.users.edit') }).click();
    await dialog.getByLabel(t('settings.users.role')).click();
    await page.getByRole('option', { name: t('settings.roles.member') }).click();
    await dialog.getByRole('button', { name: t('settings.saveChanges') }).click();
    await dialog.getByText('A workspace needs at least one active admin').waitFor();
    await e2e.screenshot(page, 'settings-users-refusal-desktop');
    await dialog.getByRole('button', { name: t('common.cancel') }).click();

    // Nobody can deactivate themselves, so the menu does not offer it.
    await page.getByRole('button', { name: t('settings.collection.actionsFor', { name: 'Ada Admin' }) }).click();
    await page.getByRole('menuitem', { name: t('settings.users.edit') }).waitFor();
    expect(await page.getByRole('menuitem', { name: t('settings.users.deactivate') }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: t('settings.collection.actionsFor', { name: 'Mia Member' }) }).click();
    await page.getByRole('menuitem', { name: t('settings.users.deactivate') }).click();
    await dialog.getByText(t('settings.users.deactivateTitle', { name: 'Mia Member' })).waitFor();
    await dialog.getByRole('button', { name: t('settings.users.deactivate') }).click();
    await expect.poll(() => page.getByTestId('user-row').count()).toBe(1);
    expect(
      (await e2e.server.anonymous.post('/api/v1/auth/login', { email: 'mia.member@example.test', password }))
        .statusCode,
    ).toBe(403);

    await page.getByText(t('settings.status.deactivated'), { exact: true }).click();
    await expect.poll(() => page.getByTestId('user-row').count()).toBe(1);
    await page.getByRole('button', { name: t('settings.collection.actionsFor', { name: 'Mia Member' }) }).click();
    await page.getByRole('menuitem', { name: t('settings.users.reactivate') }).click();
    await dialog.getByRole('button', { name: t('settings.users.reactivate') }).click();
    await page.getByText(t('settings.users.emptyDeactivatedTitle')).waitFor();
    await e2e.screenshot(page, 'settings-users-deactivated-empty-desktop');
    await page.getByText(t('settings.status.active'), { exact: true }).click();
    await expect.poll(() => page.getByTestId('user-row').count()).toBe(2);
    await e2e.screenshot(page, 'settings-users-desktop');
    await page.context().close();
  });

  it('creates a team with members and a leader, then deletes it after confirmation', async () => {
    await admin.addUser('member', 'Theo Teammate');
    const page = await e2e.newPage();
    await e2e.openAs(page, admin, '/settings/teams');
    await page.getByText(t('settings.teams.emptyTitle')).waitFor();
    await e2e.screenshot(page, 'settings-teams-empty-desktop');

    await page.getByRole('button', { name: t('settings.teams.createFirst') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(t('settings.teams.name')).fill('Lettings North');
    await dialog.getByLabel(t('settings.teams.members')).click();
    await page.getByRole('option', { name: 'Ada Admin' }).click();
    await page.getByRole('option', { name: 'Theo Teammate' }).click();
    await dialog.getByLabel(t('settings.teams.name')).click(); // closes the member dropdown
    await dialog.getByLabel(t('settings.teams.leader')).click();
    await page.getByRole('option', { name: 'Theo Teammate' }).click();
    await dialog.getByRole('button', { name: t('settings.teams.create') }).click();

    const row = page.getByTestId('team-row');
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.textContent()).toContain(t('settings.teams.memberCount', { count: 2 }));
    expect(await row.textContent()).toContain('Theo Teammate');
    const teams = (await admin.get('/api/v1/teams')).json().data;
    expect(teams[0].members.find((m: { name: string }) => m.name === 'Theo Teammate').isLeader).toBe(true);
    await e2e.screenshot(page, 'settings-teams-desktop');

    // Users list the teams they are in.
    await page.getByRole('link', { name: t('settings.nav.users') }).click();
    await expect
      .poll(() => page.getByTestId('user-row').filter({ hasText: 'Theo Teammate' }).textContent())
      .toContain('Lettings North');
    await page.getByRole('link', { name: t('settings.nav.teams') }).click();

    await page.getByRole('button', { name: t('settings.collection.actionsFor', { name: 'Lettings North' }) }).click();
    await page.getByRole('menuitem', { name: t('settings.teams.delete') }).click();
    await dialog.getByRole('button', { name: t('settings.teams.delete') }).click();
    await page.getByText(t('settings.teams.emptyTitle')).waitFor();
    expect((await admin.get('/api/v1/teams')).json().data).toEqual([]);
    await page.context().close();
  });

  it('creates an API key that works, shows it once, and revokes it', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, admin, '/settings/api-keys');
    await page.getByText(t('settings.apiKeys.emptyTitle')).waitFor();
    await e2e.screenshot(page, 'settings-api-keys-empty-desktop');

    await page.getByRole('button', { name: t('settings.apiKeys.create') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(t('common.name'), { exact: true }).fill('Website contact form');
    await dialog.getByRole('button', { name: t('settings.apiKeys.createKey') }).click();
    const secret = (await dialog.getByTestId('api-key-secret').textContent())!.trim();
    await dialog.getByText(t('settings.apiKeys.copyNowText')).waitFor();
    await e2e.screenshot(page, 'settings-api-keys-secret-desktop');

    const withKey = e2e.server.withKey(secret);
    expect((await withKey.get('/api/v1/users')).statusCode).toBe(200);

    await dialog.getByRole('button', { name: t('settings.done') }).click();
    const row = page.getByTestId('api-key-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(secret.startsWith((await row.locator('code').textContent())!.replace('…', ''))).toBe(true);
    // The list never shows the secret again.
    expect(await page.getByText(secret).count()).toBe(0);
    await e2e.screenshot(page, 'settings-api-keys-desktop');

    await page
      .getByRole('button', { name: t('settings.apiKeys.revokeNamed', { name: 'Website contact form' }) })
      .click();
    await dialog.getByRole('button', { name: t('settings.apiKeys.revokeKey') }).click();
    await expect.poll(() => row.textContent()).toContain(t('settings.apiKeys.revoked'));
    expect((await withKey.get('/api/v1/users')).statusCode).toBe(401);
    await page.context().close();
  });

  it('changes your own name and refuses a wrong current password', async () => {
    const page = await e2e.newPage();
    await e2e.openAs(page, admin, '/settings/profile');
    await page.getByLabel(t('common.name'), { exact: true }).fill('Ada A. Admin');
    await page.getByRole('button', { name: t('settings.profile.save') }).click();
    await page.getByText(t('settings.profile.saved')).waitFor();
    await page.getByRole('button', { name: t('app.accountMenu', { name: 'Ada A. Admin' }) }).waitFor();

    await page.getByLabel(t('settings.profile.currentPassword')).fill('not-my-password');
    await page.getByLabel(t('settings.profile.newPassword'), { exact: true }).fill('a-brand-new-password');
    await page.getByLabel(t('settings.profile.repeatPassword')).fill('a-brand-new-password');
    await page.getByRole('button', { name: t('settings.profile.changePassword') }).click();
    await page
      .getByText(lang === 'en' ? 'The current password is not correct' : t('common.errors.invalid_credentials'))
      .waitFor();
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

    await page.getByRole('button', { name: new RegExp(`^${t('app.accountMenu', { name: '' }).trim()}`) }).click();
    await page.getByRole('menuitem', { name: t('app.darkTheme') }).click();
    expect(await scheme()).toBe('dark');
    await page.goto('/settings/users');
    await page.reload();
    expect(await scheme()).toBe('dark');
    await expect.poll(() => page.getByTestId('user-row').count()).toBeGreaterThan(1);
    await e2e.screenshot(page, 'settings-users-dark-desktop');
    await page.goto('/settings/teams');
    await page.getByRole('heading', { name: t('settings.teams.title') }).waitFor();
    await e2e.screenshot(page, 'settings-teams-dark-desktop');
    await page.context().close();
  });
});

describe('settings as a member', () => {
  it('shows workspace settings read-only and hides what only admins can do', async () => {
    const member = await admin.addUser('member', 'Max Member');
    const page = await e2e.newPage();
    await e2e.openAs(page, member, '/settings/workspace');
    await page.getByText(t('settings.workspace.adminsOnly')).waitFor();
    await page.getByText('Harbour & Hill Estates', { exact: false }).first().waitFor();
    // Facts, not disabled inputs: nothing on the page looks editable.
    expect(await page.getByRole('main').getByRole('textbox').count()).toBe(0);
    expect(await page.getByRole('button', { name: t('settings.saveChanges') }).count()).toBe(0);
    expect(await page.getByRole('link', { name: t('settings.nav.apiKeys') }).count()).toBe(0);
    await e2e.screenshot(page, 'settings-workspace-member-desktop');

    await page.getByRole('link', { name: t('settings.nav.users') }).click();
    await expect.poll(() => page.getByTestId('user-row').count()).toBeGreaterThan(1);
    expect(await page.getByRole('button', { name: t('settings.users.add') }).count()).toBe(0);
    expect(
      await page
        .getByRole('button', { name: new RegExp(`^${t('settings.collection.actionsFor', { name: '' }).trim()}`) })
        .count(),
    ).toBe(0);

    await page.goto('/settings/api-keys');
    await page.getByText(t('settings.apiKeys.adminsOnlyTitle')).waitFor();
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
    await savePicture(page, 'readme', { fullPage: false });
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

    await page.getByRole('button', { name: t('app.openNavigation') }).click();
    await page.getByRole('link', { name: t('app.nav.tasks') }).waitFor();
    await e2e.screenshot(page, 'app-nav-open-phone');
    await page.getByRole('link', { name: t('app.nav.settings') }).click();
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
