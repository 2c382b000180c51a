// Create a team or change its name, members and leader.
import { Button, Group, Modal, MultiSelect, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { splitProblem, useFormState } from '../../lib/forms.ts';
import { createTeam, updateTeam, usersQuery, type TeamDto } from './settings.api.ts';

const FIELDS = ['name', 'memberIds', 'leaderId'] as const;

export function TeamFormModal({ opened, onClose, team }: { opened: boolean; onClose(): void; team?: TeamDto }) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={<Text fw={600}>{team ? `Edit ${team.name}` : 'New team'}</Text>}
      size="lg"
    >
      <TeamForm key={team?.id ?? 'new'} team={team} onDone={onClose} />
    </Modal>
  );
}

function TeamForm({ team, onDone }: { team?: TeamDto; onDone(): void }) {
  const queryClient = useQueryClient();
  const users = useQuery(usersQuery('active'));
  const mutation = useMutation({
    mutationFn: (v: { name: string; memberIds: string[]; leaderId: string | null }) =>
      team ? updateTeam(team.id, v) : createTeam(v),
    onSuccess: async (saved) => {
      // Users show their teams, so both lists change.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['teams'] }),
        queryClient.invalidateQueries({ queryKey: ['users'] }),
      ]);
      notifications.show({ color: 'green', message: team ? `${saved.name} saved` : `Team ${saved.name} created` });
      onDone();
    },
  });
  const form = useFormState(
    {
      name: team?.name ?? '',
      memberIds: team?.members.map((m) => m.id) ?? [],
      leaderId: team?.members.find((m) => m.isLeader)?.id ?? null,
    },
    () => mutation.reset(),
  );
  const problem = splitProblem(mutation.error, FIELDS);
  const v = form.values;

  // Members who were deactivated still belong to the team until removed; keep them pickable by name.
  const options = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  for (const m of team?.members ?? []) if (!options.has(m.id)) options.set(m.id, m.name);
  const memberOptions = [...options].map(([value, label]) => ({ value, label }));
  const leaderOptions = memberOptions.filter((o) => v.memberIds.includes(o.value));

  const setMembers = (ids: string[]) => {
    form.set('memberIds')(ids);
    if (v.leaderId && !ids.includes(v.leaderId)) form.set('leaderId')(null);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!v.name.trim()) {
      form.setErrors({ name: 'Name the team' });
      return;
    }
    mutation.mutate(v);
  };

  return (
    <form onSubmit={submit} noValidate aria-label={team ? 'Edit team' : 'New team'}>
      <Stack gap="md">
        <TextInput
          label="Team name"
          placeholder="Inside sales"
          value={v.name}
          onChange={(e) => form.set('name')(e.currentTarget.value)}
          error={form.errors.name ?? problem.fields.name}
          maxLength={80}
          data-autofocus
        />
        <MultiSelect
          label="Members"
          placeholder={v.memberIds.length ? undefined : 'Pick users'}
          data={memberOptions}
          value={v.memberIds}
          onChange={setMembers}
          error={problem.fields.memberIds}
          searchable
          clearable
          hidePickedOptions
          nothingFoundMessage={users.isPending ? 'Loading users…' : 'No user matches'}
        />
        <Select
          label="Leader"
          description="Optional; one of the members."
          placeholder={leaderOptions.length ? 'No leader' : 'Add members first'}
          data={leaderOptions}
          value={v.leaderId}
          onChange={(value) => form.set('leaderId')(value)}
          error={problem.fields.leaderId}
          disabled={leaderOptions.length === 0}
          clearable
        />
        {problem.general && <ProblemAlert error={mutation.error} />}
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onDone} disabled={mutation.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {team ? 'Save changes' : 'Create team'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
