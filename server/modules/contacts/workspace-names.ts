// The names a list row shows beside a contact: its owner's, its team's and its tags' (with their colours). A page
// used to look them up for each row in its own statement, three subqueries a row on the same few hot pages of users,
// teams and tags: under load, half of a list statement's PostgreSQL time. A workspace has few of them and they change
// rarely, so a server keeps each workspace's in memory, for the names version read with the caller
// (workspaces.names_version, bumped by triggers: migration 0038) — current whichever server changed them.
import { sql } from 'drizzle-orm';
import { preparedFor } from '../../db/prepared.ts';
import { tags } from '../../db/schema/contacts.ts';
import { teams, users } from '../../db/schema/platform.ts';
import type { Ctx } from '../../platform/context.ts';

export interface TagName {
  id: string;
  name: string;
  color: string;
}

export interface WorkspaceNames {
  users: ReadonlyMap<string, string>;
  teams: ReadonlyMap<string, string>;
  /** With each tag's place in the workspace's tags by name, the order a row shows them in. */
  tags: ReadonlyMap<string, { tag: TagName; rank: number }>;
}

/** What a list row names: its owner, its team and its tags. */
export interface NamedRow {
  ownerId: string;
  teamId: string | null;
  tagIds: readonly string[];
}

const remembered = new Map<string, { version: number; names: WorkspaceNames }>();

async function readNames(ctx: Ctx): Promise<WorkspaceNames> {
  const p = sql.placeholder('workspaceId');
  const rows = await preparedFor(ctx, 'workspace_names', (db, name) => {
    const none = sql<string>`''`;
    const unranked = sql<number>`0`;
    return db
      .select({ kind: sql<string>`'user'`.as('kind'), id: users.id, name: users.name, color: none, rank: unranked })
      .from(users)
      .where(sql`${users.workspaceId} = ${p}`)
      .unionAll(
        db
          .select({ kind: sql<string>`'team'`, id: teams.id, name: teams.name, color: none, rank: unranked })
          .from(teams)
          .where(sql`${teams.workspaceId} = ${p}`),
      )
      .unionAll(
        // Ranked in the order a row's tags have always been shown in: by name, as the database compares them.
        db
          .select({
            kind: sql<string>`'tag'`,
            id: tags.id,
            name: sql<string>`${tags.name}::text`,
            color: tags.color,
            rank: sql<number>`(row_number() over (order by ${tags.name}, ${tags.id}))::int`,
          })
          .from(tags)
          .where(sql`${tags.workspaceId} = ${p}`),
      )
      .prepare(name);
  }).execute({ workspaceId: ctx.workspaceId });
  const names = {
    users: new Map<string, string>(),
    teams: new Map<string, string>(),
    tags: new Map<string, { tag: TagName; rank: number }>(),
  };
  for (const r of rows) {
    if (r.kind === 'user') names.users.set(r.id, r.name);
    else if (r.kind === 'team') names.teams.set(r.id, r.name);
    else names.tags.set(r.id, { tag: { id: r.id, name: r.name, color: r.color }, rank: r.rank });
  }
  return names;
}

/** Whether every owner, team and tag of these rows is among the names. */
function holdsAll(names: WorkspaceNames, rows: readonly NamedRow[]): boolean {
  return rows.every(
    (r) =>
      names.users.has(r.ownerId) &&
      (r.teamId === null || names.teams.has(r.teamId)) &&
      r.tagIds.every((id) => names.tags.has(id)),
  );
}

/**
 * The workspace's names, holding those of `rows` that exist. Remembered for the caller's names version; read afresh
 * in a transaction (which may have changed them), for the system's contexts (no version), and when a row names one
 * the remembered ones lack (added by this very request, after its caller was read).
 */
export async function workspaceNames(ctx: Ctx, rows: readonly NamedRow[]): Promise<WorkspaceNames> {
  const version = ctx.tx ? undefined : ctx.namesVersion;
  const known = version === undefined ? undefined : remembered.get(ctx.workspaceId);
  if (known && known.version === version && holdsAll(known.names, rows)) return known.names;
  const names = await readNames(ctx);
  if (version !== undefined && (remembered.get(ctx.workspaceId)?.version ?? -1) <= version) {
    if (remembered.size >= 20_000) remembered.clear();
    remembered.set(ctx.workspaceId, { version, names });
  }
  return names;
}

/** A row's tags by name, as the workspace orders them; a tag since deleted is left out. */
export function tagsOf(names: WorkspaceNames, tagIds: readonly string[]): TagName[] {
  const found = tagIds.flatMap((id) => names.tags.get(id) ?? []);
  return found.sort((a, b) => a.rank - b.rank).map((t) => t.tag);
}

/** A row's team with its name; null without one, or when it no longer exists. */
export function teamOf(names: WorkspaceNames, teamId: string | null): { id: string; name: string } | null {
  const name = teamId ? names.teams.get(teamId) : undefined;
  return teamId && name !== undefined ? { id: teamId, name } : null;
}
