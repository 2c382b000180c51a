// The contact's actions: duplicate (saying what a copy leaves out), export as JSON or CSV, archive — and for an
// archived contact, restore and delete permanently.
import { ActionIcon, Button, Group, List, Menu, Modal, Stack, Text, ThemeIcon } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconCopy, IconDots, IconFileExport, IconFileSpreadsheet, IconMinus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ConfirmDialog } from '../../../../components/ConfirmDialog.tsx';
import { ProblemAlert } from '../../../../components/ProblemAlert.tsx';
import { contactKey, exportUrl, useContactActions, type DuplicateResult } from '../../contact.api.ts';
import { useContactPage } from '../ContactContext.tsx';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function DuplicateDialog({ opened, onClose }: { opened: boolean; onClose(): void }) {
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
    'Its history: timeline, notes, tasks and appointments',
    ...(contact.emails.length ? [plural(contact.emails.length, 'email address', 'email addresses')] : []),
    ...(contact.phones.length ? [plural(contact.phones.length, 'phone number', 'phone numbers')] : []),
  ];
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={<Text fw={600}>{result ? 'Copy created' : `Duplicate ${contact.displayName}?`}</Text>}
      size="md"
    >
      {result ? (
        <Stack gap="md">
          <Text size="sm">
            <Text span fw={600}>
              {result.contact.displayName}
            </Text>{' '}
            was created with the details, tags, custom fields, owner, team, followers and locations of the original.
          </Text>
          {result.omitted.length > 0 && (
            <div>
              <Text size="sm" fw={600} mb={6}>
                Left out
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
                      ? 'History'
                      : o.field === 'emails'
                        ? plural(o.count, 'email address', 'email addresses')
                        : o.field === 'phones'
                          ? plural(o.count, 'phone number', 'phone numbers')
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
              Stay here
            </Button>
            <Button
              onClick={() => {
                const id = result.contact.id;
                close();
                void navigate({ to: '/contacts/$contactId', params: { contactId: id } });
              }}
            >
              Open the copy
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md">
          <Text size="sm">
            A new contact gets this one’s details, tags, custom fields, owner, team, followers and locations.
          </Text>
          <div>
            <Text size="sm" fw={600} mb={6}>
              Not copied
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
                An email address or phone number belongs to one contact only.
              </Text>
            )}
          </div>
          <ProblemAlert error={error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={pending}>
              Cancel
            </Button>
            <Button leftSection={<IconCopy size={16} />} loading={pending} onClick={() => void duplicate()}>
              Duplicate
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

export function ContactActionsMenu() {
  const { contact, reload } = useContactPage();
  const actions = useContactActions(contact.id);
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<'duplicate' | 'archive' | null>(null);
  const archived = Boolean(contact.archivedAt);

  const afterExport = () =>
    // The export is journaled; show it once the download has been served.
    window.setTimeout(
      () => void queryClient.invalidateQueries({ queryKey: ['contact', contact.id, 'timeline'] }),
      1500,
    );

  const archive = async () => {
    await actions.archive();
    await reload();
    void queryClient.invalidateQueries({ queryKey: ['contacts'] });
    notifications.show({ color: 'gray', message: `${contact.displayName} was moved to the archive` });
  };

  return (
    <>
      <Menu position="bottom-end" withinPortal width={230}>
        <Menu.Target>
          <ActionIcon variant="default" size="md" aria-label="Contact actions">
            <IconDots size={17} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {!archived && (
            <Menu.Item leftSection={<IconCopy size={15} />} onClick={() => setDialog('duplicate')}>
              Duplicate…
            </Menu.Item>
          )}
          <Menu.Label>Export this contact</Menu.Label>
          <Menu.Item
            component="a"
            href={exportUrl(contact.id, 'json')}
            download
            leftSection={<IconFileExport size={15} />}
            onClick={afterExport}
          >
            Full record (JSON)
          </Menu.Item>
          <Menu.Item
            component="a"
            href={exportUrl(contact.id, 'csv')}
            download
            leftSection={<IconFileSpreadsheet size={15} />}
            onClick={afterExport}
          >
            Spreadsheet row (CSV)
          </Menu.Item>
          {!archived && (
            <>
              <Menu.Divider />
              <Menu.Item color="red" leftSection={<IconArchive size={15} />} onClick={() => setDialog('archive')}>
                Archive…
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>

      <DuplicateDialog opened={dialog === 'duplicate'} onClose={() => setDialog(null)} />
      <ConfirmDialog
        opened={dialog === 'archive'}
        onClose={() => setDialog(null)}
        title={`Archive ${contact.displayName}?`}
        confirmLabel="Archive contact"
        danger
        onConfirm={archive}
      >
        The contact leaves the list and cannot be changed while archived. Its emails, phones, notes, tasks and history
        stay with it and come back when you restore it.
      </ConfirmDialog>
    </>
  );
}
