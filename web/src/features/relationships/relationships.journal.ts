// Relationships' journal kinds in words: a person linked to / unlinked from a business (written on both, `other`
// naming the other side), a link's changes, a referenced business detail removed, relations added and removed,
// and the workspace's relation types (audit log).
import { IconLink, IconLinkOff, IconPencil, IconUnlink } from '@tabler/icons-react';
import {
  changesOf,
  edited,
  nameOf,
  only,
  say,
  sayIf,
  str,
  strong,
  words,
  type Data,
  type JournalFamily,
  type Part,
} from '../timeline/journal/parts.ts';

const other = (d: Data): Part => strong(nameOf(d.other) ?? words('journal.unknown'));
const role = (d: Data): Part[] =>
  sayIf(Boolean(str(d.role)), 'journal.link.asRole', { role: strong(str(d.role) ?? '') });

const LINK_FIELDS = ['role', 'note', 'isPrimary', 'emailIds', 'phoneIds', 'locationIds'];

function linkValue(field: string, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return words(value ? 'journal.link.yes' : 'journal.link.no');
  if (Array.isArray(value)) return words('journal.link.count', { count: value.length });
  return String(value);
}

export const relationshipsJournal: JournalFamily[] = [
  {
    family: 'contact_link',
    fallback: { icon: IconLink, color: 'indigo' },
    kinds: {
      'contact.link_added': {
        looks: { icon: IconLink, color: 'indigo' },
        describe: (d) => only([...say('journal.link.added', { other: other(d) }), ...role(d)]),
      },
      'contact.link_changed': {
        looks: { icon: IconPencil, color: 'indigo' },
        describe: (d) =>
          edited(
            [other(d)],
            changesOf(d, (f) => (LINK_FIELDS.includes(f) ? words(`journal.link.fields.${f}`) : null), linkValue),
            say('journal.link.changed', { other: other(d) }),
          ),
      },
      'contact.link_removed': {
        looks: { icon: IconUnlink, color: 'gray' },
        describe: (d) => only([...say('journal.link.removed', { other: other(d) }), ...role(d)]),
      },
      'contact.link_reference_cleared': {
        looks: { icon: IconLinkOff, color: 'orange' },
        describe: (d) => {
          const detail = (d.detail ?? {}) as Data;
          return only(
            say('journal.link.referenceCleared', {
              detail: strong(str(detail.value) ?? words('journal.unknown')),
              other: other(d),
            }),
          );
        },
      },
      'contact.relation_added': {
        looks: { icon: IconLink, color: 'teal' },
        describe: (d) => only(say('journal.relation.added', { label: strong(str(d.label) ?? ''), other: other(d) })),
      },
      'contact.relation_removed': {
        looks: { icon: IconUnlink, color: 'gray' },
        describe: (d) => only(say('journal.relation.removed', { label: strong(str(d.label) ?? ''), other: other(d) })),
      },
    },
  },
  { family: 'relation_type', fallback: { icon: IconLink, color: 'gray' }, kinds: {} },
];
