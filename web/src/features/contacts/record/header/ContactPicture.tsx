// The contact's picture: click (or drop an image on it) to upload, remove it from the menu; without one, the
// initials on a colour of the contact's own. People are round, businesses square.
import { Avatar, Loader, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconCamera, IconPhotoUp, IconTrash } from '@tabler/icons-react';
import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from '../../../../app/i18n.ts';
import { problemMessage } from '../../../../components/ProblemAlert.tsx';
import { initials } from '../../../../components/UserAvatar.tsx';
import { isVersionConflict, useContactActions } from '../../contact.api.ts';
import { useContactPage } from '../ContactContext.tsx';
import classes from './ContactHeader.module.css';

const COLORS = ['blue', 'teal', 'grape', 'orange', 'cyan', 'pink', 'indigo', 'green', 'violet', 'red'];

/** The same contact always gets the same colour. */
export function contactColor(seed: string): string {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return COLORS[h % COLORS.length]!;
}

const ACCEPT = 'image/png,image/jpeg,image/webp,image/gif';

export function ContactPicture({ size = 72 }: { size?: number }) {
  const { t } = useTranslation();
  const { contact, editable } = useContactPage();
  const actions = useContactActions(contact.id);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [menuOpened, setMenuOpened] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const openPicker = () => fileInput.current?.click();

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(isVersionConflict(e) ? t('contactPage.conflict.text') : problemMessage(e));
    } finally {
      setBusy(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };
  const upload = (file: File | null) => {
    if (file) void run(() => actions.setPicture(contact.version, file));
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (!editable) return;
    const file = Array.from(e.dataTransfer.files).find((f) => f.type.startsWith('image/'));
    if (file) upload(file);
    else setError(t('contactPage.picture.dropImage'));
  };

  const avatar = (
    <Avatar
      size={size}
      radius={contact.kind === 'business' ? 'md' : size}
      color={contactColor(contact.id)}
      variant="light"
      src={contact.pictureUrl}
      alt={contact.pictureUrl ? t('contactPage.picture.alt', { name: contact.displayName }) : undefined}
      fz={size * 0.36}
    >
      {initials(contact.displayName)}
    </Avatar>
  );

  if (!editable) return <div className={classes.picture}>{avatar}</div>;

  return (
    <div
      className={classes.picture}
      data-dragging={dragging || undefined}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <input
        ref={fileInput}
        type="file"
        accept={ACCEPT}
        hidden
        data-testid="contact-picture-input"
        onChange={(e) => upload(e.currentTarget.files?.[0] ?? null)}
      />
      <Menu opened={menuOpened} onChange={setMenuOpened} position="bottom-start" withinPortal>
        <Menu.Target>
          <UnstyledButton
            className={classes.pictureButton}
            aria-label={contact.pictureUrl ? t('contactPage.picture.change') : t('contactPage.picture.upload')}
            onClick={(e) => {
              // Without a picture there is nothing to choose between: go straight to the file picker.
              if (!contact.pictureUrl) {
                e.preventDefault();
                setMenuOpened(false);
                openPicker();
              }
            }}
            data-testid="contact-picture"
          >
            {avatar}
            <span className={classes.pictureOverlay} aria-hidden>
              {busy ? <Loader size="sm" color="white" /> : <IconCamera size={size * 0.3} />}
            </span>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconPhotoUp size={15} />} onClick={openPicker}>
            {t('contactPage.picture.uploadNew')}
          </Menu.Item>
          <Menu.Item
            color="red"
            leftSection={<IconTrash size={15} />}
            onClick={() => void run(() => actions.removePicture(contact.version))}
          >
            {t('contactPage.picture.remove')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {error && (
        <Text size="xs" c="red" mt={4} maw={size * 2.5} role="alert">
          {error}
        </Text>
      )}
    </div>
  );
}
