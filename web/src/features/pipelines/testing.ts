// Fixtures for the pipelines component tests: a pipeline of three stages and deals on the test contact.
import { CONTACT_ID, OWNER } from '../contacts/record/testing/profile.ts';
import type { OpportunityCardDto, OpportunityDto, PipelineDto } from './pipelines.api.ts';

export const PIPELINE_ID = '0190a0b0-0000-7000-8000-0000000000a0';
export const STAGES = ['Lead in', 'Proposal', 'Negotiation'].map((name, i) => ({
  id: `0190a0b0-0000-7000-8000-0000000000a${i + 1}`,
  name,
  position: i,
  probability: (i + 1) * 25,
  rottingDays: 14,
  openCount: 0,
}));
export const pipeline: PipelineDto = {
  id: PIPELINE_ID,
  name: 'Sales',
  position: 0,
  version: 1,
  stages: STAGES,
  opportunityCount: 2,
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:00.000Z',
};

export function card(n: number, overrides: Partial<OpportunityCardDto> = {}): OpportunityCardDto {
  return {
    id: `0190a0b0-0000-7000-8000-0000000000c${n}`,
    name: `Deal ${n}`,
    value: 1000 * n,
    currency: 'EUR',
    status: 'open',
    pipelineId: PIPELINE_ID,
    stageId: STAGES[0]!.id,
    contact: { id: CONTACT_ID, displayName: 'Anna Schmidt', kind: 'person' },
    owner: { id: OWNER.id, name: OWNER.name },
    expectedCloseDate: null,
    stageEnteredAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    rotting: false,
    version: 1,
    ...overrides,
  };
}

export function deal(n: number, overrides: Partial<OpportunityDto> = {}): OpportunityDto {
  const c = card(n);
  return {
    ...c,
    stage: { id: STAGES[0]!.id, name: STAGES[0]!.name, probability: 25 },
    pipeline: { id: PIPELINE_ID, name: 'Sales' },
    contacts: [],
    lostReason: null,
    team: null,
    likelihood: null,
    probability: 25,
    source: null,
    notes: null,
    custom: {},
    closedAt: null,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    ...overrides,
  };
}
