// Pipelines, stages and opportunities inserted straight into the database, for the sales-plan tests
// (they read those tables; creating deals through their own API is another module's business).
import { opportunities, pipelines, pipelineStages } from '../../db/schema/revenue.ts';
import { newId } from '../../platform/ids.ts';
import { insertContact } from '../../test/fixtures.ts';
import type { Session, TestApp } from '../../test/harness.ts';

export interface TestPipeline {
  pipelineId: string;
  /** Stage ids in the order of the probabilities given. */
  stageIds: string[];
}

export async function insertPipeline(t: TestApp, owner: Session, probabilities: number[]): Promise<TestPipeline> {
  const db = t.deps.database.db;
  const workspaceId = owner.workspace.id;
  const pipelineId = newId();
  await db.insert(pipelines).values({ workspaceId, id: pipelineId, name: `Sales ${pipelineId.slice(0, 6)}` });
  const stageIds = probabilities.map(() => newId());
  await db.insert(pipelineStages).values(
    probabilities.map((probability, position) => ({
      workspaceId,
      id: stageIds[position]!,
      pipelineId,
      name: `Stage ${position + 1}`,
      position,
      probability,
    })),
  );
  return { pipelineId, stageIds };
}

export type TestDeal = Partial<typeof opportunities.$inferInsert> & { stage?: number };

/** Inserts opportunities on one new contact of `owner`; each defaults to open, in the first stage. */
export async function insertDeals(
  t: TestApp,
  owner: Session,
  pipeline: TestPipeline,
  deals: TestDeal[],
  contactName = 'Deal Contact',
): Promise<string[]> {
  const [firstName, lastName] = contactName.split(' ');
  const contact = await insertContact(t, owner, { firstName, lastName });
  const ids = deals.map(() => newId());
  await t.deps.database.db.insert(opportunities).values(
    deals.map(({ stage = 0, ...deal }, i) => ({
      workspaceId: owner.workspace.id,
      id: ids[i]!,
      name: `Deal ${i + 1}`,
      contactId: contact.id,
      pipelineId: pipeline.pipelineId,
      stageId: pipeline.stageIds[stage]!,
      currency: 'EUR',
      ownerId: owner.user.id,
      ...deal,
    })),
  );
  return ids;
}
