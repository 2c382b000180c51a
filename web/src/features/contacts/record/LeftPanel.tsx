// The left panel: who the contact is (header), who owns it (owner, followers, team, tags), and its fields in two
// tabs — All fields and DND.
import { Badge, Tabs } from '@mantine/core';
import { IconBellOff, IconListDetails } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from '../../../app/i18n.ts';
import { useContactPage } from './ContactContext.tsx';
import { DndTab } from './DndTab.tsx';
import { AllFieldsTab } from './fields/AllFieldsTab.tsx';
import { ContactHeader } from './header/ContactHeader.tsx';
import { OwnershipBlock } from './ownership/OwnershipBlock.tsx';
import { ContactSegmentsBlock } from '../../segments/ContactSegmentsBlock.tsx';
import classes from './ContactPage.module.css';

export function LeftPanel() {
  const { t } = useTranslation();
  const { contact } = useContactPage();
  const [tab, setTab] = useState<string | null>('fields');
  const dndCount = Object.values(contact.dnd).filter(Boolean).length;
  return (
    <aside className={classes.left} aria-label={t('contactPage.leftPanel.label')}>
      <ContactHeader />
      <OwnershipBlock />
      <ContactSegmentsBlock />
      <Tabs value={tab} onChange={setTab} keepMounted={false} classNames={{ list: classes.leftTabs }}>
        <Tabs.List>
          <Tabs.Tab value="fields" leftSection={<IconListDetails size={15} />}>
            {t('contactPage.leftPanel.allFields')}
          </Tabs.Tab>
          <Tabs.Tab
            value="dnd"
            leftSection={<IconBellOff size={15} />}
            rightSection={
              dndCount > 0 ? (
                <Badge size="xs" color="red" variant="light" circle>
                  {dndCount}
                </Badge>
              ) : undefined
            }
          >
            {t('contactPage.leftPanel.dnd')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="fields" pt="sm">
          <AllFieldsTab />
        </Tabs.Panel>
        <Tabs.Panel value="dnd" pt="sm">
          <DndTab />
        </Tabs.Panel>
      </Tabs>
    </aside>
  );
}
