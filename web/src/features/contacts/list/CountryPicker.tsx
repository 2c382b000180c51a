// The country of a phone number typed without its +code: a compact "DE +49" button inside the phone field that
// opens a searchable list of countries.
import { Combobox, Group, ScrollArea, Text, UnstyledButton, useCombobox } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from '../../../app/i18n.ts';
import classes from './CountryPicker.module.css';
import { countryOptions } from './phone.ts';

export function CountryPicker({
  value,
  onChange,
  locale,
}: {
  value: string | null;
  onChange(country: string): void;
  locale: string;
}) {
  const { t } = useTranslation();
  const [find, setFind] = useState('');
  const combobox = useCombobox({
    onDropdownClose: () => {
      combobox.resetSelectedOption();
      setFind('');
    },
    onDropdownOpen: () => combobox.focusSearchInput(),
  });
  const options = countryOptions(locale);
  const current = options.find((o) => o.value === value);
  const needle = find.trim().toLowerCase();
  const shown = needle
    ? options.filter((o) => o.label.toLowerCase().includes(needle) || o.value.toLowerCase() === needle)
    : options;

  return (
    <Combobox
      store={combobox}
      width={280}
      position="bottom-start"
      withinPortal
      onOptionSubmit={(v) => {
        onChange(v);
        combobox.closeDropdown();
      }}
    >
      <Combobox.Target targetType="button">
        <UnstyledButton
          className={classes.button}
          onClick={() => combobox.toggleDropdown()}
          aria-label={
            current ? t('contactList.create.country', { country: current.label }) : t('contactList.create.noCountry')
          }
        >
          <Group gap={4} wrap="nowrap">
            <Text size="sm" fw={500}>
              {current ? `${current.value} ${current.code}` : '+ …'}
            </Text>
            <IconChevronDown size={12} className={classes.chevron} />
          </Group>
        </UnstyledButton>
      </Combobox.Target>
      <Combobox.Dropdown>
        <Combobox.Search
          value={find}
          onChange={(e) => setFind(e.currentTarget.value)}
          placeholder={t('contactList.create.findCountry')}
          aria-label={t('contactList.create.findCountry')}
        />
        <Combobox.Options>
          <ScrollArea.Autosize mah={240} type="auto">
            {shown.map((o) => (
              <Combobox.Option key={o.value} value={o.value} active={o.value === value}>
                <Text size="sm">{o.label}</Text>
              </Combobox.Option>
            ))}
            {shown.length === 0 && <Combobox.Empty>{t('contactList.create.noCountryMatches')}</Combobox.Empty>}
          </ScrollArea.Autosize>
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
