// Create an API key; its secret is shown here once and never again.
import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from '../../app/i18n.ts';
import { SettingsFormModal } from './collection/SettingsFormModal.tsx';
import { apiKeysQuery, createApiKey, type CreatedApiKeyDto } from './settings.api.ts';

export function CreateApiKeyModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <SettingsFormModal<{ name: string; role: 'admin' | 'member' }, CreatedApiKeyDto>
      opened={opened}
      onClose={onClose}
      size="lg"
      title={t('settings.apiKeys.createTitle')}
      afterTitle={t('settings.apiKeys.yourNewKey')}
      formLabel={t('settings.apiKeys.create')}
      itemKey="new"
      initial={{ name: '', role: 'admin' }}
      fields={[
        {
          kind: 'text',
          name: 'name',
          label: t('common.name'),
          description: t('settings.apiKeys.nameHelp'),
          placeholder: t('settings.apiKeys.namePlaceholder'),
          maxLength: 80,
        },
        {
          kind: 'select',
          name: 'role',
          label: t('settings.apiKeys.actsAs'),
          description: t('settings.apiKeys.actsAsHelp'),
          data: [
            { value: 'admin', label: t('settings.apiKeys.actsAsAdmin') },
            { value: 'member', label: t('settings.apiKeys.actsAsMember') },
          ],
        },
      ]}
      validate={(v) => ({ name: v.name.trim() ? undefined : t('settings.apiKeys.nameIt') })}
      submit={createApiKey}
      invalidate={[apiKeysQuery.queryKey]}
      submitLabel={t('settings.apiKeys.createKey')}
      after={(created, _v, close) => <CreatedKey apiKey={created} onDone={close} />}
    />
  );
}

function CreatedKey({ apiKey, onDone }: { apiKey: CreatedApiKeyDto; onDone(): void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Alert
        color="yellow"
        variant="light"
        icon={<IconAlertTriangle size={18} />}
        title={t('settings.apiKeys.copyNow')}
      >
        {t('settings.apiKeys.copyNowText')}
      </Alert>
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          {apiKey.name}
        </Text>
        <Code block data-testid="api-key-secret" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} fz="sm">
          {apiKey.key}
        </Code>
      </Stack>
      <Group justify="flex-end" gap="sm">
        <CopyButton value={apiKey.key}>
          {({ copied, copy }) => (
            <Button
              variant={copied ? 'light' : 'default'}
              color={copied ? 'teal' : undefined}
              leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              onClick={copy}
            >
              {copied ? t('common.copied') : t('settings.apiKeys.copyKey')}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onDone}>{t('settings.done')}</Button>
      </Group>
    </Stack>
  );
}
