// The user's email signature (in their profile): rich text appended to the emails they send, unless a template
// places it itself with {{user.signature}}.
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from '../../../app/i18n.ts';
import type { UserDto } from '@dossier/contract';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { NoteBodyEditor } from '../../notes/NoteBodyEditor.tsx';

export function EmailSignatureCard({
  user,
  save,
}: {
  user: UserDto;
  save: { mutate(input: { emailSignature: string }): void; isPending: boolean; error: Error | null };
}) {
  const { t } = useTranslation();
  const [html, setHtml] = useState(user.emailSignature);
  const empty = !html.replace(/<[^>]*>/g, '').trim();
  const value = empty ? '' : html;
  return (
    <Card>
      <Stack gap="md">
        <div>
          <Title order={2} fz="h5">
            {t('conversations.signature.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('conversations.signature.help')}
          </Text>
        </div>
        <div data-testid="signature-editor">
          <NoteBodyEditor initialHtml={user.emailSignature} users={[]} onChange={(v) => setHtml(v)} />
        </div>
        {save.error && <ProblemAlert error={save.error} />}
        <Group justify="flex-end">
          <Button
            onClick={() => save.mutate({ emailSignature: value })}
            loading={save.isPending}
            disabled={value === user.emailSignature}
          >
            {t('conversations.signature.save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
