import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Lookups } from '../contacts/list/filterModel.ts';
import { describeFilter } from '../contacts/list/filterModel.ts';
import { makeSession, renderWithApp } from '../../test/render.tsx';
import { OpportunityFilterEditor } from './opportunityFilter.tsx';
import { pipeline, STAGES } from './testing.ts';

const lookups: Lookups = {
  types: [],
  users: [],
  teams: [],
  tags: [],
  fields: [],
  locale: 'en',
  pipelines: [pipeline],
};

describe('open-opportunity filters of the contact list', () => {
  it('reads as chips naming the pipeline or the stage', () => {
    expect(describeFilter({ field: 'openOpportunity.pipelineId', op: 'eq', value: pipeline.id }, lookups)).toBe(
      'Open deal in Sales',
    );
    expect(describeFilter({ field: 'openOpportunity.stageId', op: 'neq', value: STAGES[1]!.id }, lookups)).toBe(
      'No open deal at Sales › Proposal',
    );
    expect(describeFilter({ field: 'openOpportunity.pipelineId', op: 'empty' }, lookups)).toBe('Has no open deal');
  });

  it('picks a stage grouped by pipeline and applies the condition', async () => {
    const onApply = vi.fn();
    await renderWithApp(
      <OpportunityFilterEditor
        field="openOpportunity.stageId"
        search={{}}
        lookups={lookups}
        onApply={onApply}
        onCancel={() => undefined}
      />,
      { session: makeSession() },
    );
    await userEvent.click(screen.getByPlaceholderText('Choose a stage'));
    await userEvent.click(await screen.findByRole('option', { name: 'Sales › Proposal' }));
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(onApply).toHaveBeenCalledWith({
      filters: [{ field: 'openOpportunity.stageId', op: 'eq', value: STAGES[1]!.id }],
    });
  });
});
