// Target markets: segments defined by rules — the contact list's own filters — whose members follow the rules as
// contacts change. Admins define them with the list's filter bar and see how many contacts match as they go.
import { Alert, Badge, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { IconInfoCircle, IconPencil, IconTargetArrow, IconTrash } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from '../../app/i18n.ts';
import { useIsAdmin, useUserZone } from '../auth/useSession.ts';
import { FilterBar } from '../contacts/list/FilterBar.tsx';
import { chipsOf, type Lookups } from '../contacts/list/filterModel.ts';
import { listQueryOf, parseContactListSearch, type ContactListSearch } from '../contacts/list/listSearch.ts';
import { SettingsCollection } from '../settings/collection/SettingsCollection.tsx';
import { SettingsFormModal, useFormDialog } from '../settings/collection/SettingsFormModal.tsx';
import { contactTypesQuery, customFieldsQuery, tagsQuery } from '../settings/contactLibrary.api.ts';
import { teamsQuery, usersQuery } from '../settings/settings.api.ts';
import { MembersLink } from './MembersLink.tsx';
import {
  createTargetMarket,
  deleteTargetMarket,
  groupsQuery,
  rulesPreviewQuery,
  targetMarketsQuery,
  updateTargetMarket,
  type TargetMarketDto,
} from './segments.api.ts';

const MARKET_VIEWS = [['target-markets'], ['contacts'], ['contact']];

/** The names the filter bar shows for ids (types, owners, tags, custom fields, groups). */
function useRuleLookups(): Lookups {
  const zone = useUserZone();
  const types = useQuery(contactTypesQuery);
  const users = useQuery(usersQuery('all'));
  const teams = useQuery(teamsQuery);
  const tags = useQuery(tagsQuery);
  const fields = useQuery(customFieldsQuery);
  const groups = useQuery(groupsQuery);
  return {
    types: types.data ?? [],
    users: users.data ?? [],
    teams: teams.data ?? [],
    tags: tags.data ?? [],
    fields: fields.data ?? [],
    groups: groups.data ?? [],
    // A market is not defined by markets (the server refuses it), so the filter offers none.
    targetMarkets: [],
    locale: zone.locale,
  };
}

function todayIn(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

/** Rules as the filter bar edits them, and back (search, sort and the archive are not part of a segment). */
const searchOf = (rules: Record<string, unknown>): ContactListSearch => {
  const { q: _q, sort: _sort, archived: _archived, ...rest } = parseContactListSearch(rules);
  return rest;
};
const rulesOf = (search: ContactListSearch): Record<string, unknown> => {
  const { q: _q, sort: _sort, archived: _archived, ...rules } = listQueryOf(search);
  return rules;
};

export function TargetMarketsSettingsPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const markets = useQuery({
    ...targetMarketsQuery,
    // While a market's membership is rebuilt in the background, its count grows: refresh until current.
    refetchInterval: (query) => (query.state.data?.some((m) => m.evaluation === 'evaluating') ? 1000 : false),
  });
  const lookups = useRuleLookups();
  const dialog = useFormDialog<TargetMarketDto>();

  return (
    <SettingsCollection
      title={t('segments.markets.title')}
      description={t('segments.markets.description')}
      query={markets}
      create={
        isAdmin
          ? {
              label: t('segments.markets.new'),
              emptyLabel: t('segments.markets.createFirst'),
              onClick: () => dialog.open(),
            }
          : undefined
      }
      empty={{
        icon: <IconTargetArrow size={26} stroke={1.6} />,
        title: t('segments.markets.emptyTitle'),
        description: isAdmin ? t('segments.markets.emptyAdmin') : t('segments.markets.emptyMember'),
      }}
      rowKey={(m) => m.id}
      rowName={(m) => m.name}
      rowTestId="market-row"
      columns={[
        {
          key: 'name',
          header: t('segments.markets.market'),
          cell: (m) => (
            <Stack gap={2}>
              <Badge color={m.color} variant="light" size="lg" fw={600} maw="100%" title={m.name}>
                {m.name}
              </Badge>
              {m.description && (
                <Text size="xs" c="dimmed" truncate="end" title={m.description}>
                  {m.description}
                </Text>
              )}
            </Stack>
          ),
        },
        {
          key: 'rules',
          header: t('segments.markets.rules'),
          fill: true,
          visibleFrom: 'sm',
          cell: (m) => <RulesSummary rules={m.rules} lookups={lookups} />,
        },
        {
          key: 'members',
          header: t('segments.members'),
          nowrap: true,
          cell: (m) =>
            m.evaluation === 'evaluating' ? (
              <Group gap={6} wrap="nowrap" title={t('segments.markets.evaluatingHint')} data-testid="market-evaluating">
                <Loader size={12} />
                <Text size="sm" c="dimmed">
                  {t('segments.markets.evaluating', { count: m.memberCount })}
                </Text>
              </Group>
            ) : (
              <MembersLink field="targetMarket" id={m.id} count={m.memberCount} />
            ),
        },
      ]}
      actions={
        isAdmin
          ? (m) => [
              { label: t('segments.markets.edit'), icon: <IconPencil size={16} />, onClick: (row) => dialog.open(row) },
              {
                label: t('segments.markets.delete'),
                icon: <IconTrash size={16} />,
                color: 'red',
                confirm: () => ({
                  title: t('segments.markets.deleteTitle', { name: m.name }),
                  body: t('segments.markets.deleteText'),
                  confirmLabel: t('segments.markets.delete'),
                  danger: true,
                  run: () => deleteTargetMarket(m),
                  invalidate: MARKET_VIEWS,
                  done: t('segments.markets.deleted', { name: m.name }),
                }),
              },
            ]
          : undefined
      }
    >
      <MarketFormModal opened={dialog.opened} onClose={dialog.close} market={dialog.item} lookups={lookups} />
    </SettingsCollection>
  );
}

function RulesSummary({ rules, lookups }: { rules: Record<string, unknown>; lookups: Lookups }) {
  const { t } = useTranslation();
  const chips = chipsOf(searchOf(rules), lookups);
  if (chips.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('segments.markets.everyone')}
      </Text>
    );
  }
  return (
    <Group gap={6}>
      {chips.map((c) => (
        <Badge key={c.id} variant="outline" color="gray" tt="none" fw={500} maw="100%" title={c.label}>
          {c.label}
        </Badge>
      ))}
    </Group>
  );
}

function MatchCount({ search }: { search: ContactListSearch }) {
  const { t } = useTranslation();
  const preview = useQuery({ ...rulesPreviewQuery(rulesOf(search)), placeholderData: keepPreviousData });
  return (
    <Group gap="xs" aria-live="polite" data-testid="match-count">
      {preview.isFetching && <Loader size={12} />}
      {preview.isError ? (
        <Text size="sm" c="red">
          {(preview.error as Error).message}
        </Text>
      ) : preview.data ? (
        <Text size="sm" fw={500}>
          {t('segments.markets.matching', { count: preview.data.count })}
        </Text>
      ) : null}
    </Group>
  );
}

function MarketFormModal({
  opened,
  onClose,
  market,
  lookups,
}: {
  opened: boolean;
  onClose(): void;
  market?: TargetMarketDto;
  lookups: Lookups;
}) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const today = todayIn(zone.timeZone);
  return (
    <SettingsFormModal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={market ? t('settings.editNamed', { name: market.name }) : t('segments.markets.new')}
      formLabel={market ? t('segments.markets.editForm') : t('segments.markets.new')}
      itemKey={market ? `${market.id}:${market.version}` : 'new'}
      initial={{
        name: market?.name ?? '',
        description: market?.description ?? '',
        color: market?.color ?? 'grape',
        rules: market ? searchOf(market.rules) : ({} as ContactListSearch),
      }}
      fields={[
        {
          kind: 'text',
          name: 'name',
          label: t('common.name'),
          placeholder: t('segments.markets.namePlaceholder'),
          maxLength: 80,
        },
        {
          kind: 'text',
          name: 'description',
          label: t('segments.description'),
          placeholder: t('segments.markets.descriptionPlaceholder'),
          maxLength: 500,
        },
        { kind: 'color', name: 'color', label: t('settings.colour') },
        {
          kind: 'node',
          name: 'rules',
          render: ({ form, values, error }) => (
            <Stack gap={6}>
              <Text size="sm" fw={500}>
                {t('segments.markets.rules')}
              </Text>
              <Text size="xs" c="dimmed">
                {t('segments.markets.rulesHelp')}
              </Text>
              {/* The filter editors are forms of their own; React bubbles their submit through the popover's
                  portal, and it must not submit this dialog's form. */}
              <Paper withBorder p="sm" radius="md" onSubmit={(e) => e.stopPropagation()}>
                <Stack gap="sm">
                  <FilterBar
                    search={values.rules}
                    onChange={(next) => form.set('rules')(next)}
                    lookups={lookups}
                    today={today}
                  />
                  <MatchCount search={values.rules} />
                </Stack>
              </Paper>
              {error('rules') && (
                <Text size="xs" c="red">
                  {error('rules')}
                </Text>
              )}
            </Stack>
          ),
        },
        {
          kind: 'node',
          render: () => (
            <Alert variant="light" color="gray" icon={<IconInfoCircle size={16} />} p="xs">
              <Text size="xs">{t('segments.markets.automatic')}</Text>
            </Alert>
          ),
        },
      ]}
      validate={(v) => ({ name: v.name.trim() ? undefined : t('segments.nameIt') })}
      submit={(v) => {
        const input = {
          name: v.name.trim(),
          description: v.description.trim() || null,
          color: v.color,
          rules: rulesOf(v.rules),
        };
        return market ? updateTargetMarket(market, input) : createTargetMarket(input);
      }}
      codeToField={{ name_taken: 'name', rules_invalid: 'rules', filter_invalid: 'rules' }}
      invalidate={MARKET_VIEWS}
      saved={(saved) => t(market ? 'segments.markets.saved' : 'segments.markets.created', { name: saved.name })}
      submitLabel={market ? t('settings.saveChanges') : t('segments.markets.create')}
    />
  );
}
