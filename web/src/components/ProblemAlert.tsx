// Shows why a request failed, in place: the server's words, or the UI's own for known codes in other languages.
import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { problemText } from '../lib/problems.ts';

export const problemMessage = problemText;

export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} title={title} role="alert">
      {problemMessage(error)}
    </Alert>
  );
}
