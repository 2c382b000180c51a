// Create a calendar or change its name, colour and owner. Members keep personal calendars of their own;
// team calendars and other people's are for admins (the server enforces the same).
import {
  Button,
  CheckIcon,
  ColorSwatch,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { LazyModal } from '../../components/LazyModal.tsx';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from '../../app/i18n.ts';
import { useState, type FormEvent } from 'react';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { splitProblem } from '../../lib/forms.ts';
import { useSession } from '../auth/useSession.ts';
import { teamsQuery } from '../settings/settings.api.ts';
import { CALENDAR_COLORS, calendarColor, colorName } from './appearance.tsx';
import { createCalendar, updateCalendar, type CalendarDto } from './calendar.api.ts';
import { UserSelect } from './pickers.tsx';

const FIELDS = ['name', 'color', 'ownerUserId', 'teamId'] as const;

export function CalendarFormModal({
  opened,
  onClose,
  calendar,
}: {
  opened: boolean;
  onClose(): void;
  calendar?: CalendarDto;
}) {
  const { t } = useTranslation();
  return (
    <LazyModal
      opened={opened}
      onClose={onClose}
      title={
        <Text fw={600}>
          {calendar ? t('calendar.form.editTitle', { name: calendar.name }) : t('calendar.panel.newCalendar')}
        </Text>
      }
      size="md"
    >
      <CalendarForm key={calendar?.id ?? 'new'} calendar={calendar} onDone={onClose} />
    </LazyModal>
  );
}

function CalendarForm({ calendar, onDone }: { calendar?: CalendarDto; onDone(): void }) {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const isAdmin = me.role === 'admin';
  const queryClient = useQueryClient();
  const teams = useQuery({ ...teamsQuery, enabled: isAdmin });
  const [name, setName] = useState(calendar?.name ?? '');
  const [color, setColor] = useState(calendar?.color ?? 'blue');
  const [belongsTo, setBelongsTo] = useState<'user' | 'team'>(calendar?.team ? 'team' : 'user');
  const [ownerUserId, setOwnerUserId] = useState<string | null>(calendar?.owner?.id ?? me.id);
  const [teamId, setTeamId] = useState<string | null>(calendar?.team?.id ?? null);
  const [errors, setErrors] = useState<Partial<Record<(typeof FIELDS)[number], string>>>({});

  const mutation = useMutation({
    mutationFn: () => {
      const owner = belongsTo === 'team' ? { teamId: teamId! } : { ownerUserId: ownerUserId ?? me.id };
      if (!calendar) return createCalendar({ name: name.trim(), color, ...owner });
      // Only what changed: giving a calendar to someone else is its own decision.
      const changedOwner =
        belongsTo === 'team' ? teamId !== calendar.team?.id : (ownerUserId ?? me.id) !== calendar.owner?.id;
      return updateCalendar(calendar.id, {
        ...(name.trim() !== calendar.name ? { name: name.trim() } : {}),
        ...(color !== calendar.color ? { color } : {}),
        ...(changedOwner ? owner : {}),
      });
    },
    onSuccess: async (saved) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['calendars'] }),
        queryClient.invalidateQueries({ queryKey: ['appointments'] }),
      ]);
      notifications.show({
        color: 'green',
        message: calendar
          ? t('calendar.form.saved', { name: saved.name })
          : t('calendar.form.created', { name: saved.name }),
      });
      onDone();
    },
  });
  const problem = splitProblem(mutation.error, FIELDS, { team_not_found: 'teamId', user_not_found: 'ownerUserId' });
  const edit = () => mutation.reset();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!name.trim()) next.name = t('calendar.form.nameRequired');
    if (belongsTo === 'team' && !teamId) next.teamId = t('calendar.form.teamRequired');
    setErrors(next);
    if (Object.keys(next).length === 0) mutation.mutate();
  };

  const palette = CALENDAR_COLORS.includes(color as (typeof CALENDAR_COLORS)[number])
    ? [...CALENDAR_COLORS]
    : [color, ...CALENDAR_COLORS];

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={calendar ? t('calendar.panel.edit') : t('calendar.panel.newCalendar')}
    >
      <Stack gap="md">
        <TextInput
          label={t('calendar.form.name')}
          placeholder={t('calendar.form.namePlaceholder')}
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setErrors((er) => ({ ...er, name: undefined }));
            edit();
          }}
          error={errors.name ?? problem.fields.name}
          maxLength={100}
          data-autofocus
        />
        <Stack gap={6}>
          <Text size="sm" fw={500} id="calendar-color-label">
            {t('calendar.form.colour')}
          </Text>
          <Group gap={8} role="radiogroup" aria-labelledby="calendar-color-label">
            {palette.map((c) => (
              <Tooltip key={c} label={colorName(c, t)}>
                <UnstyledButton
                  role="radio"
                  aria-checked={c === color}
                  aria-label={colorName(c, t)}
                  onClick={() => {
                    setColor(c);
                    edit();
                  }}
                  style={{ borderRadius: '50%' }}
                >
                  <ColorSwatch color={calendarColor(c)} size={26} withShadow={false}>
                    {c === color && <CheckIcon color="white" style={{ width: 12, height: 12 }} />}
                  </ColorSwatch>
                </UnstyledButton>
              </Tooltip>
            ))}
          </Group>
          {problem.fields.color && (
            <Text size="xs" c="red">
              {problem.fields.color}
            </Text>
          )}
        </Stack>
        {isAdmin ? (
          <>
            <Stack gap={6}>
              <Text size="sm" fw={500} id="calendar-owner-label">
                {t('calendar.form.belongsTo')}
              </Text>
              <SegmentedControl
                aria-labelledby="calendar-owner-label"
                value={belongsTo}
                onChange={(v) => {
                  setBelongsTo(v as 'user' | 'team');
                  edit();
                }}
                data={[
                  { value: 'user', label: t('calendar.form.aPerson') },
                  { value: 'team', label: t('calendar.form.aTeam') },
                ]}
                w="fit-content"
              />
            </Stack>
            {belongsTo === 'user' ? (
              <UserSelect
                label={t('calendar.form.owner')}
                description={t('calendar.form.ownerHelp')}
                value={ownerUserId}
                onChange={(id) => {
                  setOwnerUserId(id);
                  edit();
                }}
                error={problem.fields.ownerUserId}
                allowDeselect={false}
              />
            ) : (
              <Select
                label={t('calendar.form.team')}
                description={t('calendar.form.teamHelp')}
                placeholder={teams.isPending ? t('common.loading') : t('calendar.form.teamRequired')}
                data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
                value={teamId}
                onChange={(id) => {
                  setTeamId(id);
                  setErrors((er) => ({ ...er, teamId: undefined }));
                  edit();
                }}
                error={errors.teamId ?? problem.fields.teamId}
                nothingFoundMessage={t('calendar.form.noTeams')}
                searchable
              />
            )}
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {calendar ? t('calendar.form.personal') : t('calendar.form.willBePersonal')}
          </Text>
        )}
        {problem.general && <ProblemAlert error={mutation.error} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {calendar ? t('appointments.saveChanges') : t('calendar.form.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
