import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { makeSession, renderWithApp } from '../../../test/render.tsx';
import { FilterBar } from './FilterBar.tsx';
import { apiQueryString, type ContactListSearch } from './listSearch.ts';
import { berlin, lookups, maria, vip } from './testFixtures.ts';

const TODAY = '2026-03-15';

/** The bar with its state held like the page holds it (in the URL), reporting every change. */
function Harness({ initial, onChange }: { initial: ContactListSearch; onChange(next: ContactListSearch): void }) {
  const [search, setSearch] = useState(initial);
  return (
    <FilterBar
      search={search}
      lookups={lookups}
      today={TODAY}
      onChange={(next) => {
        setSearch(next);
        onChange(next);
      }}
    />
  );
}

async function renderBar(initial: ContactListSearch) {
  const onChange = vi.fn<(next: ContactListSearch) => void>();
  await renderWithApp(<Harness initial={initial} onChange={onChange} />, { session: makeSession() });
  return { onChange, user: userEvent.setup(), last: () => onChange.mock.lastCall?.[0] };
}

const chipLabels = () => screen.queryAllByTestId('filter-chip').map((c) => c.textContent);

describe('FilterBar', () => {
  it('shows every filter of the query as a chip in words', async () => {
    await renderBar({
      q: 'anna',
      kind: 'business',
      contactType: 'lead,customer',
      ownerId: `me,${maria.id}`,
      tags: `${vip.id},${berlin.id}`,
      tagMode: 'all',
      dnd: 'sms',
      createdFrom: '2026-01-01',
      createdTo: '2026-03-31',
      filters: [
        { field: 'custom.budget', op: 'gt', value: 5000 },
        { field: 'custom.property_type', op: 'eq', value: 'house' },
        { field: 'custom.newsletter', op: 'eq', value: true },
      ],
    });

    expect(chipLabels()).toEqual([
      'Businesses',
      'Type: Lead or Customer',
      'Owner: me or Maria Keller',
      'Tagged VIP and Berlin',
      'Do not disturb: SMS',
      'Created Jan 1, 2026 – Mar 31, 2026',
      'Budget is more than 5,000',
      'Property type is House',
      'Newsletter is ticked',
    ]);
    // The search text is not a filter chip.
    expect(screen.queryByText(/anna/)).not.toBeInTheDocument();
  });

  it('removes exactly the filter whose chip is closed', async () => {
    const { user, last } = await renderBar({
      q: 'anna',
      tags: vip.id,
      filters: [
        { field: 'custom.budget', op: 'gt', value: 5000 },
        { field: 'custom.newsletter', op: 'eq', value: true },
      ],
    });

    await user.click(screen.getByRole('button', { name: 'Remove filter: Budget is more than 5,000' }));
    expect(last()).toEqual({
      q: 'anna',
      tags: vip.id,
      filters: [{ field: 'custom.newsletter', op: 'eq', value: true }],
    });

    await user.click(screen.getByRole('button', { name: 'Remove filter: Tagged VIP' }));
    expect(last()).toEqual({ q: 'anna', filters: [{ field: 'custom.newsletter', op: 'eq', value: true }] });
    expect(chipLabels()).toEqual(['Newsletter is ticked']);
  });

  it('clears all filters but keeps the search and sort', async () => {
    const { user, last } = await renderBar({ q: 'anna', sort: '-createdAt', kind: 'person', dnd: 'all' });
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(last()).toEqual({ q: 'anna', sort: '-createdAt' });
    expect(chipLabels()).toEqual([]);
  });

  it('adds a custom-field condition with an operator that fits its type', async () => {
    const { user, last } = await renderBar({});

    await user.click(screen.getByRole('button', { name: 'Filter' }));
    await user.click(await screen.findByRole('button', { name: 'Budget' }));
    const form = await screen.findByRole('form', { name: 'Filter by Budget' });
    await user.click(within(form).getByRole('combobox', { name: 'Condition' }));
    // A currency field compares; it has no "contains".
    expect(screen.queryByRole('option', { name: 'contains' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('option', { name: 'is more than' }));
    await user.type(within(form).getByRole('textbox', { name: 'Value' }), '250000');
    await user.click(within(form).getByRole('button', { name: 'Apply' }));

    const next = last()!;
    expect(next.filters).toEqual([{ field: 'custom.budget', op: 'gt', value: 250000 }]);
    expect(chipLabels()).toEqual(['Budget is more than 250,000']);
    // What the list then asks the server for.
    expect(decodeURIComponent(apiQueryString(next))).toContain(
      'filters=[{"field":"custom.budget","op":"gt","value":250000}]',
    );
  });

  it('adds tags that must all be present', async () => {
    const { user, last } = await renderBar({});

    await user.click(screen.getByRole('button', { name: 'Filter' }));
    await user.click(await screen.findByRole('button', { name: 'Tags' }));
    const form = await screen.findByRole('form', { name: 'Filter by Tags' });
    await user.click(within(form).getByRole('checkbox', { name: 'VIP' }));
    await user.click(within(form).getByRole('checkbox', { name: 'Berlin' }));
    await user.click(within(form).getByText('All of them'));
    await user.click(within(form).getByRole('button', { name: 'Apply' }));

    expect(last()).toEqual({ tags: `${vip.id},${berlin.id}`, tagMode: 'all' });
    expect(chipLabels()).toEqual(['Tagged VIP and Berlin']);
  });

  it('changes a filter from its chip, starting from what is in effect', async () => {
    const { user, last } = await renderBar({ contactType: 'lead', kind: 'person' });

    await user.click(screen.getByRole('button', { name: 'Change filter: Type: Lead' }));
    const form = await screen.findByRole('form', { name: 'Filter by Contact type' });
    expect(within(form).getByRole('checkbox', { name: 'Lead' })).toBeChecked();
    await user.click(within(form).getByRole('checkbox', { name: 'Vendor' }));
    await user.click(within(form).getByRole('button', { name: 'Apply' }));

    expect(last()).toEqual({ contactType: 'lead,vendor', kind: 'person' });
    expect(chipLabels()).toEqual(['People', 'Type: Lead or Vendor']);
  });

  it('offers date presets counted back from today in the user’s zone', async () => {
    const { user, last } = await renderBar({});

    await user.click(screen.getByRole('button', { name: 'Filter' }));
    await user.click(await screen.findByRole('button', { name: 'Last updated' }));
    const form = await screen.findByRole('form', { name: 'Filter by Last updated' });
    await user.click(within(form).getByRole('button', { name: 'Last 7 days' }));
    await user.click(within(form).getByRole('button', { name: 'Apply' }));

    expect(last()).toEqual({ updatedFrom: '2026-03-09', updatedTo: TODAY });
    expect(chipLabels()).toEqual(['Updated Mar 9, 2026 – Mar 15, 2026']);
  });
});
