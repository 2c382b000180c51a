// A journal entry in words: its kind's label and icon, a one-line summary from its data, and field changes as
// old → new. Compact on purpose; the contact page's timeline has its own, richer rendering.
import {
  IconArchive,
  IconArchiveOff,
  IconBellOff,
  IconBuilding,
  IconCalendar,
  IconCalendarEvent,
  IconCalendarTime,
  IconCalendarX,
  IconCategory,
  IconChecklist,
  IconCircleCheck,
  IconCopy,
  IconFileExport,
  IconForms,
  IconHistory,
  IconKey,
  IconMail,
  IconMapPin,
  IconNote,
  IconPencil,
  IconPhone,
  IconPhoto,
  IconPin,
  IconTag,
  IconTrash,
  IconUser,
  IconUserCog,
  IconUserPlus,
  IconUserShare,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react';
import type { AuditEntryDto } from '@dossier/contract';
import { journalKinds } from '@dossier/contract';
import { formatDateTime, type Zone } from '../../lib/format.ts';

export type { AuditEntryDto };

const LABELS = new Map(journalKinds.map((k) => [k.kind, k.label]));

/** Kinds the catalog does not list yet (workspace administration) still read as words, not codes. */
const EXTRA_LABELS: Record<string, string> = {
  'user.created': 'User added',
  'user.updated': 'User changed',
  'user.deactivated': 'User deactivated',
  'user.reactivated': 'User reactivated',
  'user.password_reset': 'Password reset',
  'team.created': 'Team created',
  'team.updated': 'Team changed',
  'team.deleted': 'Team deleted',
  'workspace.created': 'Workspace created',
  'workspace.updated': 'Workspace settings changed',
  'api_key.created': 'API key created',
  'api_key.revoked': 'API key revoked',
};

export function kindLabel(kind: string): string {
  const known = LABELS.get(kind) ?? EXTRA_LABELS[kind];
  if (known) return known;
  const words = kind.replace(/[._]/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function kindIcon(kind: string): Icon {
  const [area = '', action = ''] = kind.split('.');
  const byKind: Record<string, Icon> = {
    'contact.field_changed': IconPencil,
    'contact.owner_changed': IconUserShare,
    'contact.team_changed': IconUsersGroup,
    'contact.follower_added': IconUserPlus,
    'contact.follower_removed': IconUserPlus,
    'contact.tag_added': IconTag,
    'contact.tag_removed': IconTag,
    'contact.dnd_changed': IconBellOff,
    'contact.picture_changed': IconPhoto,
    'contact.archived': IconArchive,
    'contact.restored': IconArchiveOff,
    'contact.deleted': IconTrash,
    'contact.duplicated': IconCopy,
    'contact.exported': IconFileExport,
    'note.pinned': IconPin,
    'note.unpinned': IconPin,
    'task.completed': IconCircleCheck,
    'appointment.rescheduled': IconCalendarTime,
    'appointment.cancelled': IconCalendarX,
  };
  if (byKind[kind]) return byKind[kind];
  if (action.startsWith('email')) return IconMail;
  if (action.startsWith('phone')) return IconPhone;
  if (action.startsWith('location')) return IconMapPin;
  const byArea: Record<string, Icon> = {
    contact: IconUser,
    note: IconNote,
    task: IconChecklist,
    appointment: IconCalendarEvent,
    calendar: IconCalendar,
    tag: IconTag,
    custom_field: IconForms,
    custom_field_folder: IconForms,
    contact_type: IconCategory,
    user: IconUserCog,
    team: IconUsersGroup,
    api_key: IconKey,
    workspace: IconBuilding,
  };
  return byArea[area] ?? IconHistory;
}

export interface Change {
  field: string;
  old: string;
  new: string;
}

export interface EntryDescription {
  label: string;
  icon: Icon;
  /** One line on what happened, or null when the label says it all. */
  summary: string | null;
  changes: Change[];
}

type Data = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const nameOf = (v: unknown): string | null => {
  if (!v || typeof v !== 'object') return str(v);
  const o = v as Data;
  return str(o.name) ?? str(o.displayName) ?? str(o.label);
};
const quoted = (v: unknown) => {
  const s = str(v);
  return s ? `“${s}”` : null;
};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A stored value as a person reads it: names for references, dates in the user's zone, "empty" for nothing. */
export function readableValue(value: unknown, zone: Zone): string {
  if (value === null || value === undefined || value === '') return 'empty';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string') return ISO.test(value) ? formatDateTime(value, zone) : value;
  if (typeof value === 'number') return new Intl.NumberFormat(zone.locale || 'en').format(value);
  if (Array.isArray(value)) return value.length ? value.map((v) => readableValue(v, zone)).join(', ') : 'empty';
  if (typeof value === 'object') {
    const o = value as Data;
    const name = nameOf(o);
    if (name) return name;
    if (typeof o.startsAt === 'string' && typeof o.endsAt === 'string') {
      return `${formatDateTime(o.startsAt, zone)} – ${formatDateTime(o.endsAt, zone)}`;
    }
    const parts = Object.entries(o)
      .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
      .map(([k, v]) => `${humanField(k)}: ${readableValue(v, zone)}`);
    return parts.length ? parts.join(', ') : 'changed';
  }
  return String(value);
}

/** "firstName" → "First name", "custom.budget" → "Budget", "meetingUrl" → "Meeting URL". */
export function humanField(field: string): string {
  const special: Record<string, string> = {
    meetingUrl: 'Meeting link',
    dueAt: 'Due',
    startsAt: 'Start',
    endsAt: 'End',
    e164: 'Number',
    dnd: 'Do not disturb',
    contactType: 'Contact type',
    assignee: 'Assignee',
    assignedUser: 'Assigned to',
    ownerUserId: 'Owner',
    teamId: 'Team',
  };
  if (special[field]) return special[field];
  const last = field.startsWith('custom.') ? field.slice('custom.'.length) : field;
  const words = last
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.]/g, ' ')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function changesOf(data: Data, zone: Zone): Change[] {
  if (!Array.isArray(data.changes)) return [];
  return (data.changes as Data[])
    .filter((c) => c && typeof c === 'object')
    .map((c) => ({
      field: humanField(String(c.field ?? '')),
      old: readableValue(c.old, zone),
      new: readableValue(c.new, zone),
    }));
}

const STATUS_WORDS: Record<string, string> = {
  scheduled: 'Scheduled',
  confirmed: 'Confirmed',
  showed: 'Showed',
  no_show: 'No-show',
  cancelled: 'Cancelled',
  pending: 'Open',
  completed: 'Done',
};

function summarize(kind: string, d: Data, zone: Zone): string | null {
  const when = (iso: unknown) => (typeof iso === 'string' ? formatDateTime(iso, zone) : null);
  switch (kind) {
    case 'contact.created':
    case 'contact.archived':
    case 'contact.restored':
    case 'contact.deleted':
      return str(d.displayName);
    case 'contact.owner_changed':
    case 'contact.team_changed':
      return `${nameOf(d.from) ?? 'nobody'} → ${nameOf(d.to) ?? 'nobody'}`;
    case 'contact.follower_added':
    case 'contact.follower_removed':
      return nameOf(d.user);
    case 'contact.tag_added':
    case 'contact.tag_removed':
      return nameOf(d.tag);
    case 'contact.email_added':
    case 'contact.email_changed':
    case 'contact.email_removed':
      return str(d.email);
    case 'contact.phone_added':
    case 'contact.phone_changed':
    case 'contact.phone_removed':
    case 'contact.phone_line_checked':
      return str(d.e164);
    case 'contact.location_added':
    case 'contact.location_changed':
    case 'contact.location_removed':
      return str(d.label) ?? str(d.address);
    case 'contact.dnd_changed':
      return `${humanField(String(d.channel ?? 'all'))} turned ${d.enabled ? 'on' : 'off'}`;
    case 'contact.picture_changed':
      return d.fileId ? (str(d.filename) ?? 'New picture') : 'Picture removed';
    case 'contact.exported':
      return str(d.format)?.toUpperCase() ?? null;
    case 'task.created':
      return [
        quoted(d.title),
        d.dueAt ? `due ${when(d.dueAt)}` : null,
        nameOf(d.assignee) ? `for ${nameOf(d.assignee)}` : null,
      ]
        .filter(Boolean)
        .join(' ');
    case 'appointment.booked':
      return [quoted(d.title), when(d.startsAt) ? `on ${when(d.startsAt)}` : null].filter(Boolean).join(' ');
    case 'appointment.rescheduled': {
      const from = d.from as Data | undefined;
      const to = d.to as Data | undefined;
      return [quoted(d.title), from && to ? `${when(from.startsAt)} → ${when(to.startsAt)}` : null]
        .filter(Boolean)
        .join(': ');
    }
    case 'appointment.status_changed':
      return `${quoted(d.title) ?? 'Appointment'}: ${STATUS_WORDS[String(d.from)] ?? String(d.from)} → ${
        STATUS_WORDS[String(d.to)] ?? String(d.to)
      }`;
    case 'calendar.deleted':
      return typeof d.removedAppointments === 'number' && d.removedAppointments > 0
        ? `${str(d.name) ?? 'Calendar'} (with ${d.removedAppointments} past appointment${d.removedAppointments === 1 ? '' : 's'})`
        : str(d.name);
    case 'user.contacts_reassigned':
      return `${d.count ?? 0} contact${d.count === 1 ? '' : 's'} from ${nameOf(d.from) ?? '?'} to ${nameOf(d.to) ?? '?'}`;
    default:
      return quoted(d.title) ?? str(d.name) ?? str(d.label) ?? str(d.displayName) ?? null;
  }
}

export function describeEntry(entry: Pick<AuditEntryDto, 'kind' | 'data'>, zone: Zone): EntryDescription {
  const data = (entry.data ?? {}) as Data;
  return {
    label: kindLabel(entry.kind),
    icon: kindIcon(entry.kind),
    summary: summarize(entry.kind, data, zone),
    changes: changesOf(data, zone),
  };
}

/** "Maria Keller", "Automation · Welcome", "API · Zapier", "Import", "System" — who did it. */
export function actorLabel(actor: AuditEntryDto['actor']): string {
  switch (actor.type) {
    case 'automation':
      return `Automation · ${actor.label}`;
    case 'api':
      return `API · ${actor.label}`;
    case 'import':
      return actor.label || 'Import';
    case 'contact':
      return actor.label ? `${actor.label} (contact)` : 'The contact';
    case 'system':
      return actor.label || 'System';
    default:
      return actor.label;
  }
}
