// Which columns the list shows: the standard ones and any custom field, in the order they were added.
import { Button, Menu, ScrollArea } from '@mantine/core';
import { IconColumns3 } from '@tabler/icons-react';
import { useTranslation } from '../../../app/i18n.ts';
import type { CustomFieldDto } from '../../settings/contactLibrary.api.ts';
import { DEFAULT_COLUMNS, STANDARD_COLUMNS } from './columns.tsx';

export function ColumnsMenu({
  value,
  fields,
  onChange,
}: {
  /** Column ids shown; null: the default set. */
  value: string[] | null;
  fields: CustomFieldDto[];
  onChange(next: string[] | null): void;
}) {
  const { t } = useTranslation();
  const shown = value ?? DEFAULT_COLUMNS;
  const toggle = (id: string) => {
    const next = shown.includes(id) ? shown.filter((c) => c !== id) : [...shown, id];
    const isDefault = next.length === DEFAULT_COLUMNS.length && next.every((c, i) => c === DEFAULT_COLUMNS[i]);
    onChange(isDefault ? null : next);
  };
  const item = (id: string, label: string) => (
    <Menu.CheckboxItem key={id} checked={shown.includes(id)} onChange={() => toggle(id)}>
      {label}
    </Menu.CheckboxItem>
  );
  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <Button variant="default" leftSection={<IconColumns3 size={16} stroke={1.7} />} visibleFrom="sm">
          {t('contactList.columns.menu')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <ScrollArea.Autosize mah={420} type="auto">
          <Menu.Label>{t('contactList.columns.contact')}</Menu.Label>
          {STANDARD_COLUMNS.map((c) => item(c.id, c.label))}
          {fields.length > 0 && <Menu.Label>{t('contactList.columns.customFields')}</Menu.Label>}
          {fields.map((f) => item(`custom.${f.key}`, f.label))}
        </ScrollArea.Autosize>
        {value && (
          <>
            <Menu.Divider />
            <Menu.Item onClick={() => onChange(null)}>{t('contactList.columns.reset')}</Menu.Item>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
