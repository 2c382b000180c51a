// The contact's actions: duplicate (saying what a copy leaves out), find and merge duplicates, export as JSON or CSV, archive — and for an
// archived contact, restore and delete permanently.
import { ActionIcon, Button, Group, List, Menu, Stack, Text, ThemeIcon } from '@mantine/core';
import { LazyModal } from '../../../../components/LazyModal.tsx';
import { notifications } from '@mantine/notifications';
import {
  IconArchive,
  IconArrowMerge,
  IconCopy,
  IconDots,
  IconFileExport,
  IconFileSpreadsheet,
  IconMinus,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Trans } from 'react-i18next';
import { useTranslation } from '../../../../app/i18n.ts';
import { i18n } from '../../../../app/i18n.ts';
import { ConfirmDialog } from '../../../../components/ConfirmDialog.tsx';
import { ProblemAlert } from '../../../../components/ProblemAlert.tsx';
import { usePrivacyMenu } from '../../../privacy/PrivacyMenuItems.tsx';
import { contactKey, exportUrl, useContactActions, type DuplicateResult } from '../../contact.api.ts';
import { MergeDialog } from '../../../merge/MergeDialog.tsx';
import { useContactPage } from '../ContactContext.tsx';
import { LazyMenu } from '../../../../components/LazyMenu.tsx';

/** "2 email addresses", "1 phone number" — what a copy leaves out, counted. */
const counted = (what: 'emails' | 'phones', count: number) => i18n.t(`contactPage.duplicate.${what}`, { count });

function DuplicateDialog({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const { contact } = useContactPage();
  const actions = useContactActions(contact.id);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [result, setResult] = useState<DuplicateResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const close = () => {
    setResult(null);
    setError(null);
    onClose();
  };
  const duplicate = async () => {
    setPending(true);
    setError(null);
    try {
      const copy = await actions.duplicate();
      queryClient.setQueryData(contactKey(copy.contact.id), copy.contact);
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
      void queryClient.invalidateQueries({ queryKey: ['contact', contact.id, 'timeline'] });
      setResult(copy);
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  };
  const leftOut = [
    t('contactPage.duplicate.itsHistory'),
    ...(contact.emails.length ? [counted('emails', contact.emails.length)] : []),
    ...(contact.phones.length ? [counted('phones', contact.phones.length)] : []),
  ];
  return (
    <LazyModal
      opened={opened}
      onClose={close}
      title={
        <Text fw={600}>
          {result
            ? t('contactPage.duplicate.created')
            : t('contactPage.duplicate.question', { name: contact.displayName })}
        </Text>
      }
      size="md"
    >
      {result ? (
        <Stack gap="md">
          <Text size="sm">
            <Trans
              i18nKey="contactPage.duplicate.createdText"
              values={{ name: result.contact.displayName }}
              components={{ name: <Text span fw={600} /> }}
            />
          </Text>
          {result.omitted.length > 0 && (
            <div>
              <Text size="sm" fw={600} mb={6}>
                {t('contactPage.duplicate.leftOut')}
              </Text>
              <List
                size="sm"
                spacing={4}
                icon={
                  <ThemeIcon size={18} radius="xl" color="gray" variant="light">
                    <IconMinus size={12} />
                  </ThemeIcon>
                }
              >
                {result.omitted.map((o) => (
                  <List.Item key={o.field}>
                    {o.field === 'history'
                      ? t('contactPage.duplicate.history')
                      : o.field === 'emails' || o.field === 'phones'
                        ? counted(o.field, o.count)
                        : o.field}
                    <Text span c="dimmed" size="sm">
                      {' '}
                      — {o.reason}
                    </Text>
                  </List.Item>
                ))}
              </List>
            </div>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t('contactPage.duplicate.stay')}
            </Button>
            <Button
              onClick={() => {
                const id = result.contact.id;
                close();
                void navigate({ to: '/contacts/$contactId', params: { contactId: id } });
              }}
            >
              {t('contactPage.duplicate.open')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md">
          <Text size="sm">{t('contactPage.duplicate.text')}</Text>
          <div>
            <Text size="sm" fw={600} mb={6}>
              {t('contactPage.duplicate.notCopied')}
            </Text>
            <List
              size="sm"
              spacing={4}
              icon={
                <ThemeIcon size={18} radius="xl" color="gray" variant="light">
                  <IconMinus size={12} />
                </ThemeIcon>
              }
            >
              {leftOut.map((l) => (
                <List.Item key={l}>{l}</List.Item>
              ))}
            </List>
            {(contact.emails.length > 0 || contact.phones.length > 0) && (
              <Text size="xs" c="dimmed" mt={6}>
                {t('contactPage.duplicate.oneContactOnly')}
              </Text>
            )}
          </div>
          <ProblemAlert error={error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={pending}>
              {t('common.cancel')}
            </Button>
            <Button leftSection={<IconCopy size={16} />} loading={pending} onClick={() => void duplicate()}>
              {t('contactPage.duplicate.submit')}
            </Button>
          </Group>
        </Stack>
      )}
    </LazyModal>
  );
}

/** The contact's own data as a file, one menu item per format. */
const EXPORTS = [
  { format: 'json', Icon: IconFileExport, label: 'contactPage.actions.exportJson' },
  { format: 'csv', Icon: IconFileSpreadsheet, label: 'contactPage.actions.exportCsv' },
] as const;

export function ContactActionsMenu() {
  const { t } = useTranslation();
  const { contact, reload } = useContactPage();
  const actions = useContactActions(contact.id);
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<'duplicate' | 'merge' | 'archive' | null>(null);
  const archived = Boolean(contact.archivedAt);

  const afterExport = () =>
    // The export is journaled; show it once the download has been served.
    window.setTimeout(
      () => void queryClient.invalidateQueries({ queryKey: ['contact', contact.id, 'timeline'] }),
      1500,
    );
  const privacy = usePrivacyMenu(contact, afterExport);

  const archive = async () => {
    await actions.archive();
    await reload();
    void queryClient.invalidateQueries({ queryKey: ['contacts'] });
    // The toast offers the way back at once: Undo restores the contact as the banner's Restore would.
    const id = `archived-${contact.id}`;
    const undo = async () => {
      notifications.hide(id);
      await actions.restore();
      await reload();
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
    };
    notifications.show({
      id,
      color: 'gray',
      // Long enough to notice the mistake and reach the button.
      autoClose: 8000,
      message: (
        <Group justify="space-between" gap="sm" wrap="nowrap">
          <span>{t('contactPage.archive.done', { name: contact.displayName })}</span>
          <Button size="compact-xs" variant="subtle" onClick={() => void undo()}>
            {t('common.undo')}
          </Button>
        </Group>
      ),
    });
  };

  return (
    <>
      <LazyMenu
        position="bottom-end"
        withinPortal
        width={230}
        target={
          <ActionIcon variant="default" size="md" aria-label={t('contactPage.actions.label')}>
            <IconDots size={17} />
          </ActionIcon>
        }
      >
        {!archived && (
          <Menu.Item leftSection={<IconCopy size={15} />} onClick={() => setDialog('duplicate')}>
            {t('contactPage.actions.duplicate')}
          </Menu.Item>
        )}
        {!archived && (
          <Menu.Item leftSection={<IconArrowMerge size={15} />} onClick={() => setDialog('merge')}>
            {t('merge.menu')}
          </Menu.Item>
        )}
        <Menu.Label>{t('contactPage.actions.export')}</Menu.Label>
        {EXPORTS.map(({ format, Icon, label }) => (
          <Menu.Item
            key={format}
            component="a"
            href={exportUrl(contact.id, format)}
            download
            leftSection={<Icon size={15} />}
            onClick={afterExport}
          >
            {t(label)}
          </Menu.Item>
        ))}
        {privacy.download}
        {!archived && (
          <>
            <Menu.Divider />
            <Menu.Item color="red" leftSection={<IconArchive size={15} />} onClick={() => setDialog('archive')}>
              {t('contactPage.actions.archive')}
            </Menu.Item>
          </>
        )}
        {privacy.erase}
      </LazyMenu>

      <DuplicateDialog opened={dialog === 'duplicate'} onClose={() => setDialog(null)} />
      <MergeDialog contact={contact} opened={dialog === 'merge'} onClose={() => setDialog(null)} />
      {privacy.dialog}
      <ConfirmDialog
        opened={dialog === 'archive'}
        onClose={() => setDialog(null)}
        title={t('contactPage.archive.question', { name: contact.displayName })}
        confirmLabel={t('contactPage.archive.confirm')}
        danger
        onConfirm={archive}
      >
        {t('contactPage.archive.text')}
      </ConfirmDialog>
    </>
  );
}
