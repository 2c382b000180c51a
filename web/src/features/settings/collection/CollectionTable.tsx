// One table for every settings list: the columns, the row actions and their confirmations are data, so a new
// settings page describes its rows instead of writing another table, menu and confirm dialog.
import { ActionIcon, Button, Group, Menu, Paper, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import type { MantineBreakpoint, TableProps } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots } from '@tabler/icons-react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from '../../../app/i18n.ts';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { fillCell } from '../../../components/table.ts';

export interface Column<T> {
  key: string;
  /** Column heading; a hidden one (order arrows) is read to screen readers only. */
  header: string;
  hiddenHeader?: boolean;
  /** The one column that takes the width the others leave and truncates (usually the name). */
  fill?: boolean;
  visibleFrom?: MantineBreakpoint;
  width?: number;
  nowrap?: boolean;
  cell(row: T, index: number): ReactNode;
}

/** Asks before running; the dialog stays open with the server's refusal when it fails. */
export interface Confirmation {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  run(): Promise<unknown>;
  /** Queries that show the result, refetched before the dialog closes. */
  invalidate?: QueryKey[];
  /** The green toast after it worked. */
  done?: string;
}

export interface RowAction<T> {
  label: string;
  icon: ReactNode;
  color?: string;
  disabled?: boolean;
  /** In the row as its own button (icon: a tooltip-labelled icon button) instead of in the ⋯ menu. */
  inline?: 'icon' | 'button';
  /** The accessible name when it differs from the label (inline buttons name their row). */
  ariaLabel?: string;
  loading?: boolean;
  onClick?(row: T): void;
  confirm?(row: T): Confirmation;
}

export interface CollectionTableProps<T> extends Omit<TableProps, 'children'> {
  rows: T[];
  rowKey(row: T): string;
  /** Names the row in "Actions for …". */
  rowName(row: T): string;
  rowTestId: string;
  rowStyle?(row: T): CSSProperties | undefined;
  columns: Column<T>[];
  /** The actions the current user may take on a row (none: no actions column). */
  actions?(row: T): (RowAction<T> | false | null | undefined)[];
  /** Shown as the only row when `rows` is empty (e.g. no match for a search). */
  emptyRow?: ReactNode;
  /** Without the bordered paper, for tables inside a section that has its own. */
  bare?: boolean;
}

export function CollectionTable<T>({
  rows,
  rowKey,
  rowName,
  rowTestId,
  rowStyle,
  columns,
  actions,
  emptyRow,
  bare,
  ...tableProps
}: CollectionTableProps<T>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<Confirmation | null>(null);
  const withActions = Boolean(actions);
  const rowActions = (row: T) => (actions?.(row) ?? []).filter((a): a is RowAction<T> => Boolean(a));
  const inlineWidth = rows.some((r) => rowActions(r).some((a) => a.inline === 'button')) ? 120 : 56;

  const trigger = (action: RowAction<T>, row: T) => {
    if (action.confirm) setConfirming(action.confirm(row));
    else action.onClick?.(row);
  };
  const runConfirmed = async (c: Confirmation) => {
    await c.run();
    await Promise.all((c.invalidate ?? []).map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    if (c.done) notifications.show({ color: 'green', message: c.done });
  };

  const table = (
    <Table.ScrollContainer minWidth={340} type="native">
      <Table {...tableProps}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.key} visibleFrom={c.visibleFrom} w={c.width}>
                {c.hiddenHeader ? <VisuallyHidden>{c.header}</VisuallyHidden> : c.header}
              </Table.Th>
            ))}
            {withActions && (
              <Table.Th w={inlineWidth}>
                <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, index) => {
            const all = rowActions(row);
            const inline = all.filter((a) => a.inline);
            const menu = all.filter((a) => !a.inline);
            return (
              <Table.Tr key={rowKey(row)} data-testid={rowTestId} style={rowStyle?.(row)}>
                {columns.map((c) => (
                  <Table.Td
                    key={c.key}
                    visibleFrom={c.visibleFrom}
                    style={c.fill ? fillCell : c.nowrap ? { whiteSpace: 'nowrap' } : undefined}
                  >
                    {c.cell(row, index)}
                  </Table.Td>
                ))}
                {withActions && (
                  <Table.Td>
                    <Group justify="flex-end" gap={4} wrap="nowrap">
                      {inline.map((a) =>
                        a.inline === 'icon' ? (
                          <Tooltip key={a.label} label={a.label}>
                            <ActionIcon
                              color={a.color}
                              aria-label={a.ariaLabel ?? a.label}
                              disabled={a.disabled}
                              loading={a.loading}
                              onClick={() => trigger(a, row)}
                            >
                              {a.icon}
                            </ActionIcon>
                          </Tooltip>
                        ) : (
                          <Button
                            key={a.label}
                            size="xs"
                            variant="default"
                            color={a.color}
                            leftSection={a.icon}
                            aria-label={a.ariaLabel}
                            disabled={a.disabled}
                            loading={a.loading}
                            onClick={() => trigger(a, row)}
                          >
                            {a.label}
                          </Button>
                        ),
                      )}
                      {menu.length > 0 && (
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon aria-label={t('settings.collection.actionsFor', { name: rowName(row) })}>
                              <IconDots size={18} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            {menu.map((a) => (
                              <Menu.Item
                                key={a.label}
                                color={a.color}
                                leftSection={a.icon}
                                disabled={a.disabled}
                                onClick={() => trigger(a, row)}
                              >
                                {a.label}
                              </Menu.Item>
                            ))}
                          </Menu.Dropdown>
                        </Menu>
                      )}
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
          {rows.length === 0 && emptyRow && (
            <Table.Tr>
              <Table.Td colSpan={columns.length + (withActions ? 1 : 0)}>
                <Text size="sm" c="dimmed" ta="center" py="md">
                  {emptyRow}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );

  return (
    <>
      {bare ? table : <Paper withBorder>{table}</Paper>}
      <ConfirmDialog
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={confirming?.title ?? ''}
        confirmLabel={confirming?.confirmLabel ?? ''}
        danger={confirming?.danger}
        onConfirm={() => (confirming ? runConfirmed(confirming) : Promise.resolve())}
      >
        {confirming?.body}
      </ConfirmDialog>
    </>
  );
}
