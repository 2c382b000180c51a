// A small searchable picker behind a button ("Add tag", "Add follower"): type to narrow, arrows and Enter to pick,
// optionally "Create “…”" for what does not exist yet.
import { Button, Combobox, Group, Text, useCombobox } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useEffect, useState, type ComponentPropsWithRef, type ReactNode } from 'react';
import { i18n } from '../../../../app/i18n.ts';

export interface PickerOption {
  value: string;
  label: string;
  /** Drawn before the label (a colour dot, an avatar). */
  left?: ReactNode;
  /** A second line under the label. */
  description?: ReactNode;
  group?: string;
}

const CREATE = '\u0000create:';

interface PickerProps {
  label: string;
  options: PickerOption[];
  onPick(value: string): void;
  /** Offers to create what was typed when no option has exactly that label. */
  onCreate?(query: string): void;
  createLabel?(query: string): string;
  searchPlaceholder: string;
  emptyMessage: string;
  loading?: boolean;
}

function Trigger({
  label,
  loading,
  onClick,
  ...target
}: { label: string; loading?: boolean; onClick(): void } & Omit<ComponentPropsWithRef<'button'>, 'onClick'>) {
  return (
    <Button
      {...target}
      variant="subtle"
      size="compact-xs"
      leftSection={<IconPlus size={13} />}
      onClick={onClick}
      loading={loading}
      // A long label ("Zu Gruppe hinzufügen") wraps in a narrow panel instead of being cut off.
      h="auto"
      mih={22}
      maw="100%"
      styles={{ label: { whiteSpace: 'normal', overflow: 'visible', textAlign: 'left', lineHeight: 1.3 } }}
    >
      {label}
    </Button>
  );
}

/**
 * The button alone until it is first pressed: a contact's page holds several pickers, and each one's list (with its
 * floating position and focus handling) built on arrival was a good part of what drawing the page cost.
 */
export function Picker(props: PickerProps) {
  const [wanted, setWanted] = useState(false);
  if (!wanted) return <Trigger label={props.label} loading={props.loading} onClick={() => setWanted(true)} />;
  return <PickerList {...props} />;
}

function PickerList({
  label,
  options,
  onPick,
  onCreate,
  createLabel = (q) => i18n.t('contactPage.ownership.create', { name: q }),
  searchPlaceholder,
  emptyMessage,
  loading,
}: PickerProps) {
  const [search, setSearch] = useState('');
  const combobox = useCombobox({
    // Built because the button was pressed: open at once.
    defaultOpened: true,
    onDropdownClose: () => {
      combobox.resetSelectedOption();
      setSearch('');
    },
  });
  // The search is focused as the list appears: the first time (opened from the start) as every other.
  const { dropdownOpened, focusSearchInput } = combobox;
  useEffect(() => {
    if (dropdownOpened) focusSearchInput();
  }, [dropdownOpened, focusSearchInput]);
  const q = search.trim();
  const filtered = options.filter((o) => o.label.toLowerCase().includes(q.toLowerCase()));
  const exact = options.some((o) => o.label.toLowerCase() === q.toLowerCase());
  const canCreate = Boolean(onCreate) && q !== '' && !exact;

  const groups = new Map<string, PickerOption[]>();
  for (const o of filtered) {
    const g = o.group ?? '';
    groups.set(g, [...(groups.get(g) ?? []), o]);
  }
  const renderOption = (o: PickerOption) => (
    <Combobox.Option value={o.value} key={o.value}>
      <Group gap={8} wrap="nowrap">
        {o.left}
        <div style={{ minWidth: 0 }}>
          <Text size="sm" truncate="end">
            {o.label}
          </Text>
          {o.description}
        </div>
      </Group>
    </Combobox.Option>
  );

  return (
    <Combobox
      store={combobox}
      width={260}
      position="bottom-start"
      withinPortal
      onOptionSubmit={(value) => {
        combobox.closeDropdown();
        if (value.startsWith(CREATE)) onCreate?.(value.slice(CREATE.length));
        else onPick(value);
      }}
    >
      <Combobox.Target withAriaAttributes={false}>
        <Trigger label={label} loading={loading} onClick={() => combobox.toggleDropdown()} />
      </Combobox.Target>
      <Combobox.Dropdown>
        <Combobox.Search
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            combobox.updateSelectedOptionIndex();
          }}
          placeholder={searchPlaceholder}
          aria-label={searchPlaceholder}
        />
        <Combobox.Options mah={260} style={{ overflowY: 'auto' }}>
          {[...groups.entries()].map(([group, items]) =>
            group ? (
              <Combobox.Group label={group} key={group}>
                {items.map(renderOption)}
              </Combobox.Group>
            ) : (
              items.map(renderOption)
            ),
          )}
          {canCreate && (
            <Combobox.Option value={`${CREATE}${q}`}>
              <Group gap={6} wrap="nowrap">
                <IconPlus size={14} />
                <Text size="sm" truncate="end">
                  {createLabel(q)}
                </Text>
              </Group>
            </Combobox.Option>
          )}
          {filtered.length === 0 && !canCreate && <Combobox.Empty>{emptyMessage}</Combobox.Empty>}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
