// A journal entry in words, for every view that shows the journal. Each feature describes the kinds it writes in
// its own `*.journal.ts`; they are registered here, once. The contact's timeline renders the description rich
// (the sentence with old and new values set apart, several field changes as a table), the audit log compact
// (the kind's label and the values that matter: "Job title: Buyer → Head of Procurement").
import { IconHistory } from '@tabler/icons-react';
import { journalKinds } from '@dossier/contract';
import { i18n } from '../../../app/i18n.ts';
import { appointmentJournal } from '../../appointments/appointment.journal.ts';
import { calendarJournal } from '../../calendar/calendar.journal.ts';
import { contactJournal } from '../../contacts/record/journal/contact.journal.ts';
import { importsJournal } from '../../imports/imports.journal.ts';
import { messageJournal } from '../../conversations/message.journal.ts';
import { noteJournal } from '../../notes/note.journal.ts';
import { salesPlanJournal } from '../../sales-plans/salesPlan.journal.ts';
import { segmentsJournal } from '../../segments/segments.journal.ts';
import { opportunityJournal, pipelineJournal } from '../../pipelines/opportunity.journal.ts';
import { relationshipsJournal } from '../../relationships/relationships.journal.ts';
import { settingsJournal } from '../../settings/settings.journal.ts';
import { taskJournal } from '../../tasks/task.journal.ts';
import {
  humanize,
  say,
  str,
  strong,
  type Data,
  type DescribeContext,
  type EntryChange,
  type JournalFamily,
  type KindDescription,
  type KindLooks,
  type Part,
} from './parts.ts';

export type { DescribeContext, EntryChange, Part } from './parts.ts';

const FAMILIES: JournalFamily[] = [
  contactJournal,
  noteJournal,
  taskJournal,
  appointmentJournal,
  calendarJournal,
  ...messageJournal,
  opportunityJournal,
  pipelineJournal,
  ...settingsJournal,
  salesPlanJournal,
  ...segmentsJournal,
  ...relationshipsJournal,
  importsJournal,
];

const KINDS = new Map<string, KindDescription>(FAMILIES.flatMap((f) => Object.entries(f.kinds)));
const FALLBACKS = new Map<string, KindLooks>(FAMILIES.map((f) => [f.family, f.fallback]));
const CATALOG = new Map(journalKinds.map((k) => [k.kind, k.label]));

/** The kind's name in the reader's language ("Fields changed"); a kind the web does not know yet in words. */
export function kindLabel(kind: string): string {
  const key = `journal.kinds.${kind}`;
  if (i18n.exists(key)) return i18n.t(key);
  return CATALOG.get(kind) ?? humanize(kind);
}

export interface EntryDescription {
  label: string;
  icon: KindLooks['icon'];
  color: KindLooks['color'];
  /** The rich line. */
  parts: Part[];
  /** The line as plain text. */
  text: string;
  /** The values that matter, for a compact line beside the label; null when the label says it all. */
  summary: string | null;
  /** Old → new pairs to show beneath the line (empty when the line already says it all). */
  changes: EntryChange[];
}

export function partsText(parts: Part[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : p.value)).join('');
}

/** The set-apart values of a line: names joined by " · ", an old value and its new one as "old → new". */
export function compactSummary(parts: Part[]): string | null {
  const values = parts.filter((p): p is Exclude<Part, string> => typeof p !== 'string');
  let out = '';
  for (let i = 0; i < values.length; i++) {
    const p = values[i]!;
    const next = values[i + 1];
    if (p.tone === 'old' && next?.tone === 'new') {
      out += `${out ? ': ' : ''}${p.value} → ${next.value}`;
      i++;
    } else {
      out += `${out ? ' · ' : ''}${p.value}`;
    }
  }
  return out || null;
}

function looksOf(kind: string, data: Data): KindLooks {
  const looks = KINDS.get(kind)?.looks;
  if (looks) return typeof looks === 'function' ? looks(data) : looks;
  return FALLBACKS.get(kind.split('.')[0] ?? '') ?? { icon: IconHistory, color: 'gray' };
}

export function describeEntry(entry: { kind: string; data: unknown }, ctx: DescribeContext = {}): EntryDescription {
  const data = (entry.data && typeof entry.data === 'object' ? entry.data : {}) as Data;
  const label = kindLabel(entry.kind);
  const describe = KINDS.get(entry.kind)?.describe;
  const title = str(data.title) ?? str(data.name) ?? str(data.label) ?? str(data.displayName);
  const { parts, changes } = describe
    ? describe(data, ctx)
    : { parts: title ? say('journal.labelWithTitle', { label, title: strong(title) }) : [label], changes: [] };
  return {
    label,
    ...looksOf(entry.kind, data),
    parts,
    text: partsText(parts),
    summary: compactSummary(parts),
    changes,
  };
}

/** Who did it: "Maria Keller", "Automation · Welcome", "Zapier (API key)", "Import · leads.csv", "System". */
export function describeActor(actor: { type: string; label: string | null }): string {
  const label = actor.label ?? '';
  switch (actor.type) {
    case 'automation':
      return i18n.t('journal.actors.automation', { name: label || i18n.t('journal.actors.workflow') });
    case 'api':
      return label ? i18n.t('journal.actors.apiKey', { name: label }) : i18n.t('journal.actors.api');
    case 'import':
      return label ? i18n.t('journal.actors.importNamed', { name: label }) : i18n.t('journal.actors.import');
    case 'contact':
      return label ? i18n.t('journal.actors.contactNamed', { name: label }) : i18n.t('journal.actors.contact');
    case 'system':
      return label || i18n.t('journal.actors.system');
    default:
      return label || i18n.t('journal.actors.someone');
  }
}
