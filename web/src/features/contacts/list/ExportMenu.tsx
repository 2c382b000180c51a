// Export: the list as the user sees it (search, filters, archive, saved view) as CSV for a spreadsheet or
// vCard for an address book. A list of up to DIRECT_EXPORT_MAX contacts downloads at once (the server
// streams it); a larger one is prepared in the background — a dialog follows its progress and offers the
// file, and a notification says when it is ready if the dialog was closed. The menu lists recent exports.
import { Badge, Button, Menu, Text } from '@mantine/core';
import { LazyModal } from '../../../components/LazyModal.tsx';
import { notifications } from '@mantine/notifications';
import { IconAddressBook, IconChevronDown, IconDownload, IconTable } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../../app/i18n.ts';
import { problemMessage } from '../../../components/ProblemAlert.tsx';
import { useLinkProps } from '@tanstack/react-router';
import { API_BASE } from '../../../lib/api.ts';
import { formatRelative } from '../../../lib/format.ts';
import { useUserZone } from '../../auth/useSession.ts';
import { EXPORT_STATUS_COLORS, ExportStatus } from '../../exports/ExportStatus.tsx';
import { prepareExport, recentExportsQuery, type ExportDto, type ExportFormat } from '../../exports/exports.api.ts';
import { apiQueryString, type ContactListSearch } from './listSearch.ts';

/** Lists up to this many contacts download at once; larger ones are prepared in the background. */
export const DIRECT_EXPORT_MAX = 10_000;
const RECENT_SHOWN = 3;

/** The download address of the list in this state, in one of the export's formats. */
export function listExportUrl(search: ContactListSearch, format: ExportFormat): string {
  // The file is in the server's order (oldest contact first); the list's sort does not apply to it.
  const query = apiQueryString({ ...search, sort: undefined });
  return `${API_BASE}/contacts/export${query}${query ? '&' : '?'}format=${format}`;
}

const FORMATS = [
  { format: 'csv', icon: IconTable, label: 'contactList.export.csv' },
  { format: 'vcard', icon: IconAddressBook, label: 'contactList.export.vcard' },
] as const;

export function ExportMenu({ search, total }: { search: ContactListSearch; total?: { value: number } }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [following, setFollowing] = useState<string | null>(null);
  const inBackground = (total?.value ?? 0) > DIRECT_EXPORT_MAX;
  const recent = useQuery({ ...recentExportsQuery, enabled: opened });
  const prepare = useMutation({
    mutationFn: (format: ExportFormat) => prepareExport(search, format),
    onSuccess: async (e) => {
      queryClient.setQueryData(['contact-exports', e.id], e);
      await queryClient.invalidateQueries({ queryKey: ['contact-exports'], exact: true });
      setFollowing(e.id);
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: t('contactList.export.failed'), message: problemMessage(error) }),
  });
  return (
    <>
      <Menu position="bottom-end" width={280} withinPortal opened={opened} onChange={setOpened}>
        <Menu.Target>
          <Button
            variant="default"
            leftSection={<IconDownload size={16} />}
            rightSection={<IconChevronDown size={14} />}
            loading={prepare.isPending}
          >
            {t('contactList.export.button')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('contactList.export.label')}</Menu.Label>
          {FORMATS.map(({ format, icon: Icon, label }) =>
            inBackground ? (
              <Menu.Item key={format} leftSection={<Icon size={16} />} onClick={() => prepare.mutate(format)}>
                {t(label)}
              </Menu.Item>
            ) : (
              <Menu.Item
                key={format}
                component="a"
                href={listExportUrl(search, format)}
                download
                leftSection={<Icon size={16} />}
              >
                {t(label)}
              </Menu.Item>
            ),
          )}
          {inBackground && (
            <Text size="xs" c="dimmed" px="sm" py={6}>
              {t('contactList.export.prepared')}
            </Text>
          )}
          {recent.data && recent.data.length > 0 && (
            <>
              <Menu.Divider />
              <Menu.Label>{t('contactList.export.recent')}</Menu.Label>
              {recent.data.slice(0, RECENT_SHOWN).map((e) => (
                <RecentExport key={e.id} item={e} />
              ))}
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      <LazyModal
        opened={following !== null}
        onClose={() => setFollowing(null)}
        title={t('exports.title')}
        size="md"
        radius="md"
      >
        {following && <ExportStatus exportId={following} />}
      </LazyModal>
    </>
  );
}

function RecentExport({ item }: { item: ExportDto }) {
  const { t } = useTranslation();
  const zone = useUserZone();
  const link = useLinkProps({ to: '/exports/$exportId', params: { exportId: item.id } });
  return (
    <Menu.Item
      component="a"
      href={link.href}
      onClick={link.onClick}
      rightSection={
        <Badge size="xs" variant="light" color={EXPORT_STATUS_COLORS[item.status]}>
          {t(`exports.statuses.${item.status}`)}
        </Badge>
      }
    >
      {item.format === 'csv' ? 'CSV' : 'vCard'} · {formatRelative(item.createdAt, zone)}
    </Menu.Item>
  );
}
