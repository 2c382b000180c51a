// The rows of the list: a dense table on wide screens, cards on a phone; both select, open and act on contacts.
import {
  Anchor,
  Checkbox,
  Group,
  Menu,
  Paper,
  Stack,
  Table,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import {
  IconArchive,
  IconArrowDown,
  IconArrowUp,
  IconArrowsSort,
  IconDots,
  IconExternalLink,
  IconMail,
  IconPhone,
  IconRestore,
  IconTrash,
} from '@tabler/icons-react';
import { useNavigate, useRouter } from '@tanstack/react-router';
import { memo, useCallback, useEffect, useRef, type CSSProperties, type MouseEvent } from 'react';
import { useTranslation } from '../../../app/i18n.ts';
import type { TFunction } from 'i18next';
import { LazyMenu } from '../../../components/LazyMenu.tsx';
import { isPlainClick } from '../../../lib/hooks.ts';
import { AnchorLink } from '../../../components/links.tsx';
import type { ContactSummaryDto } from '../contactList.api.ts';
import { TagBadges, TypeBadge, type Column, type RenderContext } from './columns.tsx';
import { ContactAvatar, ContactInitials, KindIcon, KindMark } from './ContactAvatar.tsx';
import { lite, titleIfCut } from '../../../components/lite.tsx';
import classes from './ContactTable.module.css';
import type { SortState } from './listSearch.ts';
import { formatPhone } from './phone.ts';

export type RowAction = 'archive' | 'restore' | 'delete';

/** The name column never gets narrower than this. */
const NAME_MIN = 220;

/** How long the pointer rests on a row before its contact starts loading (the router's own delay for links). */
const PRELOAD_DELAY = 50;

export interface Selection {
  /** Everything the list query matches, loaded or not. */
  all: boolean;
  ids: Set<string>;
}

export const emptySelection = (): Selection => ({ all: false, ids: new Set() });

export const isSelected = (s: Selection, id: string) => s.all || s.ids.has(id);

interface RowsProps {
  contacts: ContactSummaryDto[];
  selection: Selection;
  onToggle(id: string): void;
  onAction(action: RowAction, contact: ContactSummaryDto): void;
  ctx: RenderContext;
  archived: boolean;
}

/** "Title at Business", or whichever of them the contact has. */
export function subline(c: ContactSummaryDto): string | null {
  if (c.kind === 'business') return c.title;
  if (c.title && c.businessName) return `${c.title} · ${c.businessName}`;
  return c.title ?? c.businessName;
}

/** Clicks on a row open the contact, unless they were meant for a control inside it. */
function fromControl(e: MouseEvent): boolean {
  return Boolean((e.target as HTMLElement).closest('a, button, input, label, [role="menu"], [data-no-row-click]'));
}

/** Opens a contact's page: one stable handler, shared by every row or card of the list. */
function useOpenContact(): (id: string) => void {
  const navigate = useNavigate();
  return useCallback(
    (id: string) => void navigate({ to: '/contacts/$contactId', params: { contactId: id } }),
    [navigate],
  );
}

export function ContactTable({
  contacts,
  columns,
  sort,
  onSort,
  selection,
  onToggle,
  onTogglePage,
  onAction,
  ctx,
  archived,
}: RowsProps & {
  columns: Column[];
  sort: SortState | null;
  onSort(column: { sortKey: string; newestFirst?: boolean }): void;
  onTogglePage(): void;
}) {
  const { t } = useTranslation();
  // One translator and one way to open a contact for all the rows (a hook in each row costs a frame).
  const onOpen = useOpenContact();
  // A row rested on for a moment starts loading its contact, as the app's links do on hover; a press starts it at once,
  // before the click that follows it draws anything.
  const router = useRouter();
  const hovered = useRef<ReturnType<typeof setTimeout>>(undefined);
  const onHover = useCallback(
    (id: string | null, delay = PRELOAD_DELAY) => {
      clearTimeout(hovered.current);
      if (!id) return;
      const preload = () =>
        router.preloadRoute({ to: '/contacts/$contactId', params: { contactId: id } }).catch(() => undefined);
      if (delay === 0) void preload();
      else hovered.current = setTimeout(preload, delay);
    },
    [router],
  );
  useEffect(() => () => clearTimeout(hovered.current), []);
  const selectedHere = contacts.filter((c) => isSelected(selection, c.id)).length;
  const allHere = contacts.length > 0 && selectedHere === contacts.length;
  // Every column is as wide as its content (long emails and names end in "…" at a cap) and the name takes what is
  // left, never less than NAME_MIN; narrower screens leave some columns out, and when even that does not fit the
  // table scrolls sideways rather than squeezing a column.
  return (
    <Paper withBorder className={classes.tablePaper}>
      <Table.ScrollContainer minWidth={0} type="native">
        <Table
          verticalSpacing={7}
          horizontalSpacing="sm"
          className={classes.table}
          aria-label={t('contactList.table.label')}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={44} className={`${classes.checkCell} ${classes.sticky} ${classes.stickyCheck}`}>
                <Checkbox
                  size="xs"
                  aria-label={t(allHere ? 'contactList.table.unselectPage' : 'contactList.table.selectPage')}
                  checked={allHere}
                  indeterminate={selectedHere > 0 && !allHere}
                  onChange={onTogglePage}
                />
              </Table.Th>
              <SortableTh
                label={t('contactList.table.name')}
                sortKey="name"
                sort={sort}
                onSort={onSort}
                className={`${classes.sticky} ${classes.stickyName} ${classes.nameCol}`}
              />
              {columns.map((col) =>
                col.sortKey ? (
                  <SortableTh
                    key={col.id}
                    label={col.label}
                    sortKey={col.sortKey}
                    newestFirst={col.newestFirst}
                    sort={sort}
                    onSort={onSort}
                    visibleFrom={col.visibleFrom}
                  />
                ) : (
                  <Table.Th key={col.id} visibleFrom={col.visibleFrom}>
                    {col.label}
                  </Table.Th>
                ),
              )}
              <Table.Th w={48}>
                <VisuallyHidden>{t('contactList.table.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {contacts.map((c) => (
              <ContactTableRow
                key={c.id}
                contact={c}
                selected={isSelected(selection, c.id)}
                columns={columns}
                ctx={ctx}
                archived={archived}
                onToggle={onToggle}
                onAction={onAction}
                onOpen={onOpen}
                onHover={onHover}
                t={t}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

/**
 * One row of the table. Memoized: a new search or selection re-renders only the rows whose contact,
 * selection or columns changed (the list keeps showing the previous page while the next one loads),
 * so typing in the search box does not redraw every row per keystroke. Built from plain elements styled
 * like Mantine's (lite.module.css): a page of rows is a few hundred parts, and Mantine's per-component
 * theming was about half of what drawing one cost.
 */
const ContactTableRow = memo(function ContactTableRow({
  contact: c,
  selected,
  columns,
  ctx,
  archived,
  onToggle,
  onAction,
  onOpen,
  onHover,
  t,
}: {
  contact: ContactSummaryDto;
  selected: boolean;
  columns: Column[];
  ctx: RenderContext;
  archived: boolean;
  onToggle(id: string): void;
  onAction(action: RowAction, contact: ContactSummaryDto): void;
  onOpen(id: string): void;
  onHover(id: string | null, delay?: number): void;
  t: TFunction;
}) {
  const sub = subline(c);
  return (
    <tr
      data-testid="contact-row"
      className={classes.row}
      data-selected={selected || undefined}
      onClick={(e) => {
        if (!fromControl(e)) onOpen(c.id);
      }}
      onMouseEnter={() => onHover(c.id)}
      onMouseLeave={() => onHover(null)}
      onPointerDown={(e) => {
        // On the name or anywhere in the row, but not on its checkbox or menu button.
        if (e.button === 0 && !(e.target as HTMLElement).closest('button, input, label')) onHover(c.id, 0);
      }}
    >
      <td className={`${classes.checkCell} ${classes.sticky} ${classes.stickyCheck}`}>
        <input
          type="checkbox"
          className={lite.check}
          aria-label={t('contactList.table.select', { name: c.displayName })}
          checked={selected}
          onChange={() => onToggle(c.id)}
        />
      </td>
      <td className={`${classes.sticky} ${classes.stickyName} ${classes.nameCol}`}>
        {/* The floor of the column; the name itself asks for no width, it fills what the column gets. */}
        <div className={classes.nameFloor} style={{ width: NAME_MIN - 24 }} />
        <div className={classes.nameCell}>
          <ContactInitials contact={c} size={32} />
          <span className={lite.stack}>
            <span className={lite.row}>
              <a
                href={`/contacts/${c.id}`}
                className={`${classes.nameLink} ${lite.truncate}`}
                onMouseEnter={titleIfCut(c.displayName)}
                onClick={(e) => {
                  if (!isPlainClick(e)) return;
                  e.preventDefault();
                  onOpen(c.id);
                }}
              >
                {c.displayName}
              </a>
              <KindMark kind={c.kind} label={t(`contactList.kind.${c.kind}`)} />
            </span>
            {sub && (
              <span className={`${lite.small} ${lite.dimmed} ${lite.truncate}`} onMouseEnter={titleIfCut(sub)}>
                {sub}
              </span>
            )}
          </span>
        </div>
      </td>
      {columns.map((col) => (
        <td
          key={col.id}
          className={col.visibleFrom ? `${classes.cell} mantine-visible-from-${col.visibleFrom}` : classes.cell}
        >
          {col.render(c, ctx)}
        </td>
      ))}
      <td>
        <RowMenu contact={c} archived={archived} onAction={onAction} onOpen={onOpen} t={t} />
      </td>
    </tr>
  );
});

function SortableTh({
  label,
  sortKey,
  newestFirst,
  sort,
  onSort,
  visibleFrom,
  style,
  className,
}: {
  label: string;
  sortKey: string;
  newestFirst?: boolean;
  sort: SortState | null;
  onSort(column: { sortKey: string; newestFirst?: boolean }): void;
  visibleFrom?: Column['visibleFrom'];
  style?: CSSProperties;
  className?: string;
}) {
  const { t } = useTranslation();
  const active = sort?.key === sortKey;
  const Icon = active ? (sort.desc ? IconArrowDown : IconArrowUp) : IconArrowsSort;
  return (
    <Table.Th
      visibleFrom={visibleFrom}
      style={style}
      className={className}
      aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : undefined}
    >
      <UnstyledButton
        className={classes.sortButton}
        data-active={active || undefined}
        onClick={() => onSort({ sortKey, newestFirst })}
        aria-label={t('contactList.table.sortBy', { column: label })}
      >
        <span>{label}</span>
        <Icon size={13} stroke={2} className={classes.sortIcon} aria-hidden />
      </UnstyledButton>
    </Table.Th>
  );
}

function RowMenu({
  contact,
  archived,
  onAction,
  onOpen,
  t,
}: {
  contact: ContactSummaryDto;
  archived: boolean;
  onAction(action: RowAction, contact: ContactSummaryDto): void;
  onOpen(id: string): void;
  t: TFunction;
}) {
  return (
    <LazyMenu
      position="bottom-end"
      withinPortal
      target={
        <button
          type="button"
          className={lite.iconButton}
          aria-label={t('contactList.table.actionsFor', { name: contact.displayName })}
        >
          <IconDots size={18} />
        </button>
      }
    >
      <Menu.Item leftSection={<IconExternalLink size={16} />} onClick={() => onOpen(contact.id)}>
        {t('contactList.table.open')}
      </Menu.Item>
      {archived ? (
        <>
          <Menu.Item leftSection={<IconRestore size={16} />} onClick={() => onAction('restore', contact)}>
            {t('common.restore')}
          </Menu.Item>
          <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => onAction('delete', contact)}>
            {t('contactList.table.deleteForever')}
          </Menu.Item>
        </>
      ) : (
        <Menu.Item leftSection={<IconArchive size={16} />} onClick={() => onAction('archive', contact)}>
          {t('common.archive')}
        </Menu.Item>
      )}
    </LazyMenu>
  );
}

/** The phone's list: one card per contact with the number and address ready to tap. */
export function ContactCards({ contacts, selection, onToggle, onAction, ctx, archived }: RowsProps) {
  const { t } = useTranslation();
  const onOpen = useOpenContact();
  return (
    <Stack gap="xs">
      {contacts.map((c) => {
        const selected = isSelected(selection, c.id);
        const sub = subline(c);
        return (
          <Paper
            key={c.id}
            withBorder
            p="sm"
            data-testid="contact-row"
            className={classes.card}
            data-selected={selected || undefined}
            onClick={(e: MouseEvent) => {
              if (!fromControl(e)) onOpen(c.id);
            }}
          >
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <Checkbox
                size="sm"
                mt={8}
                aria-label={t('contactList.table.select', { name: c.displayName })}
                checked={selected}
                onChange={() => onToggle(c.id)}
              />
              <ContactAvatar contact={c} size={38} />
              <Stack gap={2} miw={0} style={{ flex: 1 }}>
                <Group gap={6} wrap="nowrap" miw={0} justify="space-between">
                  <Group gap={6} wrap="nowrap" miw={0}>
                    <AnchorLink
                      to="/contacts/$contactId"
                      params={{ contactId: c.id }}
                      fw={600}
                      size="sm"
                      c="var(--mantine-color-text)"
                      truncate="end"
                    >
                      {c.displayName}
                    </AnchorLink>
                    <KindIcon kind={c.kind} />
                  </Group>
                  <TypeBadge typeKey={c.contactType} types={ctx.types} />
                </Group>
                {sub && (
                  <Text size="xs" c="dimmed" truncate="end">
                    {sub}
                  </Text>
                )}
                {c.primaryPhone && (
                  <Anchor href={`tel:${c.primaryPhone}`} size="sm" className={classes.tap}>
                    <IconPhone size={14} aria-hidden style={{ flex: 'none' }} />
                    <span className={classes.tapText}>{formatPhone(c.primaryPhone)}</span>
                  </Anchor>
                )}
                {c.primaryEmail && (
                  <Anchor href={`mailto:${c.primaryEmail}`} size="sm" className={classes.tap}>
                    <IconMail size={14} aria-hidden style={{ flex: 'none' }} />
                    <span className={classes.tapText}>{c.primaryEmail}</span>
                  </Anchor>
                )}
                <Group justify="space-between" wrap="nowrap" mt={2} gap="xs">
                  {c.tags.length > 0 ? <TagBadges tags={c.tags} room={24} prefer={ctx.preferredTags} /> : <span />}
                  <Text size="xs" c="dimmed" truncate="end">
                    {c.owner.name}
                  </Text>
                </Group>
              </Stack>
              <RowMenu contact={c} archived={archived} onAction={onAction} onOpen={onOpen} t={t} />
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
