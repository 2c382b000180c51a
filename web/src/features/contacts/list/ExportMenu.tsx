// Export: the list as the user sees it (search, filters, archive, saved view) downloaded as CSV for a
// spreadsheet or vCard for an address book. The server streams the file, so any size downloads.
import { Button, Menu } from '@mantine/core';
import { IconAddressBook, IconChevronDown, IconDownload, IconTable } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { API_BASE } from '../../../lib/api.ts';
import { apiQueryString, type ContactListSearch } from './listSearch.ts';

/** The download address of the list in this state, in one of the export's formats. */
export function listExportUrl(search: ContactListSearch, format: 'csv' | 'vcard'): string {
  // The file is in the server's order (oldest contact first); the list's sort does not apply to it.
  const query = apiQueryString({ ...search, sort: undefined });
  return `${API_BASE}/contacts/export${query}${query ? '&' : '?'}format=${format}`;
}

export function ExportMenu({ search }: { search: ContactListSearch }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" width={260} withinPortal>
      <Menu.Target>
        <Button variant="default" leftSection={<IconDownload size={16} />} rightSection={<IconChevronDown size={14} />}>
          {t('contactList.export.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('contactList.export.label')}</Menu.Label>
        <Menu.Item component="a" href={listExportUrl(search, 'csv')} download leftSection={<IconTable size={16} />}>
          {t('contactList.export.csv')}
        </Menu.Item>
        <Menu.Item
          component="a"
          href={listExportUrl(search, 'vcard')}
          download
          leftSection={<IconAddressBook size={16} />}
        >
          {t('contactList.export.vcard')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
