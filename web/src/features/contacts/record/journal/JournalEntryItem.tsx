// One journal entry: the kind's icon, the line in words with old and new values set apart, who did it and when
// (relative, the exact time on hover), and a table of old → new values when several fields changed at once.
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from '../../../../app/i18n.ts';
import { AnchorLink } from '../../../../components/links.tsx';
import { chipColors, lite } from '../../../../components/lite.tsx';
import { formatDateTime, formatRelative, type Zone } from '../../../../lib/format.ts';
import type { JournalEntry } from '../../contact.api.ts';
import {
  describeActor,
  describeEntry,
  type DescribeContext,
  type Part,
} from '../../../timeline/journal/describeEntry.ts';
import classes from './JournalEntryItem.module.css';

/** Very long values (a long text field) are cut in the line; the full value is in the tooltip. */
const MAX_VALUE = 240;
const clip = (value: string) => (value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value);

/** One part of the line: plain words, or a value set apart (an element, not a component: a line has several). */
function partView(part: Part, key?: number): ReactNode {
  if (typeof part === 'string') return <Fragment key={key}>{part}</Fragment>;
  const shown = clip(part.value);
  const title = shown === part.value ? undefined : part.value;
  const className = part.tone === 'old' ? classes.old : part.tone === 'new' ? classes.new : classes.strong;
  return (
    <span key={key} className={className} title={title}>
      {shown}
    </span>
  );
}

export interface JournalEntryItemProps {
  entry: JournalEntry;
  zone: Zone;
  /** Field labels, contact type labels and the currency, so values read as they do on the page. */
  context?: DescribeContext;
  now?: Date;
}

export function JournalEntryItem({ entry, zone, context, now }: JournalEntryItemProps) {
  const { t } = useTranslation();
  const d = describeEntry(entry, { ...context, zone });
  const KindIcon = d.icon;
  const copyId = entry.kind === 'contact.duplicated' && entry.subject?.type === 'contact' ? entry.subject.id : null;
  return (
    <li className={classes.item} data-testid="journal-entry" data-kind={entry.kind}>
      {/* Plain elements, and the browser's own tooltips for the kind and the exact time: a page holds thirty entries,
          and Mantine's components and floating tooltips were most of what drawing the journal cost. */}
      <span className={classes.icon} style={chipColors(d.color)} aria-label={d.label} role="img" title={d.label}>
        <KindIcon size={17} stroke={1.8} />
      </span>
      <div className={classes.body}>
        <div className={`${lite.text} ${classes.line}`}>
          {d.parts.map(partView)}
          {copyId && (
            <>
              {' · '}
              <AnchorLink to="/contacts/$contactId" params={{ contactId: copyId }} size="sm">
                Open the copy
              </AnchorLink>
            </>
          )}
        </div>
        {d.changes.length > 0 && (
          <div className={classes.changes} role="table" aria-label={t('contactPage.journal.changedFields')}>
            {d.changes.map((c, i) => (
              <Fragment key={i}>
                <span className={lite.dimmed} role="rowheader">
                  {c.field}
                </span>
                <span className={classes.changeValues} role="cell">
                  {c.old === null ? (
                    <span className={classes.empty}>{t('journal.empty')}</span>
                  ) : (
                    partView({ value: c.old, tone: 'old' })
                  )}
                  <span aria-label={t('contactPage.journal.changedTo')}>→</span>
                  {c.new === null ? (
                    <span className={classes.empty}>{t('journal.empty')}</span>
                  ) : (
                    partView({ value: c.new, tone: 'new' })
                  )}
                </span>
              </Fragment>
            ))}
          </div>
        )}
        <div className={`${lite.small} ${lite.dimmed} ${classes.meta}`}>
          <span className={classes.actor}>{describeActor(entry.actor)}</span>
          <span aria-hidden>·</span>
          <time dateTime={entry.occurredAt} title={formatDateTime(entry.occurredAt, zone)}>
            {formatRelative(entry.occurredAt, zone, now)}
          </time>
        </div>
      </div>
    </li>
  );
}
