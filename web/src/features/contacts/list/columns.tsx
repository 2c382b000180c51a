// The list's columns: the standard ones and one per custom field, each with how it sorts and how a value reads.
import type { MantineBreakpoint } from '@mantine/core';
import { IconCheck, IconPaperclip } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { i18n } from '../../../app/i18n.ts';
import { formatDate, formatDateTime, formatRelative, type Zone } from '../../../lib/format.ts';
import type { ContactTypeDto, CustomFieldDto } from '../../settings/contactLibrary.api.ts';
import type { ContactSummaryDto } from '../contactList.api.ts';
import { formatDay } from './filterModel.ts';
import { Chip, LiteAvatar, lite, TruncatedText } from '../../../components/lite.tsx';
import { formatPhone } from './phone.ts';

export interface RenderContext {
  zone: Zone;
  types: Map<string, ContactTypeDto>;
  currency: string;
  /** Tags the list is filtered by (ids and lower-cased names): shown first, so the reason a row is there shows. */
  preferredTags: Set<string>;
}

export interface Column {
  id: string;
  /** The header, in the UI's language. */
  readonly label: string;
  /** The list's sort key for this column; absent: not sortable. */
  sortKey?: string;
  /** Dates sort newest first on the first click. */
  newestFirst?: boolean;
  /** Narrower screens leave the column out (the phone shows cards instead). */
  visibleFrom?: MantineBreakpoint;
  render(contact: ContactSummaryDto, ctx: RenderContext): ReactNode;
}

function Dash() {
  return (
    <span className={`${lite.text} ${lite.dimmed}`} aria-label={i18n.t('contactList.columns.none')}>
      —
    </span>
  );
}
const dash = <Dash />;

/** A value on one line that never wraps (dates, amounts). */
function Plain({ children, title, number }: { children: ReactNode; title?: string; number?: boolean }) {
  return (
    <span className={`${lite.text} ${number ? lite.number : ''}`} title={title} style={{ whiteSpace: 'nowrap' }}>
      {children}
    </span>
  );
}

export function TypeBadge({ typeKey, types }: { typeKey: string; types: Map<string, ContactTypeDto> }) {
  const type = types.get(typeKey);
  return <Chip color={type?.color ?? 'gray'}>{type?.label ?? typeKey}</Chip>;
}

/** As many tags as fit in about `room` characters (at least one); the rest as "+2" with their names on hover. */
export function TagBadges({
  tags: all,
  room = 13,
  prefer,
}: {
  tags: ContactSummaryDto['tags'];
  room?: number;
  prefer?: Set<string>;
}) {
  if (all.length === 0) return dash;
  const preferred = (t: { id: string; name: string }) =>
    Boolean(prefer?.has(t.id) || prefer?.has(t.name.toLowerCase()));
  const tags = prefer?.size ? [...all.filter(preferred), ...all.filter((t) => !preferred(t))] : all;
  let used = 0;
  let count = 0;
  for (const t of tags) {
    const needs = t.name.length + 3;
    if (count > 0 && used + needs > room) break;
    used += needs;
    count++;
  }
  const shown = tags.slice(0, count);
  const rest = tags.slice(count);
  return (
    <span className={lite.chips}>
      {shown.map((t) => (
        <Chip key={t.id} color={t.color} variant="dot" title={t.name.length > 14 ? t.name : undefined}>
          {t.name}
        </Chip>
      ))}
      {rest.length > 0 && (
        // The other tags' names on hover as the browser's own tooltip: a floating one per row was a tenth of what
        // drawing a page of rows cost.
        <Chip
          color="gray"
          title={rest.map((t) => t.name).join(', ')}
          label={i18n.t('contactList.columns.moreTags', {
            count: rest.length,
            names: rest.map((t) => t.name).join(', '),
          })}
        >
          +{rest.length}
        </Chip>
      )}
    </span>
  );
}

export const STANDARD_COLUMNS: Column[] = [
  {
    id: 'type',
    get label() {
      return i18n.t('contactList.columns.type');
    },
    sortKey: 'contactType',
    render: (c, ctx) => <TypeBadge typeKey={c.contactType} types={ctx.types} />,
  },
  {
    id: 'channels',
    get label() {
      return i18n.t('contactList.columns.channels');
    },
    render: (c) =>
      c.primaryEmail || c.primaryPhone ? (
        <span className={lite.stack}>
          {/* Narrower than a lone email column: with the phone under it, the default columns fit 1440 px, also with the longest relative dates ("vor 11 Monaten"). */}
          {c.primaryEmail ? <TruncatedText max={170}>{c.primaryEmail}</TruncatedText> : null}
          {c.primaryPhone ? (
            <span className={`${lite.small} ${lite.dimmed}`}>{formatPhone(c.primaryPhone)}</span>
          ) : null}
        </span>
      ) : (
        dash
      ),
  },
  {
    id: 'email',
    get label() {
      return i18n.t('contactList.columns.email');
    },
    render: (c) => (c.primaryEmail ? <TruncatedText>{c.primaryEmail}</TruncatedText> : dash),
  },
  {
    id: 'phone',
    get label() {
      return i18n.t('contactList.columns.phone');
    },
    render: (c) => (c.primaryPhone ? <TruncatedText>{formatPhone(c.primaryPhone)}</TruncatedText> : dash),
  },
  {
    id: 'owner',
    get label() {
      return i18n.t('contactList.columns.owner');
    },
    sortKey: 'owner',
    visibleFrom: 'md',
    render: (c) => (
      <span className={lite.row}>
        <LiteAvatar name={c.owner.name} color="brand" size={22} title={c.owner.name} />
        <TruncatedText max={180}>{c.owner.name}</TruncatedText>
      </span>
    ),
  },
  {
    id: 'tags',
    get label() {
      return i18n.t('contactList.columns.tags');
    },
    visibleFrom: 'lg',
    render: (c, ctx) => <TagBadges tags={c.tags} prefer={ctx.preferredTags} />,
  },
  {
    id: 'created',
    get label() {
      return i18n.t('contactList.columns.created');
    },
    sortKey: 'createdAt',
    newestFirst: true,
    visibleFrom: 'xl',
    render: (c, ctx) => (
      <Plain title={formatDateTime(c.createdAt, ctx.zone)}>{formatDate(c.createdAt, ctx.zone)}</Plain>
    ),
  },
  {
    id: 'updated',
    get label() {
      return i18n.t('contactList.columns.updated');
    },
    sortKey: 'updatedAt',
    newestFirst: true,
    render: (c, ctx) => (
      <Plain title={formatDateTime(c.updatedAt, ctx.zone)}>{formatRelative(c.updatedAt, ctx.zone)}</Plain>
    ),
  },
];

/** Shown in the archive instead of "Updated". */
export const ARCHIVED_COLUMN: Column = {
  id: 'archived',
  get label() {
    return i18n.t('contactList.columns.archived');
  },
  sortKey: 'archivedAt',
  newestFirst: true,
  render: (c, ctx) =>
    c.archivedAt ? (
      <Plain title={formatDateTime(c.archivedAt, ctx.zone)}>{formatRelative(c.archivedAt, ctx.zone)}</Plain>
    ) : (
      dash
    ),
};

export const DEFAULT_COLUMNS = ['type', 'channels', 'owner', 'tags', 'created', 'updated'];

function customValue(field: CustomFieldDto, value: unknown, ctx: RenderContext): ReactNode {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return dash;
  }
  switch (field.type) {
    case 'number':
      return typeof value === 'number' ? (
        <Plain number>{new Intl.NumberFormat(ctx.zone.locale).format(value)}</Plain>
      ) : (
        dash
      );
    case 'currency':
      if (typeof value !== 'number') return dash;
      try {
        return (
          <Plain number>
            {new Intl.NumberFormat(ctx.zone.locale, {
              style: 'currency',
              currency: field.currency ?? ctx.currency,
              // Whole amounts read as "€250,000", not "€250,000.00".
              minimumFractionDigits: Number.isInteger(value) ? 0 : 2,
              maximumFractionDigits: 2,
            }).format(value)}
          </Plain>
        );
      } catch {
        return <Plain number>{value}</Plain>;
      }
    case 'date':
      return <Plain>{formatDay(String(value), ctx.zone.locale)}</Plain>;
    case 'datetime':
      return <Plain>{formatDateTime(String(value), ctx.zone)}</Plain>;
    case 'checkbox':
      return value === true ? (
        <IconCheck size={16} aria-label={i18n.t('contactList.columns.yes')} color="var(--mantine-color-green-7)" />
      ) : (
        dash
      );
    case 'single_select':
    case 'multi_select': {
      const values = Array.isArray(value) ? value.map(String) : [String(value)];
      return (
        <span className={lite.chips}>
          {values.slice(0, 2).map((v) => {
            const option = field.options.find((o) => o.value === v);
            return (
              <Chip key={v} color={option?.color ?? 'gray'}>
                {option?.label ?? v}
              </Chip>
            );
          })}
          {values.length > 2 && <Chip color="gray">+{values.length - 2}</Chip>}
        </span>
      );
    }
    case 'file':
      return (
        <span className={`${lite.row} ${lite.dimmed}`}>
          <IconPaperclip size={14} aria-hidden />
          <span className={lite.text}>{i18n.t('contactList.columns.file')}</span>
        </span>
      );
    default:
      return <TruncatedText>{String(value)}</TruncatedText>;
  }
}

export function customColumn(field: CustomFieldDto): Column {
  return {
    id: `custom.${field.key}`,
    label: field.label,
    sortKey: `custom.${field.key}`,
    newestFirst: field.type === 'date' || field.type === 'datetime',
    render: (c, ctx) => customValue(field, c.custom[field.key], ctx),
  };
}

/** The columns to show, in order, for the URL's `cols` (unknown ids are skipped). */
export function visibleColumns(cols: string[] | null, fields: CustomFieldDto[], archived: boolean): Column[] {
  const wanted = cols ?? DEFAULT_COLUMNS;
  const out: Column[] = [];
  for (const id of wanted) {
    const standard = STANDARD_COLUMNS.find((c) => c.id === id);
    if (standard) {
      out.push(archived && standard.id === 'updated' ? ARCHIVED_COLUMN : standard);
      continue;
    }
    const field = id.startsWith('custom.') ? fields.find((f) => `custom.${f.key}` === id) : undefined;
    if (field) out.push(customColumn(field));
  }
  if (archived && !out.includes(ARCHIVED_COLUMN)) out.push(ARCHIVED_COLUMN);
  return out;
}
