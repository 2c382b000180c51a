// Opportunities' journal kinds in words (opportunity.*, on the contact) and pipelines' (pipeline.*, in the audit log).
import {
  IconLayoutKanban,
  IconPencil,
  IconTargetArrow,
  IconTrash,
  IconTrophy,
  IconArrowRight,
  IconThumbDown,
} from '@tabler/icons-react';
import {
  changesOf,
  edited,
  humanize,
  nameOf,
  newValue,
  oldValue,
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

const dealName = (d: Data): Part => strong(nameOf(d.opportunity) ?? words('journal.opportunity.unnamed'));
const statusWord = (s: unknown) =>
  typeof s === 'string' && ['open', 'won', 'lost', 'abandoned'].includes(s)
    ? words(`journal.opportunity.status.${s}`)
    : '?';

const FIELDS = [
  'name',
  'value',
  'currency',
  'expectedCloseDate',
  'likelihood',
  'source',
  'notes',
  'owner',
  'lostReason',
  'contacts',
];

function value(field: string, raw: unknown): string | null {
  if (raw === null || raw === undefined || raw === '') return null;
  if (field === 'owner') return nameOf(raw);
  if (field === 'contacts') {
    return Array.isArray(raw)
      ? raw
          .map((c) => nameOf(c))
          .filter(Boolean)
          .join(', ') || null
      : String(raw);
  }
  if (field === 'likelihood') return `${String(raw)} %`;
  return String(raw);
}

export const opportunityJournal: JournalFamily = {
  family: 'opportunity',
  fallback: { icon: IconTargetArrow, color: 'indigo' },
  kinds: {
    'opportunity.created': {
      looks: { icon: IconTargetArrow, color: 'indigo' },
      describe: (d) =>
        only([
          ...say('journal.opportunity.created', {
            deal: dealName(d),
            stage: strong(nameOf(d.stage) ?? '?'),
            pipeline: strong(nameOf(d.pipeline) ?? '?'),
          }),
          ...sayIf(d.status && d.status !== 'open', 'journal.inBrackets', { text: statusWord(d.status) }),
        ]),
    },
    'opportunity.stage_changed': {
      looks: { icon: IconArrowRight, color: 'indigo' },
      describe: (d) =>
        only(
          say(d.fromPipeline ? 'journal.opportunity.movedPipeline' : 'journal.opportunity.moved', {
            deal: dealName(d),
            old: oldValue(
              d.fromPipeline ? `${nameOf(d.fromPipeline)} · ${nameOf(d.from) ?? '?'}` : (nameOf(d.from) ?? '?'),
            ),
            new: newValue(d.toPipeline ? `${nameOf(d.toPipeline)} · ${nameOf(d.to) ?? '?'}` : (nameOf(d.to) ?? '?')),
          }),
        ),
    },
    'opportunity.status_changed': {
      looks: (d) =>
        d.to === 'won'
          ? { icon: IconTrophy, color: 'teal' }
          : d.to === 'lost' || d.to === 'abandoned'
            ? { icon: IconThumbDown, color: 'red' }
            : { icon: IconTargetArrow, color: 'indigo' },
      describe: (d) =>
        only([
          ...say('journal.opportunity.status.changed', {
            deal: dealName(d),
            old: oldValue(statusWord(d.from)),
            new: newValue(statusWord(d.to)),
          }),
          ...sayIf(str(d.lostReason), 'journal.opportunity.reason', { reason: str(d.lostReason) ?? '' }),
        ]),
    },
    'opportunity.updated': {
      looks: { icon: IconPencil, color: 'indigo' },
      describe: (d) =>
        edited(
          say('journal.opportunity.subject', { deal: dealName(d) }),
          changesOf(
            d,
            (f) =>
              FIELDS.includes(f)
                ? words(`journal.opportunity.fields.${f}`)
                : f.startsWith('custom.')
                  ? humanize(f.slice(7))
                  : null,
            value,
          ),
          say('journal.opportunity.edited', { deal: dealName(d) }),
        ),
    },
    'opportunity.deleted': {
      looks: { icon: IconTrash, color: 'gray' },
      describe: (d) => only(say('journal.opportunity.deleted', { deal: dealName(d) })),
    },
  },
};

export const pipelineJournal: JournalFamily = {
  family: 'pipeline',
  fallback: { icon: IconLayoutKanban, color: 'gray' },
  kinds: {
    'pipeline.created': {
      looks: { icon: IconLayoutKanban, color: 'gray' },
      describe: (d) => only(say('journal.pipeline.created', { name: strong(str(d.name) ?? '?') })),
    },
    'pipeline.updated': {
      looks: { icon: IconLayoutKanban, color: 'gray' },
      describe: (d) => only(say('journal.pipeline.updated', { name: strong(str(d.name) ?? '?') })),
    },
    'pipeline.deleted': {
      looks: { icon: IconTrash, color: 'gray' },
      describe: (d) => only(say('journal.pipeline.deleted', { name: strong(str(d.name) ?? '?') })),
    },
  },
};
