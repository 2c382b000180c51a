// One note: title, body, attachments, who wrote it and when (and whether it was edited since), with pin, edit and
// delete. A refused pin (two are pinned already) is said right on the note the user tried to pin.
import { ActionIcon, Alert, Group, Menu, Paper, Spoiler, Stack, Text, Tooltip } from '@mantine/core';
import {
  IconDots,
  IconDownload,
  IconPaperclip,
  IconPencil,
  IconPin,
  IconPinFilled,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type CSSProperties } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { UserAvatar } from '../../components/UserAvatar.tsx';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { useSession, useUserZone } from '../auth/useSession.ts';
import { formatBytes } from './formatBytes.ts';
import { noteMantineColor } from './noteColors.ts';
import { afterNoteChange, isPinLimit, noteWrites, type NoteDto } from './notes.api.ts';
import classes from './notes.module.css';
import { safeNoteHtml } from './safeNoteHtml.ts';
import { problemText } from '../../lib/problems.ts';

/** An edit within this long of writing the note is part of writing it, not an "edited" change. */
const EDIT_GRACE_MS = 60_000;

export function NoteCard({
  note,
  contactId,
  readOnly,
  onEdit,
}: {
  note: NoteDto;
  contactId: string;
  readOnly: boolean;
  onEdit(note: NoteDto): void;
}) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const queryClient = useQueryClient();
  const writes = noteWrites(contactId, useSession().csrfToken);
  const [deleting, setDeleting] = useState(false);
  const html = useMemo(() => safeNoteHtml(note.bodyHtml), [note.bodyHtml]);

  const pin = useMutation({
    mutationFn: () => (note.pinned ? writes.unpin(note.id) : writes.pin(note.id)),
    onSuccess: () => afterNoteChange(queryClient, contactId),
  });

  const accent = noteMantineColor(note.color);
  const style = accent
    ? ({
        '--note-accent': `var(--mantine-color-${accent}-filled)`,
        '--note-tint': `var(--mantine-color-${accent}-light)`,
      } as CSSProperties)
    : undefined;
  const edited = new Date(note.updatedAt).getTime() - new Date(note.createdAt).getTime() > EDIT_GRACE_MS;
  const pinLabel = t(note.pinned ? 'notes.unpin' : 'notes.pin');

  return (
    <Paper
      withBorder
      p="md"
      className={classes.note}
      style={style}
      data-color={accent ? note.color : undefined}
      data-pinned={note.pinned || undefined}
      data-testid="note"
      component="article"
      aria-label={note.title || t('notes.note')}
    >
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Group gap={6} wrap="nowrap" miw={0}>
            {note.pinned && readOnly && <IconPinFilled size={15} aria-label={t('notes.pinned')} />}
            {note.title ? (
              <Text fw={600} className={classes.noteTitle}>
                {note.title}
              </Text>
            ) : (
              <Text fw={600} c="dimmed" fs="italic" size="sm">
                {t('notes.untitled')}
              </Text>
            )}
          </Group>
          {!readOnly && (
            <Group gap={2} wrap="nowrap" style={{ flex: 'none' }}>
              <Tooltip label={pinLabel}>
                <ActionIcon
                  variant={note.pinned ? 'light' : 'subtle'}
                  color={note.pinned ? 'brand' : 'gray'}
                  aria-label={pinLabel}
                  aria-pressed={note.pinned}
                  loading={pin.isPending}
                  onClick={() => pin.mutate()}
                >
                  {note.pinned ? <IconPinFilled size={16} /> : <IconPin size={16} stroke={1.7} />}
                </ActionIcon>
              </Tooltip>
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <ActionIcon
                    aria-label={note.title ? t('notes.actionsFor', { title: note.title }) : t('notes.actionsForThis')}
                  >
                    <IconDots size={16} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item leftSection={<IconPencil size={15} />} onClick={() => onEdit(note)}>
                    {t('notes.edit')}
                  </Menu.Item>
                  <Menu.Item color="red" leftSection={<IconTrash size={15} />} onClick={() => setDeleting(true)}>
                    {t('notes.delete')}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </Group>
          )}
        </Group>

        {pin.isError && (
          <Alert
            color={isPinLimit(pin.error) ? 'orange' : 'red'}
            variant="light"
            icon={<IconPin size={18} />}
            title={isPinLimit(pin.error) ? t('notes.pinFailed') : undefined}
            withCloseButton
            closeButtonLabel={t('notes.dismiss')}
            onClose={() => pin.reset()}
            role="alert"
            py="xs"
          >
            {pin.error instanceof Error ? problemText(pin.error) : t('notes.pinChangeFailed')}
          </Alert>
        )}

        {html && (
          <Spoiler
            maxHeight={190}
            showLabel={t('notes.showMore')}
            hideLabel={t('notes.showLess')}
            transitionDuration={0}
          >
            {/* Sanitised by the server and again by safeNoteHtml; shown as markup, never run. */}
            <div className={classes.body} dangerouslySetInnerHTML={{ __html: html }} />
          </Spoiler>
        )}

        {note.attachments.length > 0 && (
          <ul className={classes.attachments} aria-label={t('notes.attachments')}>
            {note.attachments.map((a) => (
              <li key={a.id}>
                <a
                  className={classes.attachment}
                  href={a.url}
                  download={a.filename}
                  title={t('notes.download', { filename: a.filename })}
                >
                  <IconPaperclip size={14} />
                  <span className={classes.attachmentName}>{a.filename}</span>
                  <Text span size="xs" c="dimmed">
                    {formatBytes(a.size, zone.locale)}
                  </Text>
                  <IconDownload size={14} />
                </a>
              </li>
            ))}
          </ul>
        )}

        <Group gap={6} wrap="wrap">
          <UserAvatar name={note.author?.name ?? t('notes.api')} size={20} />
          <Text size="xs" fw={500}>
            {note.author?.name ?? t('notes.apiOrSystem')}
          </Text>
          <Text size="xs" c="dimmed" aria-hidden>
            ·
          </Text>
          <Tooltip label={formatDateTime(note.createdAt, zone)} openDelay={200}>
            <Text size="xs" c="dimmed" component="time" dateTime={note.createdAt}>
              {formatRelative(note.createdAt, zone)}
            </Text>
          </Tooltip>
          {edited && (
            <Tooltip label={t('notes.editedAt', { when: formatDateTime(note.updatedAt, zone) })} openDelay={200}>
              <Text size="xs" c="dimmed" fs="italic">
                {t('notes.edited')}
              </Text>
            </Tooltip>
          )}
          {note.pinned && (
            <Text size="xs" c="brand" fw={600}>
              {t('notes.pinnedSuffix')}
            </Text>
          )}
        </Group>
      </Stack>

      <ConfirmDialog
        opened={deleting}
        onClose={() => setDeleting(false)}
        title={t('notes.deleteTitle')}
        confirmLabel={t('notes.delete')}
        danger
        onConfirm={async () => {
          await writes.remove(note);
          await afterNoteChange(queryClient, contactId);
        }}
      >
        {note.title ? t('notes.deleteNamed', { title: note.title }) : t('notes.deleteUntitled')}
      </ConfirmDialog>
    </Paper>
  );
}
