// What the contact page's actions menu offers for privacy: everyone who sees the contact can download its
// personal data (an access request); admins can erase it. The dialog lives outside the menu, which unmounts.
import { Menu } from '@mantine/core';
import { IconFileZip, IconShieldX } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { useIsAdmin } from '../auth/useSession.ts';
import { EraseContactDialog } from './EraseContactDialog.tsx';
import { personalDataArchiveUrl } from './privacy.api.ts';

export function usePrivacyMenu(
  contact: { id: string; displayName: string },
  afterDownload: () => void,
): { download: ReactNode; erase: ReactNode; dialog: ReactNode } {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const [erasing, setErasing] = useState(false);
  return {
    download: (
      <Menu.Item
        component="a"
        href={personalDataArchiveUrl(contact.id)}
        download
        leftSection={<IconFileZip size={15} />}
        onClick={afterDownload}
      >
        {t('privacy.menu.download')}
      </Menu.Item>
    ),
    erase: isAdmin ? (
      <>
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconShieldX size={15} />} onClick={() => setErasing(true)}>
          {t('privacy.menu.erase')}
        </Menu.Item>
      </>
    ) : null,
    dialog: isAdmin ? (
      <EraseContactDialog contact={contact} opened={erasing} onClose={() => setErasing(false)} />
    ) : null,
  };
}
