// Do not disturb: a switch per channel, one for all channels (which covers the others), and the inbound switches.
// Each change is journaled with its cause and shows up under Data changes.
import { Badge, Group, Paper, Stack, Switch, Text } from '@mantine/core';
import { IconBellOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from '../../../app/i18n.ts';
import { useContactActions, type Dnd } from '../contact.api.ts';
import { useContactPage } from './ContactContext.tsx';
import { FieldProblem } from './fields/FieldProblem.tsx';

type Channel = keyof Dnd;

// Each channel's label and hint are contactPage.dnd.channels.<key>.{label,hint}.
const OUTBOUND: Exclude<Channel, 'all' | 'inboundCalls' | 'inboundSms'>[] = ['email', 'sms', 'whatsapp', 'calls'];
const INBOUND: ('inboundCalls' | 'inboundSms')[] = ['inboundCalls', 'inboundSms'];

/** What a channel's switch shows: its own state, or "covered" while all channels are off-limits. */
export function dndSwitchState(dnd: Dnd, key: Exclude<Channel, 'all'>) {
  const covered = dnd.all && key !== 'inboundCalls' && key !== 'inboundSms';
  return { checked: covered || dnd[key], covered };
}

export function DndTab() {
  const { t } = useTranslation();
  const { contact, editable, reload } = useContactPage();
  const actions = useContactActions(contact.id);
  const [pending, setPending] = useState<Channel | null>(null);
  const [error, setError] = useState<unknown>(null);

  const set = async (key: Channel, on: boolean) => {
    setPending(key);
    setError(null);
    try {
      await actions.setDnd(contact.version, { [key]: on, cause: 'manual' });
    } catch (e) {
      setError(e);
    } finally {
      setPending(null);
    }
  };

  const active = (Object.keys(contact.dnd) as Channel[]).filter((k) => contact.dnd[k]).length;

  return (
    <Stack gap="md" px="md" pb="md">
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <IconBellOff size={18} color="var(--mantine-color-dimmed)" style={{ flex: 'none', marginTop: 2 }} />
        <Text size="sm" c="dimmed">
          {t('contactPage.dnd.intro')}
        </Text>
      </Group>
      {active === 0 && (
        <Badge color="green" variant="light" size="lg" style={{ alignSelf: 'flex-start' }}>
          {t('contactPage.dnd.reachable')}
        </Badge>
      )}
      <Paper withBorder p="sm">
        <Switch
          label={<Text fw={600}>{t('contactPage.dnd.all.label')}</Text>}
          description={t('contactPage.dnd.all.hint')}
          color="red"
          checked={contact.dnd.all}
          disabled={!editable || pending !== null}
          onChange={(e) => void set('all', e.currentTarget.checked)}
          data-testid="dnd-all"
        />
        <Stack gap="sm" mt="md" pl="md" style={{ borderLeft: '2px solid var(--dossier-border)' }}>
          {OUTBOUND.map((key) => {
            const state = dndSwitchState(contact.dnd, key);
            return (
              <Switch
                key={key}
                label={t(`contactPage.dnd.channels.${key}.label`)}
                description={state.covered ? t('contactPage.dnd.covered') : t(`contactPage.dnd.channels.${key}.hint`)}
                color="red"
                checked={state.checked}
                disabled={!editable || state.covered || pending !== null}
                onChange={(e) => void set(key, e.currentTarget.checked)}
                data-testid={`dnd-${key}`}
              />
            );
          })}
        </Stack>
      </Paper>
      <Paper withBorder p="sm">
        <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb="sm">
          {t('contactPage.dnd.inbound')}
        </Text>
        <Stack gap="sm">
          {INBOUND.map((key) => (
            <Switch
              key={key}
              label={t(`contactPage.dnd.channels.${key}.label`)}
              description={t(`contactPage.dnd.channels.${key}.hint`)}
              color="red"
              checked={contact.dnd[key]}
              disabled={!editable || pending !== null}
              onChange={(e) => void set(key, e.currentTarget.checked)}
              data-testid={`dnd-${key}`}
            />
          ))}
        </Stack>
      </Paper>
      <FieldProblem
        error={error}
        onReload={async () => {
          await reload();
          setError(null);
        }}
      />
    </Stack>
  );
}
