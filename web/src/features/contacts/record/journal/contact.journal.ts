// The contact record's journal kinds in words (contact.*): created, fields, owner and team, followers, tags,
// emails, phones, locations, do-not-disturb, picture, archive and the rest. Field names read with the labels
// the contact page shows.
import {
  IconArchive,
  IconArrowBackUp,
  IconArrowMerge,
  IconArchiveOff,
  IconBellOff,
  IconBellRinging,
  IconCopy,
  IconFileExport,
  IconMail,
  IconMapPin,
  IconPencil,
  IconPhone,
  IconPhoneCheck,
  IconPhoto,
  IconTag,
  IconTagOff,
  IconTrash,
  IconUser,
  IconUserCheck,
  IconUserMinus,
  IconUserPlus,
  IconUserShare,
  IconUsersGroup,
} from '@tabler/icons-react';
import { i18n } from '../../../../app/i18n.ts';
import { formatDateTime } from '../../../../lib/format.ts';
import {
  changesOf,
  edited,
  humanize,
  listed,
  nameOf,
  newValue,
  oldValue,
  only,
  say,
  sayIf,
  str,
  strong,
  changeSentence,
  words,
  type Data,
  type DescribeContext,
  type EntryChange,
  type JournalFamily,
  type Part,
} from '../../../timeline/journal/parts.ts';
import {
  emailTypeLabel,
  formatDay,
  formatFieldValue,
  formatPhone,
  languageName,
  lineTypeLabel,
  phoneTypeLabel,
  verificationLabel,
} from '../format.ts';

// Field names as the journal stores them (the API's property names) → the contact page's label keys.
const FIELD_KEYS: Record<string, string> = {
  kind: 'kind',
  firstName: 'firstName',
  lastName: 'lastName',
  title: 'title',
  birthday: 'birthday',
  gender: 'gender',
  registrationNumber: 'registrationNumber',
  legalForm: 'legalForm',
  vatId: 'vatId',
  contactType: 'contactType',
  language: 'language',
  timezone: 'timezone',
  source: 'source',
  publicLinks: 'publicLinks',
  keywords: 'keywords',
  lastAttribution: 'lastAttribution',
  firstAttribution: 'firstAttribution',
  // Emails, phones and locations.
  email: 'address',
  type: 'type',
  isPrimary: 'primary',
  verification: 'verification',
  e164: 'number',
  lineType: 'lineType',
  smsAllowed: 'smsAllowed',
  label: 'label',
  address: 'address',
  street: 'street',
  city: 'city',
  region: 'region',
  postalCode: 'postalCode',
  country: 'country',
  lat: 'lat',
  lng: 'lng',
};

/** The names of the contacts a merge entry lists ({ id, displayName } each). */
function mergeNames(list: unknown): string[] {
  return Array.isArray(list) ? list.map((c) => String((c as { displayName?: unknown })?.displayName ?? '')) : [];
}

export function contactFieldLabel(field: string, ctx: DescribeContext): string {
  if (field.startsWith('custom.')) {
    const key = field.slice('custom.'.length);
    return ctx.fields?.find((f) => f.key === key)?.label ?? humanize(key);
  }
  // The page calls a person's business "Company" and a business's own name "Business name".
  if (field === 'businessName') {
    return i18n.t(ctx.contactKind === 'business' ? 'contactPage.fields.businessName' : 'contactPage.fields.company');
  }
  const key = FIELD_KEYS[field];
  return key ? i18n.t(`contactPage.fields.${key}`) : humanize(field);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A stored value of `field` as a person reads it; null for empty. */
export function contactValue(field: string, value: unknown, ctx: DescribeContext = {}): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value) && value.length === 0) return null;
  const zone = ctx.zone ?? { locale: 'en', timeZone: 'UTC' };
  if (field.startsWith('custom.')) {
    const def = ctx.fields?.find((f) => f.key === field.slice('custom.'.length));
    if (def) {
      if (def.type === 'file') return words('journal.aFile');
      return formatFieldValue(def, value, { zone, currency: ctx.currency ?? 'EUR' });
    }
  }
  switch (field) {
    case 'kind':
      return value === 'business' || value === 'person' ? i18n.t(`contactPage.kinds.${value}`) : String(value);
    case 'contactType':
      return ctx.contactTypes?.find((t) => t.key === value)?.label ?? humanize(String(value));
    case 'language':
      return languageName(String(value), zone.locale);
    case 'timezone':
      return String(value).replaceAll('_', ' ');
    case 'e164':
      return formatPhone(String(value));
    case 'lineType':
      return lineTypeLabel(value);
    case 'verification':
      return verificationLabel(value);
    case 'type': {
      const phone = phoneTypeLabel(value);
      return phone !== String(value) ? phone : emailTypeLabel(value);
    }
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
      return parts.length ? parts.join(' / ') : words('journal.contact.newVisit');
    }
  }
  if (typeof value === 'boolean') return i18n.t(value ? 'common.yes' : 'common.no');
  if (typeof value === 'number') return new Intl.NumberFormat(zone.locale).format(value);
  if (typeof value === 'string') {
    if (ISO_DAY.test(value)) return formatDay(value, zone.locale);
    if (ISO_INSTANT.test(value) && ctx.zone) return formatDateTime(value, ctx.zone);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => contactValue(field, v, ctx) ?? '').join(', ');
  if (typeof value === 'object') return nameOf(value) ?? JSON.stringify(value);
  return String(value);
}

const contactChanges = (d: Data, ctx: DescribeContext): EntryChange[] =>
  changesOf(
    d,
    (field) => contactFieldLabel(field, ctx),
    (field, value) => contactValue(field, value, ctx),
  );

const DND_CHANNELS = ['all', 'email', 'sms', 'whatsapp', 'calls', 'inbound_calls', 'inbound_sms'];
const DND_CAUSES = ['manual', 'unsubscribe', 'unsubscribed', 'email_unsubscribe', 'sms_stop', 'sms_start', 'import'];

/** The type and "primary" of an added email or phone, in brackets: " (work, primary)". */
function notesOf(...notes: (string | null)[]): Part[] {
  const present = notes.filter((n): n is string => Boolean(n));
  return present.length ? say('journal.inBrackets', { text: present.join(', ') }) : [];
}

/** What a new contact was recorded with: "email lena@…, phone +49 …, tags VIP, Partner". */
function recordedWith(d: Data): string[] {
  const list = (v: unknown, format: (s: string) => string = (s) => s) =>
    Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s !== '').map(format) : [];
  const emails = list(d.emails);
  const phones = list(d.phones, formatPhone);
  const tags = list(d.tags);
  return [
    emails.length ? words('journal.contact.createdEmails', { count: emails.length, list: listed(emails) }) : null,
    phones.length ? words('journal.contact.createdPhones', { count: phones.length, list: listed(phones) }) : null,
    tags.length ? words('journal.contact.createdTags', { count: tags.length, list: listed(tags) }) : null,
  ].filter((s): s is string => s !== null);
}

const bulk = (d: Data) => sayIf(d.bulk, 'journal.contact.bulk');

export const contactJournal: JournalFamily = {
  family: 'contact',
  fallback: { icon: IconUser, color: 'gray' },
  kinds: {
    'contact.created': {
      looks: { icon: IconUserPlus, color: 'green' },
      describe: (d) => {
        if (d.duplicatedFrom) return only(say('journal.contact.createdCopy'));
        const name = str(d.displayName);
        const details = recordedWith(d);
        return only([
          ...(name ? say('journal.contact.created', { name: strong(name) }) : say('journal.contact.createdUnnamed')),
          ...sayIf(details.length, 'journal.contact.createdWith', { details: details.join('; ') }),
          ...sayIf(str(d.source), 'journal.contact.createdSource', { source: str(d.source) ?? '' }),
        ]);
      },
    },
    'contact.field_changed': {
      looks: { icon: IconPencil, color: 'blue' },
      describe: (d, ctx) => {
        const changes = contactChanges(d, ctx);
        const added = d.fieldAdded as Data | undefined;
        const removed = d.fieldRemoved as Data | undefined;
        if (added) {
          const field = strong(str(added.label) ?? words('journal.aField'));
          const value = changes[0]?.new;
          return only([
            ...say('journal.contact.fieldAdded', { field }),
            ...sayIf(value, 'journal.contact.fieldAddedWith', { value: newValue(value ?? '') }),
          ]);
        }
        if (removed) {
          const field = strong(str(removed.label) ?? words('journal.aField'));
          const value = changes[0]?.old;
          return only([
            ...say('journal.contact.fieldRemoved', { field }),
            ...sayIf(value, 'journal.wasValue', { value: oldValue(value ?? '') }),
          ]);
        }
        if (changes.length === 1) return only(changeSentence(changes[0]!));
        if (changes.length === 0) return only(say('journal.contact.changed'));
        return {
          parts: say('journal.contact.changedFields', {
            count: changes.length,
            fields: strong(listed(changes.map((c) => c.field))),
          }),
          changes,
        };
      },
    },
    'contact.owner_changed': {
      looks: { icon: IconUserShare, color: 'violet' },
      describe: (d) => {
        const from = nameOf(d.from);
        const to = newValue(nameOf(d.to) ?? words('journal.someone'));
        return only([
          ...(from
            ? say('journal.contact.ownerChanged', { from: oldValue(from), to })
            : say('journal.contact.ownerSet', { to })),
          ...(d.reassigned ? say('journal.contact.reassigned') : bulk(d)),
        ]);
      },
    },
    'contact.team_changed': {
      looks: { icon: IconUsersGroup, color: 'violet' },
      describe: (d) => {
        const from = nameOf(d.from);
        const to = nameOf(d.to);
        if (d.reason === 'team_deleted') {
          return only(say('journal.contact.teamDeleted', { team: oldValue(from ?? words('journal.unknown')) }));
        }
        if (!to) {
          return only([
            ...say('journal.contact.teamCleared'),
            ...sayIf(from, 'journal.wasValue', { value: oldValue(from ?? '') }),
          ]);
        }
        if (!from) return only(say('journal.contact.teamSet', { to: newValue(to) }));
        return only(say('journal.contact.teamChanged', { from: oldValue(from), to: newValue(to) }));
      },
    },
    'contact.follower_added': {
      looks: { icon: IconUserCheck, color: 'violet' },
      describe: (d) =>
        only(say('journal.contact.followerAdded', { user: strong(nameOf(d.user) ?? words('journal.aUser')) })),
    },
    'contact.follower_removed': {
      looks: { icon: IconUserMinus, color: 'gray' },
      describe: (d) =>
        only(say('journal.contact.followerRemoved', { user: strong(nameOf(d.user) ?? words('journal.aUser')) })),
    },
    'contact.tag_added': {
      looks: { icon: IconTag, color: 'teal' },
      describe: (d) => only(say('journal.contact.tagAdded', { tag: strong(nameOf(d.tag) ?? words('journal.aTag')) })),
    },
    'contact.tag_removed': {
      looks: { icon: IconTagOff, color: 'gray' },
      describe: (d) => only(say('journal.contact.tagRemoved', { tag: strong(nameOf(d.tag) ?? words('journal.aTag')) })),
    },
    'contact.email_added': {
      looks: { icon: IconMail, color: 'cyan' },
      describe: (d) =>
        only([
          ...say('journal.contact.emailAdded', { email: strong(str(d.email) ?? words('journal.anAddress')) }),
          ...notesOf(
            str(d.type) ? emailTypeLabel(d.type).toLocaleLowerCase() : null,
            d.isPrimary ? words('journal.primary') : null,
          ),
        ]),
    },
    'contact.email_changed': {
      looks: { icon: IconMail, color: 'cyan' },
      describe: (d, ctx) => {
        const email = strong(str(d.email) ?? words('journal.anAddress'));
        return edited([email], contactChanges(d, ctx), say('journal.contact.emailChanged', { email }));
      },
    },
    'contact.email_removed': {
      looks: { icon: IconMail, color: 'gray' },
      describe: (d) =>
        only(say('journal.contact.emailRemoved', { email: strong(str(d.email) ?? words('journal.anAddress')) })),
    },
    'contact.phone_added': {
      looks: { icon: IconPhone, color: 'cyan' },
      describe: (d) =>
        only([
          ...say('journal.contact.phoneAdded', { phone: strong(formatPhone(str(d.e164) ?? '')) }),
          ...notesOf(
            str(d.type) ? phoneTypeLabel(d.type).toLocaleLowerCase() : null,
            // "mobile, mobile" says nothing more: the line type only when it differs from the type.
            str(d.lineType) && d.lineType !== d.type ? lineTypeLabel(d.lineType).toLocaleLowerCase() : null,
            d.isPrimary ? words('journal.primary') : null,
          ),
        ]),
    },
    'contact.phone_changed': {
      looks: { icon: IconPhone, color: 'cyan' },
      describe: (d, ctx) => {
        const phone = strong(formatPhone(str(d.e164) ?? ''));
        return edited([phone], contactChanges(d, ctx), say('journal.contact.phoneChanged', { phone }));
      },
    },
    'contact.phone_removed': {
      looks: { icon: IconPhone, color: 'gray' },
      describe: (d) => only(say('journal.contact.phoneRemoved', { phone: strong(formatPhone(str(d.e164) ?? '')) })),
    },
    'contact.phone_line_checked': {
      looks: { icon: IconPhoneCheck, color: 'cyan' },
      describe: (d) => {
        const now = lineTypeLabel(d.lineType ?? 'unknown');
        const before = str(d.previousLineType) ? lineTypeLabel(d.previousLineType) : null;
        const source = d.source === 'offline' || !str(d.source) ? words('journal.contact.offline') : String(d.source);
        const smsChanged = typeof d.smsAllowed === 'boolean' && d.smsAllowed !== d.previousSmsAllowed;
        return only([
          ...say('journal.contact.lineChecked', {
            phone: strong(formatPhone(str(d.e164) ?? '')),
            lineType: before && before !== now ? [oldValue(before), ' → ', newValue(now)] : [newValue(now)],
            source,
          }),
          ...sayIf(smsChanged, d.smsAllowed ? 'journal.contact.smsOn' : 'journal.contact.smsOff'),
        ]);
      },
    },
    'contact.location_added': {
      looks: { icon: IconMapPin, color: 'orange' },
      describe: (d) =>
        only([
          ...say('journal.contact.locationAdded', { label: strong(str(d.label) ?? words('journal.aLocation')) }),
          ...sayIf(str(d.address), 'journal.contact.locationAt', { address: str(d.address) ?? '' }),
        ]),
    },
    'contact.location_changed': {
      looks: { icon: IconMapPin, color: 'orange' },
      describe: (d, ctx) => {
        const label = strong(str(d.label) ?? words('journal.aLocation'));
        return edited([label], contactChanges(d, ctx), say('journal.contact.locationChanged', { label }));
      },
    },
    'contact.location_removed': {
      looks: { icon: IconMapPin, color: 'gray' },
      describe: (d) =>
        only(say('journal.contact.locationRemoved', { label: strong(str(d.label) ?? words('journal.aLocation')) })),
    },
    'contact.dnd_changed': {
      looks: (d) => (d.enabled ? { icon: IconBellOff, color: 'red' } : { icon: IconBellRinging, color: 'green' }),
      describe: (d) => {
        const channel = String(d.channel ?? 'all');
        const cause = str(d.cause);
        return only([
          ...say('journal.contact.dnd', {
            channel: strong(
              DND_CHANNELS.includes(channel) ? words(`journal.dndChannels.${channel}`) : humanize(channel),
            ),
            state: d.enabled ? newValue(words('journal.on')) : oldValue(words('journal.off')),
          }),
          ...sayIf(cause, 'journal.contact.dndCause', {
            cause: cause
              ? DND_CAUSES.includes(cause)
                ? words(`journal.dndCauses.${cause}`)
                : humanize(cause).toLocaleLowerCase()
              : '',
          }),
        ]);
      },
    },
    'contact.picture_changed': {
      looks: { icon: IconPhoto, color: 'grape' },
      describe: (d) => only(say(d.fileId ? 'journal.contact.pictureUploaded' : 'journal.contact.pictureRemoved')),
    },
    'contact.archived': {
      looks: { icon: IconArchive, color: 'yellow' },
      describe: (d) => only([...say('journal.contact.archived'), ...bulk(d)]),
    },
    'contact.restored': {
      looks: { icon: IconArchiveOff, color: 'green' },
      describe: (d) => only([...say('journal.contact.restored'), ...bulk(d)]),
    },
    'contact.deleted': {
      looks: { icon: IconTrash, color: 'red' },
      describe: () => only(say('journal.contact.deleted')),
    },
    'contact.duplicated': {
      looks: { icon: IconCopy, color: 'indigo' },
      describe: () => only(say('journal.contact.duplicated')),
    },
    'contact.merged': {
      looks: { icon: IconArrowMerge, color: 'indigo' },
      describe: (d) => only(say('journal.contact.merged', { names: strong(listed(mergeNames(d.merged))) })),
    },
    'contact.merged_into': {
      looks: { icon: IconArrowMerge, color: 'gray' },
      describe: (d) => only(say('journal.contact.mergedInto', { name: strong(mergeNames([d.survivor])[0] ?? '') })),
    },
    'contact.merge_undone': {
      looks: { icon: IconArrowBackUp, color: 'indigo' },
      describe: (d) => only(say('journal.contact.mergeUndone', { names: strong(listed(mergeNames(d.merged))) })),
    },
    'contact.unmerged': {
      looks: { icon: IconArrowBackUp, color: 'green' },
      describe: (d) => only(say('journal.contact.unmerged', { name: strong(mergeNames([d.survivor])[0] ?? '') })),
    },
    'contact.exported': {
      looks: { icon: IconFileExport, color: 'gray' },
      describe: (d) =>
        only([
          ...say('journal.contact.exported'),
          ...sayIf(str(d.format), 'journal.contact.exportedAs', {
            format: strong(String(d.format ?? '').toUpperCase()),
          }),
        ]),
    },
  },
};
