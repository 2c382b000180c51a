// A journal entry in words: an icon per kind and one line built from its kind and data ("Changed Title from
// Buyer to Head of Procurement", "Added tag VIP", "DND for SMS turned on (cause: manual)"), with field changes
// as old → new pairs. The line comes in parts so a view can set old and new values apart; `text` joins them.
import type { MantineColor } from '@mantine/core';
import {
  IconArchive,
  IconArchiveOff,
  IconBellOff,
  IconBellRinging,
  IconCalendarEvent,
  IconChecklist,
  IconCopy,
  IconFileExport,
  IconHistory,
  IconMail,
  IconMapPin,
  IconNote,
  IconPencil,
  IconPhone,
  IconPhoneCheck,
  IconPhoto,
  IconTag,
  IconTagOff,
  IconTrash,
  IconUserCheck,
  IconUserMinus,
  IconUserPlus,
  IconUserShare,
  IconUsersGroup,
  type TablerIcon,
} from '@tabler/icons-react';
import { journalKinds } from '@dossier/contract';
import { formatDateTime, type Zone } from '../../../../lib/format.ts';
import { activityLooks, describeActivity } from '../../../timeline/describeActivity.ts';
import type { JournalEntry, ProfileField } from '../../contact.api.ts';
import {
  EMAIL_TYPE_LABELS,
  formatDay,
  formatFieldValue,
  formatPhone,
  languageName,
  LINE_TYPE_LABELS,
  PHONE_TYPE_LABELS,
  VERIFICATION_LABELS,
} from '../format.ts';

/** A piece of the line: plain words, or a value to set apart (a name, an old or a new value). */
export type Part = string | { value: string; tone: 'strong' | 'old' | 'new' };

export interface EntryChange {
  field: string;
  /** null: the field was empty. */
  old: string | null;
  new: string | null;
}

export interface EntryDescription {
  /** The kind's label from the catalog, e.g. "Fields changed". */
  label: string;
  icon: TablerIcon;
  color: MantineColor;
  parts: Part[];
  /** The line as plain text. */
  text: string;
  /** Old → new pairs to show beneath the line (empty when the line already says it all). */
  changes: EntryChange[];
}

/** What makes values readable beyond the entry itself: the reader's zone, field labels, contact type labels. */
export interface DescribeContext {
  zone?: Zone;
  fields?: readonly Pick<ProfileField, 'key' | 'label' | 'type' | 'options' | 'currency'>[];
  contactTypes?: readonly { key: string; label: string }[];
  currency?: string;
}

const CATALOG = new Map(journalKinds.map((k) => [k.kind, k.label]));

export function kindLabel(kind: string): string {
  const known = CATALOG.get(kind);
  if (known) return known;
  const words = kind.replace(/[._]/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const KIND_LOOKS: Record<string, { icon: TablerIcon; color: MantineColor }> = {
  'contact.created': { icon: IconUserPlus, color: 'green' },
  'contact.field_changed': { icon: IconPencil, color: 'blue' },
  'contact.owner_changed': { icon: IconUserShare, color: 'violet' },
  'contact.team_changed': { icon: IconUsersGroup, color: 'violet' },
  'contact.follower_added': { icon: IconUserCheck, color: 'violet' },
  'contact.follower_removed': { icon: IconUserMinus, color: 'gray' },
  'contact.tag_added': { icon: IconTag, color: 'teal' },
  'contact.tag_removed': { icon: IconTagOff, color: 'gray' },
  'contact.email_added': { icon: IconMail, color: 'cyan' },
  'contact.email_changed': { icon: IconMail, color: 'cyan' },
  'contact.email_removed': { icon: IconMail, color: 'gray' },
  'contact.phone_added': { icon: IconPhone, color: 'cyan' },
  'contact.phone_changed': { icon: IconPhone, color: 'cyan' },
  'contact.phone_removed': { icon: IconPhone, color: 'gray' },
  'contact.phone_line_checked': { icon: IconPhoneCheck, color: 'cyan' },
  'contact.location_added': { icon: IconMapPin, color: 'orange' },
  'contact.location_changed': { icon: IconMapPin, color: 'orange' },
  'contact.location_removed': { icon: IconMapPin, color: 'gray' },
  'contact.picture_changed': { icon: IconPhoto, color: 'grape' },
  'contact.archived': { icon: IconArchive, color: 'yellow' },
  'contact.restored': { icon: IconArchiveOff, color: 'green' },
  'contact.deleted': { icon: IconTrash, color: 'red' },
  'contact.duplicated': { icon: IconCopy, color: 'indigo' },
  'contact.exported': { icon: IconFileExport, color: 'gray' },
};

function looks(kind: string, data: Data): { icon: TablerIcon; color: MantineColor } {
  if (kind === 'contact.dnd_changed') {
    return data.enabled ? { icon: IconBellOff, color: 'red' } : { icon: IconBellRinging, color: 'green' };
  }
  const known = KIND_LOOKS[kind] ?? activityLooks(kind);
  if (known) return known;
  if (kind.startsWith('note.')) return { icon: IconNote, color: 'yellow' };
  if (kind.startsWith('task.')) return { icon: IconChecklist, color: 'blue' };
  if (kind.startsWith('appointment.')) return { icon: IconCalendarEvent, color: 'grape' };
  return { icon: IconHistory, color: 'gray' };
}

type Data = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const nameOf = (v: unknown): string | null =>
  v && typeof v === 'object' ? (str((v as Data).name) ?? str((v as Data).displayName)) : str(v);
const strong = (value: string): Part => ({ value, tone: 'strong' });
const oldValue = (value: string): Part => ({ value, tone: 'old' });
const newValue = (value: string): Part => ({ value, tone: 'new' });

// Field names as the journal stores them (the API's property names), in words.
const FIELD_LABELS: Record<string, string> = {
  kind: 'Kind',
  firstName: 'First name',
  lastName: 'Last name',
  title: 'Title',
  businessName: 'Business name',
  birthday: 'Birthday',
  gender: 'Gender',
  registrationNumber: 'Registration number',
  legalForm: 'Legal form',
  vatId: 'VAT ID',
  contactType: 'Contact type',
  language: 'Language',
  timezone: 'Time zone',
  source: 'Source',
  publicLinks: 'Public links',
  keywords: 'Keywords',
  lastAttribution: 'Last attribution',
  firstAttribution: 'First attribution',
  // Emails, phones and locations.
  email: 'Address',
  type: 'Type',
  isPrimary: 'Primary',
  verification: 'Verification',
  e164: 'Number',
  lineType: 'Line type',
  smsAllowed: 'OK to SMS',
  label: 'Label',
  address: 'Address',
  street: 'Street',
  city: 'City',
  region: 'Region',
  postalCode: 'Postal code',
  country: 'Country',
  lat: 'Latitude',
  lng: 'Longitude',
};

function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.]/g, ' ')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function fieldLabel(field: string, ctx: DescribeContext): string {
  if (field.startsWith('custom.')) {
    const key = field.slice('custom.'.length);
    return ctx.fields?.find((f) => f.key === key)?.label ?? humanize(key);
  }
  return FIELD_LABELS[field] ?? humanize(field);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A stored value of `field` as a person reads it; null for empty. */
export function readableValue(field: string, value: unknown, ctx: DescribeContext = {}): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value) && value.length === 0) return null;
  const locale = ctx.zone?.locale ?? 'en';
  if (field.startsWith('custom.')) {
    const def = ctx.fields?.find((f) => f.key === field.slice('custom.'.length));
    if (def) {
      if (def.type === 'file') return 'a file';
      return formatFieldValue(def, value, {
        zone: ctx.zone ?? { locale: 'en', timeZone: 'UTC' },
        currency: ctx.currency ?? 'EUR',
      });
    }
  }
  switch (field) {
    case 'kind':
      return value === 'business' ? 'Business' : value === 'person' ? 'Person' : String(value);
    case 'contactType':
      return ctx.contactTypes?.find((t) => t.key === value)?.label ?? humanize(String(value));
    case 'language':
      return languageName(String(value), locale);
    case 'timezone':
      return String(value).replaceAll('_', ' ');
    case 'e164':
      return formatPhone(String(value));
    case 'lineType':
      return LINE_TYPE_LABELS[value as keyof typeof LINE_TYPE_LABELS] ?? String(value);
    case 'verification':
      return VERIFICATION_LABELS[value as keyof typeof VERIFICATION_LABELS] ?? String(value);
    case 'type':
      return (
        PHONE_TYPE_LABELS[value as keyof typeof PHONE_TYPE_LABELS] ??
        EMAIL_TYPE_LABELS[value as keyof typeof EMAIL_TYPE_LABELS] ??
        humanize(String(value))
      );
    case 'publicLinks':
      return Array.isArray(value)
        ? value
            .map((l) => (l && typeof l === 'object' ? (str((l as Data).label) ?? str((l as Data).url)) : null))
            .filter(Boolean)
            .join(', ')
        : null;
    case 'lastAttribution':
    case 'firstAttribution': {
      if (typeof value !== 'object') return String(value);
      const a = value as Data;
      const parts = [a.source, a.medium, a.campaign].map(str).filter(Boolean);
      return parts.length ? parts.join(' / ') : 'a new visit';
    }
  }
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return new Intl.NumberFormat(locale).format(value);
  if (typeof value === 'string') {
    if (ISO_DAY.test(value)) return formatDay(value, locale);
    if (ISO_INSTANT.test(value) && ctx.zone) return formatDateTime(value, ctx.zone);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => readableValue(field, v, ctx) ?? '').join(', ');
  if (typeof value === 'object') return nameOf(value) ?? JSON.stringify(value);
  return String(value);
}

function changesOf(data: Data, ctx: DescribeContext): EntryChange[] {
  if (!Array.isArray(data.changes)) return [];
  return (data.changes as Data[])
    .filter((c) => c && typeof c === 'object' && typeof c.field === 'string')
    .map((c) => {
      const field = c.field as string;
      return {
        field: fieldLabel(field, ctx),
        old: readableValue(field, c.old, ctx),
        new: readableValue(field, c.new, ctx),
      };
    });
}

/** "from A to B", "to B" (was empty), "(was A)" (now empty) — as parts. */
function fromTo(change: EntryChange): Part[] {
  if (change.old === null && change.new !== null) return [' to ', newValue(change.new)];
  if (change.new === null && change.old !== null) return [' (was ', oldValue(change.old), ')'];
  return [' from ', oldValue(change.old ?? 'empty'), ' to ', newValue(change.new ?? 'empty')];
}

/** One change as a sentence: "Changed Title from Buyer to Head of Procurement", "Set …", "Cleared …". */
function changeSentence(change: EntryChange, subject?: Part[]): Part[] {
  const verb = change.old === null ? 'Set ' : change.new === null ? 'Cleared ' : 'Changed ';
  return [verb, strong(change.field), ...(subject ?? []), ...fromTo(change)];
}

const listed = (names: string[]) =>
  names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;

const DND_CHANNELS: Record<string, string> = {
  all: 'all channels',
  email: 'email',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  calls: 'calls & voicemail',
  inbound_calls: 'inbound calls',
  inbound_sms: 'inbound SMS',
};

const DND_CAUSES: Record<string, string> = {
  manual: 'manual',
  unsubscribe: 'unsubscribed',
  email_unsubscribe: 'email unsubscribe',
  sms_stop: 'STOP reply',
  sms_start: 'START reply',
  import: 'import',
};

function describeData(kind: string, d: Data, ctx: DescribeContext): { parts: Part[]; changes: EntryChange[] } {
  const changes = changesOf(d, ctx);
  const only = (parts: Part[]) => ({ parts, changes: [] });
  switch (kind) {
    case 'contact.created':
      return only(
        d.duplicatedFrom
          ? ['Created the contact as a copy of another contact']
          : [
              'Created the contact',
              ...(str(d.displayName) ? [' ', strong(d.displayName as string)] : []),
              ...(str(d.source) ? [' (source: ', d.source as string, ')'] : []),
            ],
      );
    case 'contact.field_changed': {
      const added = d.fieldAdded as Data | undefined;
      const removed = d.fieldRemoved as Data | undefined;
      if (added) {
        const label = str(added.label) ?? 'a field';
        const value = changes[0]?.new;
        return only(['Added the field ', strong(label), ...(value ? [' with ', newValue(value)] : [])]);
      }
      if (removed) {
        const label = str(removed.label) ?? 'a field';
        const value = changes[0]?.old;
        return only(['Removed the field ', strong(label), ...(value ? [' (was ', oldValue(value), ')'] : [])]);
      }
      if (changes.length === 1) return only(changeSentence(changes[0]!));
      if (changes.length === 0) return only(['Changed the contact']);
      return { parts: [`Changed ${changes.length} fields: `, strong(listed(changes.map((c) => c.field)))], changes };
    }
    case 'contact.owner_changed': {
      const from = nameOf(d.from);
      const to = nameOf(d.to) ?? 'someone';
      const how = d.reassigned ? ' (contacts reassigned)' : d.bulk ? ' (bulk action)' : '';
      return only([
        'Owner changed',
        ...(from ? [' from ', oldValue(from)] : []),
        ' to ',
        newValue(to),
        ...(how ? [how] : []),
      ]);
    }
    case 'contact.team_changed': {
      const from = nameOf(d.from);
      const to = nameOf(d.to);
      if (d.reason === 'team_deleted') return only(['Team ', oldValue(from ?? 'unknown'), ' was deleted']);
      if (!to) return only(['Team cleared', ...(from ? [' (was ', oldValue(from), ')'] : [])]);
      if (!from) return only(['Team set to ', newValue(to)]);
      return only(['Team changed from ', oldValue(from), ' to ', newValue(to)]);
    }
    case 'contact.follower_added':
      return only(['Added ', strong(nameOf(d.user) ?? 'a user'), ' as a follower']);
    case 'contact.follower_removed':
      return only(['Removed ', strong(nameOf(d.user) ?? 'a user'), ' as a follower']);
    case 'contact.tag_added':
      return only(['Added tag ', strong(nameOf(d.tag) ?? 'a tag')]);
    case 'contact.tag_removed':
      return only(['Removed tag ', strong(nameOf(d.tag) ?? 'a tag')]);
    case 'contact.email_added': {
      const notes = [
        str(d.type) ? EMAIL_TYPE_LABELS[d.type as keyof typeof EMAIL_TYPE_LABELS]?.toLowerCase() : null,
        d.isPrimary ? 'primary' : null,
      ].filter(Boolean);
      return only([
        'Added email ',
        strong(str(d.email) ?? 'an address'),
        ...(notes.length ? [` (${notes.join(', ')})`] : []),
      ]);
    }
    case 'contact.email_changed': {
      const subject: Part[] = [' of ', strong(str(d.email) ?? 'an email')];
      if (changes.length === 1) return only(changeSentence(changes[0]!, subject));
      return { parts: ['Changed email ', strong(str(d.email) ?? '')], changes };
    }
    case 'contact.email_removed':
      return only(['Removed email ', strong(str(d.email) ?? 'an address')]);
    case 'contact.phone_added': {
      const notes = [
        str(d.type) ? PHONE_TYPE_LABELS[d.type as keyof typeof PHONE_TYPE_LABELS]?.toLowerCase() : null,
        str(d.lineType) ? LINE_TYPE_LABELS[d.lineType as keyof typeof LINE_TYPE_LABELS]?.toLowerCase() : null,
        d.isPrimary ? 'primary' : null,
      ].filter(Boolean);
      return only([
        'Added phone ',
        strong(formatPhone(str(d.e164) ?? '')),
        ...(notes.length ? [` (${notes.join(', ')})`] : []),
      ]);
    }
    case 'contact.phone_changed': {
      const subject: Part[] = [' of ', strong(formatPhone(str(d.e164) ?? ''))];
      if (changes.length === 1) return only(changeSentence(changes[0]!, subject));
      return { parts: ['Changed phone ', strong(formatPhone(str(d.e164) ?? ''))], changes };
    }
    case 'contact.phone_removed':
      return only(['Removed phone ', strong(formatPhone(str(d.e164) ?? ''))]);
    case 'contact.phone_line_checked': {
      const now = LINE_TYPE_LABELS[d.lineType as keyof typeof LINE_TYPE_LABELS] ?? 'Unknown';
      const before = LINE_TYPE_LABELS[d.previousLineType as keyof typeof LINE_TYPE_LABELS];
      const source = d.source === 'offline' || !str(d.source) ? 'offline metadata' : String(d.source);
      const smsChange =
        typeof d.smsAllowed === 'boolean' && d.smsAllowed !== d.previousSmsAllowed
          ? [`; OK to SMS turned ${d.smsAllowed ? 'on' : 'off'}`]
          : [];
      return only([
        'Checked the line type of ',
        strong(formatPhone(str(d.e164) ?? '')),
        ': ',
        ...(before && before !== now ? [oldValue(before), ' → '] : []),
        newValue(now),
        ` (via ${source})`,
        ...smsChange,
      ]);
    }
    case 'contact.location_added':
      return only([
        'Added location ',
        strong(str(d.label) ?? 'a location'),
        ...(str(d.address) ? [': ', d.address as string] : []),
      ]);
    case 'contact.location_changed': {
      const subject: Part[] = [' of ', strong(str(d.label) ?? 'a location')];
      if (changes.length === 1) return only(changeSentence(changes[0]!, subject));
      return { parts: ['Changed location ', strong(str(d.label) ?? '')], changes };
    }
    case 'contact.location_removed':
      return only(['Removed location ', strong(str(d.label) ?? 'a location')]);
    case 'contact.dnd_changed': {
      const channel = DND_CHANNELS[String(d.channel)] ?? humanize(String(d.channel ?? 'a channel'));
      const cause = str(d.cause) ? (DND_CAUSES[d.cause as string] ?? humanize(d.cause as string).toLowerCase()) : null;
      return only([
        'DND for ',
        strong(channel),
        ' turned ',
        d.enabled ? newValue('on') : oldValue('off'),
        ...(cause ? [` (cause: ${cause})`] : []),
      ]);
    }
    case 'contact.picture_changed':
      return only([d.fileId ? 'Uploaded a new profile picture' : 'Removed the profile picture']);
    case 'contact.archived':
      return only(['Archived the contact', ...(d.bulk ? [' (bulk action)'] : [])]);
    case 'contact.restored':
      return only(['Restored the contact from the archive', ...(d.bulk ? [' (bulk action)'] : [])]);
    case 'contact.deleted':
      return only(['Deleted the contact permanently']);
    case 'contact.duplicated':
      return only(['Duplicated the contact into a new copy']);
    case 'contact.exported':
      return only(['Exported the contact', ...(str(d.format) ? [' as ', strong(String(d.format).toUpperCase())] : [])]);
    default: {
      // Notes, tasks and appointments are described by the timeline feature.
      const activity = describeActivity(kind, d, ctx);
      if (activity) return activity;
      const title = str(d.title) ?? str(d.name) ?? str(d.label);
      return { parts: [kindLabel(kind), ...(title ? [': ', strong(title)] : [])], changes };
    }
  }
}

export function partsText(parts: Part[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : p.value)).join('');
}

export function describeEntry(entry: Pick<JournalEntry, 'kind' | 'data'>, ctx: DescribeContext = {}): EntryDescription {
  const data = (entry.data ?? {}) as Data;
  const { parts, changes } = describeData(entry.kind, data, ctx);
  return { label: kindLabel(entry.kind), ...looks(entry.kind, data), parts, text: partsText(parts), changes };
}

/** Who did it, as the timeline names them. */
export function describeActor(actor: JournalEntry['actor']): string {
  switch (actor.type) {
    case 'automation':
      return `Automation · ${actor.label || 'workflow'}`;
    case 'api':
      return actor.label ? `${actor.label} (API key)` : 'API';
    case 'import':
      return actor.label || 'Import';
    case 'contact':
      return actor.label ? `${actor.label} (the contact)` : 'The contact';
    case 'system':
      return actor.label || 'System';
    default:
      return actor.label || 'Someone';
  }
}
