// A collapsible group of fields in the left panel (Contact, Emails, a custom-field folder…).
import { Badge, Collapse, Group, Text, UnstyledButton } from '@mantine/core';
import { IconChevronRight, type TablerIcon } from '@tabler/icons-react';
import { useId, type ReactNode } from 'react';
import classes from './Section.module.css';

/** One field of a section, as the search box and the "hide empty" switch see it. */
export interface FieldRow {
  id: string;
  /** What the search box matches, with the section's title. */
  label: string;
  empty: boolean;
  node: ReactNode;
}

export interface SectionDef {
  id: string;
  title: string;
  icon: TablerIcon;
  rows: FieldRow[];
  /** Below the rows, e.g. "Add email"; hidden while searching or hiding empty fields. */
  footer?: ReactNode;
  /** A number beside the title (how many emails…). */
  count?: number;
  /** Shown instead of rows when the section has none. */
  emptyNote?: string;
  /** An action beside the title. */
  action?: ReactNode;
}

export function Section({
  section,
  rows,
  opened,
  onToggle,
  showFooter,
  pending,
}: {
  section: SectionDef;
  rows: FieldRow[];
  opened: boolean;
  onToggle(): void;
  showFooter: boolean;
  /** Drawn a moment later (below the fold as the page opens): the title now, the fields then. */
  pending?: boolean;
}) {
  const bodyId = useId();
  const SectionIcon = section.icon;
  return (
    <section className={classes.section} aria-label={section.title} data-testid={`section-${section.id}`}>
      <Group gap={4} wrap="nowrap" className={classes.header}>
        <UnstyledButton className={classes.toggle} onClick={onToggle} aria-expanded={opened} aria-controls={bodyId}>
          <IconChevronRight size={14} className={classes.chevron} data-opened={opened || undefined} aria-hidden />
          <SectionIcon size={16} stroke={1.7} className={classes.icon} aria-hidden />
          <Text size="sm" fw={600} truncate="end">
            {section.title}
          </Text>
          {section.count !== undefined && section.count > 0 && (
            <Badge size="xs" variant="light" color="gray" circle={section.count < 10}>
              {section.count}
            </Badge>
          )}
        </UnstyledButton>
        {section.action}
      </Group>
      <Collapse expanded={opened} id={bodyId} transitionDuration={120}>
        <div className={classes.body} aria-busy={pending || undefined}>
          {!pending && (
            <>
              {rows.length === 0 && section.emptyNote && (
                <Text size="sm" c="dimmed" py={4}>
                  {section.emptyNote}
                </Text>
              )}
              {rows.map((row) => (
                <div key={row.id}>{row.node}</div>
              ))}
              {showFooter && section.footer}
            </>
          )}
        </div>
      </Collapse>
    </section>
  );
}
