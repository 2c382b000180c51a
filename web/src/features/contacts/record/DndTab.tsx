// Do not disturb: a switch per channel, one for all channels (which covers the others), and the inbound switches.
// Each change is journaled with its cause and shows up under Data changes.
import { Badge, Group, Paper, Stack, Switch, Text } from '@mantine/core';
import { IconBellOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useContactActions, type Dnd } from '../contact.api.ts';
import { useContactPage } from './ContactContext.tsx';
import { FieldProblem } from './fields/FieldProblem.tsx';

type Channel = keyof Dnd;

const OUTBOUND: { key: Exclude<Channel, 'all' | 'inboundCalls' | 'inboundSms'>; label: string; hint: string }[] = [
  { key: 'email', label: 'Email', hint: 'No emails, campaigns included' },
  { key: 'sms', label: 'SMS', hint: 'No text messages' },
  { key: 'whatsapp', label: 'WhatsApp', hint: 'No WhatsApp messages' },
  { key: 'calls', label: 'Calls & voicemail', hint: 'No outbound calls or voicemail drops' },
];

const INBOUND: { key: 'inboundCalls' | 'inboundSms'; label: string; hint: string }[] = [
  { key: 'inboundCalls', label: 'Inbound calls', hint: 'Calls from this contact are not put through' },
  { key: 'inboundSms', label: 'Inbound SMS', hint: 'Texts from this contact are not delivered to the team' },
];

/** What a channel's switch shows: its own state, or "covered" while all channels are off-limits. */
export function dndSwitchState(dnd: Dnd, key: Exclude<Channel, 'all'>) {
  const covered = dnd.all && key !== 'inboundCalls' && key !== 'inboundSms';
  return { checked: covered || dnd[key], covered };
}

export function DndTab() {
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
          Channels switched on here are off-limits: Dossier and its automations refuse to send on them. Every change is
          recorded under Data changes.
        </Text>
      </Group>
      {active === 0 && (
        <Badge color="green" variant="light" size="lg" style={{ alignSelf: 'flex-start' }}>
          Reachable on every channel
        </Badge>
      )}
      <Paper withBorder p="sm">
        <Switch
          label={<Text fw={600}>All channels</Text>}
          description="Stop every outbound message and call"
          color="red"
          checked={contact.dnd.all}
          disabled={!editable || pending !== null}
          onChange={(e) => void set('all', e.currentTarget.checked)}
          data-testid="dnd-all"
        />
        <Stack gap="sm" mt="md" pl="md" style={{ borderLeft: '2px solid var(--dossier-border)' }}>
          {OUTBOUND.map((c) => {
            const state = dndSwitchState(contact.dnd, c.key);
            return (
              <Switch
                key={c.key}
                label={c.label}
                description={state.covered ? 'Covered by “All channels”' : c.hint}
                color="red"
                checked={state.checked}
                disabled={!editable || state.covered || pending !== null}
                onChange={(e) => void set(c.key, e.currentTarget.checked)}
                data-testid={`dnd-${c.key}`}
              />
            );
          })}
        </Stack>
      </Paper>
      <Paper withBorder p="sm">
        <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb="sm">
          Inbound
        </Text>
        <Stack gap="sm">
          {INBOUND.map((c) => (
            <Switch
              key={c.key}
              label={c.label}
              description={c.hint}
              color="red"
              checked={contact.dnd[c.key]}
              disabled={!editable || pending !== null}
              onChange={(e) => void set(c.key, e.currentTarget.checked)}
              data-testid={`dnd-${c.key}`}
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
