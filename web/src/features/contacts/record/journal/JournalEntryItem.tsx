// One journal entry: the kind's icon, the line in words with old and new values set apart, who did it and when
// (relative, the exact time on hover), and a table of old → new values when several fields changed at once.
import { Group, Text, ThemeIcon } from '@mantine/core';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../../../components/links.tsx';
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

function PartView({ part }: { part: Part }) {
  if (typeof part === 'string') return <>{part}</>;
  const shown = clip(part.value);
  const title = shown === part.value ? undefined : part.value;
  if (part.tone === 'old') {
    return (
      <span className={classes.old} title={title}>
        {shown}
      </span>
    );
  }
  if (part.tone === 'new') {
    return (
      <span className={classes.new} title={title}>
        {shown}
      </span>
    );
  }
  return (
    <Text span fw={600} title={title}>
      {shown}
    </Text>
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
      {/* The kind and the exact time show in the browser's own tooltip: a page holds thirty entries, and a floating
          tooltip each (two per entry) was a good part of what drawing the journal cost. */}
      <ThemeIcon size={32} radius="xl" variant="light" color={d.color} aria-label={d.label} role="img" title={d.label}>
        <KindIcon size={17} stroke={1.8} />
      </ThemeIcon>
      <div className={classes.body}>
        <Text size="sm" className={classes.line} lh={1.55}>
          {d.parts.map((part, i) => (
            <PartView key={i} part={part} />
          ))}
          {copyId && (
            <>
              {' · '}
              <AnchorLink to="/contacts/$contactId" params={{ contactId: copyId }} size="sm">
                Open the copy
              </AnchorLink>
            </>
          )}
        </Text>
        {d.changes.length > 0 && (
          <div className={classes.changes} role="table" aria-label={t('contactPage.journal.changedFields')}>
            {d.changes.map((c, i) => (
              <Fragment key={i}>
                <Text size="sm" c="dimmed" role="rowheader">
                  {c.field}
                </Text>
                <span className={classes.changeValues} role="cell">
                  {c.old === null ? (
                    <span className={classes.empty}>{t('journal.empty')}</span>
                  ) : (
                    <PartView part={{ value: c.old, tone: 'old' }} />
                  )}
                  <span aria-label={t('contactPage.journal.changedTo')}>→</span>
                  {c.new === null ? (
                    <span className={classes.empty}>{t('journal.empty')}</span>
                  ) : (
                    <PartView part={{ value: c.new, tone: 'new' }} />
                  )}
                </span>
              </Fragment>
            ))}
          </div>
        )}
        <Group gap={6} mt={4} wrap="wrap">
          <Text size="xs" c="dimmed" fw={500}>
            {describeActor(entry.actor)}
          </Text>
          <Text size="xs" c="dimmed" aria-hidden>
            ·
          </Text>
          <Text
            size="xs"
            c="dimmed"
            component="time"
            dateTime={entry.occurredAt}
            title={formatDateTime(entry.occurredAt, zone)}
          >
            {formatRelative(entry.occurredAt, zone, now)}
          </Text>
        </Group>
      </div>
    </li>
  );
}
