// A field row that shows a value nobody edits here (attribution, the record's dates).
import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import classes from './Field.module.css';

export function ReadOnlyField({ label, children, testId }: { label: string; children?: ReactNode; testId?: string }) {
  return (
    <div className={classes.row} data-testid={testId}>
      <Text className={classes.label} size="sm" c="dimmed">
        {label}
      </Text>
      <div className={classes.value} style={{ padding: '5px 0' }}>
        {children ?? (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </div>
    </div>
  );
}
