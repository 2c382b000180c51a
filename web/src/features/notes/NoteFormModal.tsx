// Write or edit a note: title, rich text with @mentions, colour, attachments. An edit carries the version the
// user opened (If-Match), so a note someone else changed meanwhile is refused with a message instead of being
// overwritten. Closing with unsaved changes asks first.
import {
  ActionIcon,
  Alert,
  Button,
  CheckIcon,
  ColorSwatch,
  FileButton,
  Group,
  Input,
  Loader,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { LazyModal } from '../../components/LazyModal.tsx';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconPaperclip, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { i18n } from '../../app/i18n.ts';
import { problemMessage, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ApiError } from '../../lib/api.ts';
import { useSession } from '../auth/useSession.ts';
import { usersQuery } from '../settings/settings.api.ts';
import { formatBytes } from './formatBytes.ts';
import { NoteBodyEditor } from './NoteBodyEditor.tsx';
import { NOTE_COLORS, noteColorLabel, type NoteColor } from './noteColors.ts';
import { afterNoteChange, isVersionConflict, noteWrites, type NoteDto } from './notes.api.ts';
import classes from './notes.module.css';

/** What the file picker offers; the server decides in the end (and says why it refuses). */
const ACCEPT = [
  '.pdf,.png,.jpg,.jpeg,.gif,.webp,.txt,.csv,.md,.rtf',
  '.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.zip',
].join(',');
const MAX_ATTACHMENTS = 20;

interface Attachment {
  key: string;
  fileId: string | null;
  filename: string;
  size: number;
  error: string | null;
}

export function NoteFormModal({
  contactId,
  note,
  opened,
  onClose,
}: {
  contactId: string;
  /** The note to edit; none writes a new one. */
  note?: NoteDto;
  opened: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)') ?? false;
  const [dirty, setDirty] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const requestClose = () => {
    if (dirty) setConfirmDiscard(true);
    else onClose();
  };
  const closed = () => {
    setDirty(false);
    setConfirmDiscard(false);
    onClose();
  };
  return (
    <LazyModal
      opened={opened}
      onClose={requestClose}
      title={<Text fw={600}>{t(note ? 'notes.edit' : 'notes.new')}</Text>}
      size="xl"
      fullScreen={phone}
      closeOnClickOutside={!dirty}
    >
      {opened && (
        <NoteForm
          key={note ? `${note.id}:${note.version}` : 'new'}
          contactId={contactId}
          note={note}
          onDirty={setDirty}
          onDone={closed}
          onCancel={requestClose}
          confirmDiscard={confirmDiscard}
          onKeepEditing={() => setConfirmDiscard(false)}
        />
      )}
    </LazyModal>
  );
}

/** Why a file could not be attached, in a few words (the server's list of accepted types is long). */
function uploadProblem(error: unknown): string {
  if (error instanceof ApiError && error.code === 'unsupported_media_type') {
    return i18n.t('notes.notAttachedType');
  }
  return i18n.t('notes.notAttached', { problem: problemMessage(error) });
}

function NoteForm({
  contactId,
  note,
  onDirty,
  onDone,
  onCancel,
  confirmDiscard,
  onKeepEditing,
}: {
  contactId: string;
  note?: NoteDto;
  onDirty(dirty: boolean): void;
  onDone(): void;
  onCancel(): void;
  confirmDiscard: boolean;
  onKeepEditing(): void;
}) {
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  const writes = noteWrites(contactId, useSession().csrfToken);
  const users = useQuery(usersQuery('active'));

  const [title, setTitle] = useState(note?.title ?? '');
  const [html, setHtml] = useState(note?.bodyHtml ?? '');
  const [text, setText] = useState(note?.bodyText ?? '');
  const [color, setColor] = useState<NoteColor>(note?.color ?? 'default');
  const [attachments, setAttachments] = useState<Attachment[]>(
    (note?.attachments ?? []).map((a) => ({
      key: a.id,
      fileId: a.id,
      filename: a.filename,
      size: a.size,
      error: null,
    })),
  );
  const [emptyError, setEmptyError] = useState<string | null>(null);

  const mutation = useMutation({
    mutationFn: () => {
      const attachmentFileIds = attachments.flatMap((a) => (a.fileId ? [a.fileId] : []));
      const bodyHtml = text.trim() || /data-type="mention"/.test(html) ? html : '';
      const input = { title: title.trim(), bodyHtml, color, attachmentFileIds };
      return note ? writes.update(note, input) : writes.create(input);
    },
    onSuccess: async () => {
      await afterNoteChange(queryClient, contactId);
      notifications.show({ color: 'green', message: t(note ? 'notes.saved' : 'notes.added') });
      onDone();
    },
  });

  const edited = () => {
    onDirty(true);
    setEmptyError(null);
    if (mutation.isError) mutation.reset();
  };

  const upload = async (files: File[]) => {
    const room = MAX_ATTACHMENTS - attachments.length;
    for (const file of files.slice(0, Math.max(room, 0))) {
      const key = `${file.name}:${file.size}:${Math.random().toString(36).slice(2)}`;
      setAttachments((list) => [...list, { key, fileId: null, filename: file.name, size: file.size, error: null }]);
      edited();
      try {
        const uploaded = await writes.upload(file);
        setAttachments((list) =>
          list.map((a) => (a.key === key ? { ...a, fileId: uploaded.fileId, filename: uploaded.filename } : a)),
        );
      } catch (error) {
        setAttachments((list) => list.map((a) => (a.key === key ? { ...a, error: uploadProblem(error) } : a)));
      }
    }
  };

  const uploading = attachments.some((a) => !a.fileId && !a.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim() && !text.trim() && !/data-type="mention"/.test(html)) {
      setEmptyError(t('notes.titleOrText'));
      return;
    }
    mutation.mutate();
  };

  const conflict = isVersionConflict(mutation.error);

  return (
    <form onSubmit={submit} noValidate aria-label={t(note ? 'notes.edit' : 'notes.new')}>
      <Stack gap="md">
        <TextInput
          label={t('notes.title')}
          placeholder={t('notes.titlePlaceholder')}
          value={title}
          onChange={(e) => {
            setTitle(e.currentTarget.value);
            edited();
          }}
          maxLength={200}
          data-autofocus
        />
        <Input.Wrapper
          label={t('notes.body')}
          description="Type @ to mention a teammate; they get a notification."
          error={emptyError}
        >
          <div style={{ marginTop: 6 }}>
            <NoteBodyEditor
              initialHtml={note?.bodyHtml ?? ''}
              users={users.data ?? []}
              invalid={Boolean(emptyError)}
              onChange={(nextHtml, nextText) => {
                setHtml(nextHtml);
                setText(nextText);
                edited();
              }}
            />
          </div>
        </Input.Wrapper>

        <Input.Wrapper label={t('notes.colour')}>
          <Group gap={8} mt={6} role="radiogroup" aria-label={t('notes.colour')}>
            {NOTE_COLORS.map((c) => (
              <Tooltip key={c.value} label={noteColorLabel(c.value)} openDelay={200}>
                <ColorSwatch
                  component="button"
                  type="button"
                  role="radio"
                  aria-checked={color === c.value}
                  aria-label={noteColorLabel(c.value)}
                  color={c.color ? `var(--mantine-color-${c.color}-filled)` : 'var(--dossier-panel-bg)'}
                  size={26}
                  className={classes.swatch}
                  onClick={() => {
                    setColor(c.value);
                    edited();
                  }}
                >
                  {color === c.value && <CheckIcon size={11} color={c.color ? 'white' : 'var(--mantine-color-text)'} />}
                </ColorSwatch>
              </Tooltip>
            ))}
          </Group>
        </Input.Wrapper>

        <Stack gap={6}>
          <Group gap="sm">
            <Text size="sm" fw={500}>
              {t('notes.attachments')}
            </Text>
            <FileButton onChange={(files) => void upload(files)} accept={ACCEPT} multiple>
              {(props) => (
                <Button
                  {...props}
                  variant="default"
                  size="compact-sm"
                  leftSection={<IconPaperclip size={14} />}
                  disabled={attachments.length >= MAX_ATTACHMENTS}
                >
                  {t('notes.attach')}
                </Button>
              )}
            </FileButton>
            <Text size="xs" c="dimmed">
              {t('notes.attachHint')}
            </Text>
          </Group>
          {attachments.length > 0 && (
            <ul className={classes.attachments} aria-label={t('notes.attachments')}>
              {attachments.map((a) => (
                <li key={a.key} className={classes.attachment} data-error={a.error ? true : undefined}>
                  {!a.fileId && !a.error ? (
                    <Loader size={12} aria-label={t('notes.uploading')} />
                  ) : a.error ? (
                    <IconAlertTriangle size={14} color="var(--mantine-color-red-6)" />
                  ) : (
                    <IconPaperclip size={14} />
                  )}
                  <span className={classes.attachmentName} title={a.filename}>
                    {a.filename}
                  </span>
                  {a.error ? (
                    <Text span size="xs" c="red" className={classes.attachmentError}>
                      {a.error}
                    </Text>
                  ) : (
                    <Text span size="xs" c="dimmed">
                      {formatBytes(a.size)}
                    </Text>
                  )}
                  <ActionIcon
                    size="xs"
                    variant="subtle"
                    color="gray"
                    aria-label={t('notes.remove', { filename: a.filename })}
                    onClick={() => {
                      setAttachments((list) => list.filter((x) => x.key !== a.key));
                      edited();
                    }}
                  >
                    <IconX size={12} />
                  </ActionIcon>
                </li>
              ))}
            </ul>
          )}
        </Stack>

        {conflict ? (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
            {t('notes.conflict')}
          </Alert>
        ) : (
          <ProblemAlert error={mutation.error} />
        )}

        {confirmDiscard ? (
          <Group justify="space-between" gap="sm" className={classes.discard} role="alert">
            <Text size="sm" fw={500}>
              {t('notes.discardQuestion')}
            </Text>
            <Group gap="sm">
              <Button variant="default" onClick={onKeepEditing}>
                {t('notes.keepEditing')}
              </Button>
              <Button color="red" onClick={onDone}>
                {t('notes.discard')}
              </Button>
            </Group>
          </Group>
        ) : (
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onCancel} disabled={mutation.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={uploading}>
              {t(note ? 'notes.save' : 'notes.add')}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
