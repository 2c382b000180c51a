import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../app/i18n.ts';
import { fakeFetch, json, makeSession, problem, renderWithApp } from '../../test/render.tsx';
import { useContact } from '../contacts/contact.api.ts';
import { ContactPageProvider } from '../contacts/record/ContactContext.tsx';
import { CONTACT_ID, makeProfile } from '../contacts/record/testing/profile.ts';
import { describeEntry, kindLabel } from '../timeline/journal/describeEntry.ts';
import { ContactSegmentsBlock } from './ContactSegmentsBlock.tsx';
import { GroupsSettingsPage } from './GroupsSettingsPage.tsx';
import { TargetMarketsSettingsPage } from './TargetMarketsSettingsPage.tsx';

const group = {
  id: '00000000-0000-4000-8000-0000000000a1',
  name: 'Golf club',
  description: 'Sunday players',
  color: 'teal',
  memberCount: 3,
  version: 1,
  createdAt: '2026-02-01T10:00:00.000Z',
  updatedAt: '2026-02-01T10:00:00.000Z',
};
const market = {
  id: '00000000-0000-4000-8000-0000000000b1',
  name: 'Fair VIPs',
  description: null,
  color: 'grape',
  rules: { source: 'Trade show' },
  memberCount: 12,
  evaluatedAt: '2026-02-01T10:00:00.000Z',
  evaluation: 'current',
  version: 4,
  createdAt: '2026-02-01T10:00:00.000Z',
  updatedAt: '2026-02-01T10:00:00.000Z',
};

const lookups = {
  'GET /api/v1/contact-types': () => json(200, { data: [] }),
  'GET /api/v1/users': () => json(200, { data: [makeSession().user] }),
  'GET /api/v1/teams': () => json(200, { data: [] }),
  'GET /api/v1/tags': () => json(200, { data: [] }),
  'GET /api/v1/custom-fields': () => json(200, { data: [] }),
  'GET /api/v1/groups': () => json(200, { data: [group] }),
};

describe('GroupsSettingsPage', () => {
  it('lists groups with a member count that opens the filtered list, and edits with If-Match', async () => {
    const requests = fakeFetch({
      'GET /api/v1/groups': () => json(200, { data: [group] }),
      [`PATCH /api/v1/groups/${group.id}`]: () => problem(409, 'name_taken', 'A group named "Board" already exists'),
    });
    await renderWithApp(<GroupsSettingsPage />, { session: makeSession({ role: 'admin' }) });
    const row = await screen.findByTestId('group-row');
    expect(within(row).getByText('Golf club')).toBeInTheDocument();
    expect(within(row).getByText('Sunday players')).toBeInTheDocument();
    const link = within(row).getByRole('link', { name: '3 contacts' });
    expect(decodeURIComponent(link.getAttribute('href')!)).toContain(`"field":"group","op":"eq","value":"${group.id}"`);

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Actions for Golf club' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Edit group' }));
    const dialog = await screen.findByRole('dialog');
    const name = within(dialog).getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'Board');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    expect(await within(dialog).findByText(/already exists/)).toBeInTheDocument();
    const patch = requests.find((r) => r.method === 'PATCH')!;
    expect(patch.headers.get('if-match')).toBe('"1"');
    expect(patch.body).toMatchObject({ name: 'Board' });
  });

  it('tells what to do when there are no groups', async () => {
    fakeFetch({ 'GET /api/v1/groups': () => json(200, { data: [] }) });
    await renderWithApp(<GroupsSettingsPage />, { session: makeSession({ role: 'member' }) });
    expect(await screen.findByText('No groups yet')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create the first group' })).toBeInTheDocument();
  });
});

describe('TargetMarketsSettingsPage', () => {
  it('shows each market’s rules in words and its member count', async () => {
    fakeFetch({ ...lookups, 'GET /api/v1/target-markets': () => json(200, { data: [market] }) });
    await renderWithApp(<TargetMarketsSettingsPage />, { session: makeSession({ role: 'member' }) });
    const row = await screen.findByTestId('market-row');
    expect(within(row).getByText('Fair VIPs')).toBeInTheDocument();
    expect(within(row).getByText(/Trade show/)).toBeInTheDocument();
    expect(within(row).getByRole('link', { name: '12 contacts' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Actions for Fair VIPs' })).not.toBeInTheDocument();
  });

  it('shows a market being evaluated with its count so far, and refreshes until it is current', async () => {
    let calls = 0;
    fakeFetch({
      ...lookups,
      'GET /api/v1/target-markets': () => {
        calls += 1;
        const evaluating = { ...market, evaluation: 'evaluating', evaluatedAt: null, memberCount: 5 };
        return json(200, { data: [calls === 1 ? evaluating : market] });
      },
    });
    await renderWithApp(<TargetMarketsSettingsPage />, { session: makeSession({ role: 'admin' }) });
    const row = await screen.findByTestId('market-row');
    expect(within(row).getByTestId('market-evaluating')).toHaveTextContent('Evaluating… 5 contacts so far');
    expect(within(row).queryByRole('link')).not.toBeInTheDocument();
    expect(await within(row).findByRole('link', { name: '12 contacts' }, { timeout: 3000 })).toBeInTheDocument();
    expect(within(row).queryByTestId('market-evaluating')).not.toBeInTheDocument();
  });

  it('edits the rules with the list’s filter bar, shows the live count and saves with If-Match', async () => {
    const requests = fakeFetch({
      ...lookups,
      'GET /api/v1/target-markets': () => json(200, { data: [market] }),
      'POST /api/v1/target-markets/preview': (req) =>
        json(200, { count: (req.body as { rules: { kind?: string } }).rules.kind ? 4 : 12 }),
      [`PATCH /api/v1/target-markets/${market.id}`]: () => json(200, { ...market, version: 5 }),
    });
    await renderWithApp(<TargetMarketsSettingsPage />, { session: makeSession({ role: 'admin' }) });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Actions for Fair VIPs' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Edit target market' }));
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('12 contacts match')).toBeInTheDocument();
    expect(within(dialog).getByText(/Membership is automatic/)).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Filter' }));
    await user.click(await screen.findByRole('button', { name: 'Person or business' }));
    await user.click(await screen.findByRole('radio', { name: 'Businesses' }));
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await within(dialog).findByText('4 contacts match')).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'PATCH')).toBe(true));
    const patch = requests.find((r) => r.method === 'PATCH')!;
    expect(patch.headers.get('if-match')).toBe('"4"');
    expect(patch.body).toMatchObject({ rules: { source: 'Trade show', kind: 'business' } });
  });
});

function Block() {
  const contact = useContact(CONTACT_ID);
  if (!contact.data) return null;
  return (
    <ContactPageProvider contact={contact.data}>
      <ContactSegmentsBlock />
    </ContactPageProvider>
  );
}

describe('ContactSegmentsBlock', () => {
  it('removes a group by hand, but a target market only says why it cannot', async () => {
    const requests = fakeFetch({
      [`GET /api/v1/contacts/${CONTACT_ID}`]: () => json(200, makeProfile()),
      [`GET /api/v1/contacts/${CONTACT_ID}/segments`]: () =>
        json(200, {
          groups: [{ id: group.id, name: group.name, color: group.color }],
          targetMarkets: [{ id: market.id, name: market.name, color: market.color }],
        }),
      'GET /api/v1/groups': () => json(200, { data: [group] }),
      [`POST /api/v1/groups/${group.id}/members/remove`]: () => json(200, { affected: 1 }),
    });
    await renderWithApp(<Block />, { session: makeSession() });
    expect(await screen.findByTestId('contact-group')).toHaveTextContent('Golf club');
    expect(screen.getByTestId('contact-market')).toHaveTextContent('Fair VIPs');
    const locked = screen.getByRole('button', { name: /In Fair VIPs because the contact matches its rules/ });
    expect(locked).toBeDisabled();

    await userEvent.setup().click(screen.getByRole('button', { name: 'Remove from Golf club' }));
    await waitFor(() => expect(requests.some((r) => r.path.endsWith('/members/remove'))).toBe(true));
    expect(requests.find((r) => r.path.endsWith('/members/remove'))!.body).toEqual({ ids: [CONTACT_ID] });
  });
});

describe('segments journal lines', () => {
  const text = (kind: string, data: Record<string, unknown>) => describeEntry({ kind, data }).text;
  it('reads in English and German', async () => {
    expect(text('contact.group_added', { group: { id: 'g', name: 'Golf club' } })).toBe('Added to group Golf club');
    expect(text('contact.group_removed', { group: { id: 'g', name: 'Golf club' }, reason: 'group_deleted' })).toBe(
      'Left group Golf club (the group was deleted)',
    );
    expect(text('contact.target_market_entered', { targetMarket: { id: 'm', name: 'Fair VIPs' } })).toBe(
      'Entered target market Fair VIPs',
    );
    expect(kindLabel('contact.target_market_left')).toBe('Left target market');
    await setLanguage('de');
    try {
      expect(text('contact.group_added', { group: { id: 'g', name: 'Golfclub' } })).toBe(
        'Zur Gruppe Golfclub hinzugefügt',
      );
      expect(text('contact.target_market_left', { targetMarket: { id: 'm', name: 'Messe-VIPs' } })).toBe(
        'Aus dem Zielmarkt Messe-VIPs herausgefallen',
      );
    } finally {
      await setLanguage('en');
    }
  });
});
