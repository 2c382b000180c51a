// The demo workspace a newcomer lands in, and the CLI helpers that act on users directly.
import { count, eq } from 'drizzle-orm';
import { users, workspaces } from '../db/schema/platform.ts';
import { deleteUserSessions } from '../platform/auth/principal.ts';
import { randomToken, hashPassword } from '../platform/auth/secrets.ts';
import { inTransaction, systemCtx, type Ctx, type Deps } from '../platform/context.ts';
import { record } from '../platform/journal/journal.ts';
import { seedContacts } from './contacts.seed.ts';
import { seedRelationships } from '../modules/relationships/relationships.seed.ts';
import { createApiKey } from '../modules/api-keys/api-keys.service.ts';
import { seedSalesPlans } from '../modules/sales-plans/sales-plans.seed.ts';
import { createTeam } from '../modules/teams/teams.service.ts';
import { insertUser } from '../modules/users/users.service.ts';
import { createWorkspace } from '../modules/workspaces/workspaces.service.ts';
import { seedActivity } from './activity.seed.ts';
import { seedSegments } from './segments.seed.ts';
import { seedOpportunities } from '../modules/pipelines/pipelines.seed.ts';

export const DEMO_ADMIN_EMAIL = 'admin@demo.dossier.test';

export interface DemoPeople {
  adminId: string;
  memberIds: string[];
  teamIds: string[];
}

/** Later modules add their demo data (contacts, notes, tasks…) after the people exist. */
export type Seeder = (ctx: Ctx, people: DemoPeople) => Promise<void>;
const seeders: { name: string; run: Seeder }[] = [];
export function registerSeeder(name: string, run: Seeder): void {
  seeders.push({ name, run });
}
registerSeeder('contacts', seedContacts);

const demoMembers = [
  { name: 'Maria Keller', email: 'maria@demo.dossier.test' },
  { name: 'Jonas Weber', email: 'jonas@demo.dossier.test' },
  { name: 'Aisha Khan', email: 'aisha@demo.dossier.test' },
  { name: 'Tom Becker', email: 'tom@demo.dossier.test' },
];

export async function seedIfEmpty(deps: Deps): Promise<void> {
  const [row] = await deps.database.db.select({ n: count() }).from(workspaces);
  if ((row?.n ?? 0) > 0) return;
  await seedDemo(deps, { print: true });
}

export async function seedDemo(deps: Deps, opts: { print: boolean; password?: string }): Promise<DemoPeople | null> {
  const [existing] = await deps.database.db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, DEMO_ADMIN_EMAIL));
  if (existing) {
    if (opts.print) console.log('The demo workspace already exists.');
    return null;
  }
  const password = opts.password ?? `demo-${randomToken(9)}`;
  const started = Date.now();
  const { workspace, result: admin } = await createWorkspace(deps, 'Demo', (ctx) =>
    insertUser(ctx, { name: 'Alex Admin', email: DEMO_ADMIN_EMAIL, password, role: 'admin' }),
  );
  const ctx = systemCtx(deps, workspace.id, { type: 'system', id: null, label: 'Demo seed' });
  const memberIds: string[] = [];
  for (const m of demoMembers) memberIds.push((await insertUser(ctx, { ...m, password, role: 'member' })).id);
  const teamIds = [
    (
      await createTeam({
        ctx,
        input: { name: 'Inside Sales', memberIds: [memberIds[0]!, memberIds[1]!], leaderId: memberIds[0]! },
      })
    ).id,
    (
      await createTeam({
        ctx,
        input: { name: 'Field Sales', memberIds: [memberIds[2]!, memberIds[3]!], leaderId: memberIds[2]! },
      })
    ).id,
  ];
  const people = { adminId: admin.id, memberIds, teamIds };
  for (const seeder of seeders) await seeder.run(ctx, people);
  if (opts.print) {
    const line = '─'.repeat(64);
    console.log(
      [
        '',
        line,
        '  Dossier demo workspace created',
        `  Sign in as   ${DEMO_ADMIN_EMAIL}`,
        `  Password     ${password}`,
        `  (members ${demoMembers.map((m) => m.email.split('@')[0]).join(', ')} @demo.dossier.test share it)`,
        '  This is shown once. Lost it? npx dossier set-password --email ' + DEMO_ADMIN_EMAIL,
        `  Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        line,
        '',
      ].join('\n'),
    );
  }
  return people;
}

async function adminByEmail(deps: Deps, email: string) {
  const [user] = await deps.database.db.select().from(users).where(eq(users.email, email.toLowerCase()));
  if (!user) throw new Error(`No user with the email ${email}`);
  return user;
}

export async function createApiKeyForCli(deps: Deps, email: string, name: string): Promise<string> {
  const user = await adminByEmail(deps, email);
  const ctx: Ctx = {
    ...systemCtx(deps, user.workspaceId, { type: 'user', id: user.id, label: user.name }),
    principal: { userId: user.id, role: user.role, contactAccess: 'all', actsFor: user.id },
  };
  const key = await createApiKey({ ctx, input: { name, role: 'admin' } });
  return key.key;
}

export async function setPasswordForCli(deps: Deps, email: string): Promise<string> {
  const user = await adminByEmail(deps, email);
  const password = randomToken(12);
  const passwordHash = await hashPassword(password);
  const ctx = systemCtx(deps, user.workspaceId, { type: 'system', id: null, label: 'Command line' });
  await inTransaction(ctx, async (tx) => {
    await tx.db.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await deleteUserSessions(tx.db, { workspaceId: user.workspaceId, userId: user.id });
    await record(tx, {
      kind: 'user.password_reset',
      category: 'admin',
      subject: { type: 'user', id: user.id },
      data: { name: user.name },
    });
  });
  return `New password for ${user.email}: ${password}`;
}

// After the contacts seeder: the activity seeder reads the demo contacts.
registerSeeder('activity', seedActivity);
// After the activity seeder: its story contacts are people nothing else has touched yet.
registerSeeder('relationships', seedRelationships);
registerSeeder('sales plans', seedSalesPlans);
registerSeeder('segments', seedSegments);
registerSeeder('opportunities', seedOpportunities);
