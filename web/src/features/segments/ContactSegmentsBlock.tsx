// On the contact page: the groups the contact is in (add and remove by hand) and the target markets it matches
// (kept by their rules — the remove button is there but disabled, and says why). Each chip opens the contact
// list filtered by it.
import { ActionIcon, Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from '../../app/i18n.ts';
import { AnchorLink } from '../../components/links.tsx';
import { useContactPage } from '../contacts/record/ContactContext.tsx';
import classes from '../contacts/record/fields/Field.module.css';
import { FieldProblem } from '../contacts/record/fields/FieldProblem.tsx';
import { useRowAction } from '../contacts/record/fields/useRowAction.ts';
import { Picker } from '../contacts/record/ownership/Picker.tsx';
import type { SegmentField } from './segmentFilter.tsx';
import {
  addToGroup,
  contactSegmentsQuery,
  createGroup,
  groupsQuery,
  removeFromGroup,
  type ContactSegmentsDto,
} from './segments.api.ts';

type Ref = ContactSegmentsDto['groups'][number];

function SegmentChip({ field, segment, remove }: { field: SegmentField; segment: Ref; remove: React.ReactNode }) {
  return (
    <Badge
      color={segment.color}
      variant="light"
      size="md"
      style={{ textTransform: 'none' }}
      rightSection={remove}
      data-testid={field === 'group' ? 'contact-group' : 'contact-market'}
    >
      <AnchorLink
        to="/contacts"
        search={{ filters: [{ field, op: 'eq', value: segment.id }] }}
        c="inherit"
        underline="hover"
        size="xs"
        fw={600}
      >
        {segment.name}
      </AnchorLink>
    </Badge>
  );
}

export function ContactSegmentsBlock() {
  const { t } = useTranslation();
  const { contact, editable } = useContactPage();
  const queryClient = useQueryClient();
  const segments = useQuery(contactSegmentsQuery(contact.id));
  const groups = useQuery(groupsQuery);
  const action = useRowAction();
  const data = segments.data;
  const inGroup = new Set(data?.groups.map((g) => g.id));
  const options = (groups.data ?? [])
    .filter((g) => !inGroup.has(g.id))
    .map((g) => ({
      value: g.id,
      label: g.name,
      left: <Badge size="xs" circle color={g.color} variant="filled" aria-hidden />,
    }));
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['contact', contact.id] }),
      queryClient.invalidateQueries({ queryKey: ['groups'] }),
      queryClient.invalidateQueries({ queryKey: ['contacts'] }),
    ]);
  const change = (fn: () => Promise<unknown>) =>
    action.run(async () => {
      await fn();
      await refresh();
    });
  if (!data) return null;
  return (
    <Stack gap={2} px="md" pb="sm" data-testid="segments">
      <div className={classes.row} data-testid="field-groups">
        <Text className={classes.label} size="sm" c="dimmed">
          {t('segments.contact.groups')}
        </Text>
        <div className={classes.value} style={{ padding: '4px 0' }}>
          <Group gap={6}>
            {data.groups.length === 0 && !editable && (
              <Text size="sm" c="dimmed">
                —
              </Text>
            )}
            {data.groups.map((g) => (
              <SegmentChip
                key={g.id}
                field="group"
                segment={g}
                remove={
                  editable && (
                    <Tooltip label={t('segments.contact.removeFromGroup', { name: g.name })}>
                      <ActionIcon
                        size={14}
                        radius="xl"
                        variant="transparent"
                        color={g.color}
                        aria-label={t('segments.contact.removeFromGroup', { name: g.name })}
                        onClick={() => change(() => removeFromGroup(g.id, { ids: [contact.id] }))}
                      >
                        <IconX size={11} />
                      </ActionIcon>
                    </Tooltip>
                  )
                }
              />
            ))}
            {editable && (
              <Picker
                label={data.groups.length ? t('common.add') : t('segments.contact.addToGroup')}
                options={options}
                searchPlaceholder={t('segments.contact.searchGroups')}
                emptyMessage={t('segments.contact.typeToCreate')}
                createLabel={(q) => t('segments.contact.createGroup', { name: q })}
                loading={action.pending}
                onPick={(groupId) => void change(() => addToGroup(groupId, { ids: [contact.id] }))}
                onCreate={(name) =>
                  void change(async () => {
                    const group = await createGroup({ name });
                    await addToGroup(group.id, { ids: [contact.id] });
                  })
                }
              />
            )}
          </Group>
          <FieldProblem error={action.error} onReload={() => action.clear()} />
        </div>
      </div>
      <div className={classes.row} data-testid="field-markets">
        <Text className={classes.label} size="sm" c="dimmed">
          {t('segments.contact.targetMarkets')}
        </Text>
        <div className={classes.value} style={{ padding: '4px 0' }}>
          <Group gap={6}>
            {data.targetMarkets.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('segments.contact.noMarkets')}
              </Text>
            )}
            {data.targetMarkets.map((m) => (
              <SegmentChip
                key={m.id}
                field="targetMarket"
                segment={m}
                remove={
                  editable && (
                    <Tooltip label={t('segments.contact.automatic', { name: m.name })} multiline w={240}>
                      <span>
                        <ActionIcon
                          size={14}
                          radius="xl"
                          variant="transparent"
                          disabled
                          aria-label={t('segments.contact.automatic', { name: m.name })}
                        >
                          <IconX size={11} />
                        </ActionIcon>
                      </span>
                    </Tooltip>
                  )
                }
              />
            ))}
          </Group>
        </div>
      </div>
    </Stack>
  );
}
