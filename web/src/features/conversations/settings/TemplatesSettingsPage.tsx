// Message templates: reusable emails and texts with merge fields ({{contact.firstName}}, the owner's name, your
// signature); admins write them, everyone picks them in the composer.
import { Badge, Code, Text, Textarea } from '@mantine/core';
import { IconPencil, IconTemplate, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '../../../app/i18n.ts';
import { formatDate } from '../../../lib/format.ts';
import { useIsAdmin, useUserZone } from '../../auth/useSession.ts';
import { SettingsCollection } from '../../settings/collection/SettingsCollection.tsx';
import { SettingsFormModal, useFormDialog } from '../../settings/collection/SettingsFormModal.tsx';
import {
  createTemplate,
  deleteTemplate,
  templatesQuery,
  updateTemplate,
  type MessageTemplateDto,
} from '../conversations.api.ts';

export const MERGE_FIELDS = [
  '{{contact.firstName}}',
  '{{contact.lastName}}',
  '{{contact.displayName}}',
  '{{owner.name}}',
  '{{user.name}}',
  '{{user.signature}}',
];

export function TemplatesSettingsPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const zone = useUserZone();
  const templates = useQuery(templatesQuery);
  const dialog = useFormDialog<MessageTemplateDto>();
  return (
    <SettingsCollection
      title={t('settings.nav.templates')}
      description={t('conversations.templates.description')}
      query={templates}
      create={
        isAdmin
          ? {
              label: t('conversations.templates.new'),
              emptyLabel: t('conversations.templates.createFirst'),
              onClick: () => dialog.open(),
            }
          : undefined
      }
      empty={{
        icon: <IconTemplate size={26} stroke={1.6} />,
        title: t('conversations.templates.emptyTitle'),
        description: isAdmin ? t('conversations.templates.emptyText') : t('conversations.templates.emptyMember'),
      }}
      rowKey={(tpl) => tpl.id}
      rowName={(tpl) => tpl.name}
      rowTestId="template-row"
      columns={[
        {
          key: 'name',
          header: t('common.name'),
          fill: true,
          cell: (tpl) => (
            <div style={{ minWidth: 0 }}>
              <Text size="sm" fw={600} truncate="end">
                {tpl.name}
              </Text>
              <Text size="xs" c="dimmed" truncate="end">
                {tpl.subject ?? tpl.body.replace(/<[^>]*>/g, ' ').slice(0, 120)}
              </Text>
            </div>
          ),
        },
        {
          key: 'channel',
          header: t('conversations.templates.channel'),
          nowrap: true,
          cell: (tpl) => (
            <Badge variant="light" color="gray">
              {t(`conversations.composer.channels.${tpl.channel}`)}
            </Badge>
          ),
        },
        {
          key: 'updated',
          header: t('conversations.templates.updated'),
          visibleFrom: 'sm',
          nowrap: true,
          cell: (tpl) => (
            <Text size="sm" c="dimmed">
              {formatDate(tpl.updatedAt, zone)}
            </Text>
          ),
        },
      ]}
      actions={
        isAdmin
          ? (tpl) => [
              {
                label: t('conversations.templates.edit'),
                icon: <IconPencil size={16} />,
                onClick: (row) => dialog.open(row),
              },
              {
                label: t('conversations.templates.delete'),
                icon: <IconTrash size={16} />,
                color: 'red',
                confirm: () => ({
                  title: t('conversations.templates.deleteTitle', { name: tpl.name }),
                  body: t('conversations.templates.deleteText'),
                  confirmLabel: t('conversations.templates.delete'),
                  danger: true,
                  run: () => deleteTemplate(tpl.id),
                  invalidate: [['message-templates']],
                  done: t('conversations.templates.deleted', { name: tpl.name }),
                }),
              },
            ]
          : undefined
      }
    >
      <TemplateFormModal opened={dialog.opened} onClose={dialog.close} template={dialog.item} />
    </SettingsCollection>
  );
}

function TemplateFormModal({
  opened,
  onClose,
  template,
}: {
  opened: boolean;
  onClose(): void;
  template?: MessageTemplateDto;
}) {
  const { t } = useTranslation();
  return (
    <SettingsFormModal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={template ? t('settings.editNamed', { name: template.name }) : t('conversations.templates.new')}
      formLabel={template ? t('conversations.templates.edit') : t('conversations.templates.new')}
      itemKey={template?.id ?? 'new'}
      initial={{
        name: template?.name ?? '',
        channel: template?.channel ?? 'email',
        subject: template?.subject ?? '',
        body: template?.body ?? '',
      }}
      fields={[
        { kind: 'text', name: 'name', label: t('common.name'), maxLength: 120 },
        {
          kind: 'select',
          name: 'channel',
          label: t('conversations.templates.channel'),
          data: (['email', 'sms', 'whatsapp'] as const).map((c) => ({
            value: c,
            label: t(`conversations.composer.channels.${c}`),
          })),
        },
        {
          kind: 'text',
          name: 'subject',
          label: t('conversations.composer.subject'),
          maxLength: 998,
          when: (v) => v.channel === 'email',
        },
        {
          kind: 'node',
          name: 'body',
          render: ({ values, form, error }) => (
            <Textarea
              label={t('conversations.templates.body')}
              description={
                <>
                  {t('conversations.templates.mergeHelp')}{' '}
                  {MERGE_FIELDS.map((f) => (
                    <Code key={f} mr={4}>
                      {f}
                    </Code>
                  ))}
                </>
              }
              value={values.body}
              onChange={(e) => form.set('body')(e.currentTarget.value)}
              error={error('body')}
              autosize
              minRows={6}
              maxRows={16}
            />
          ),
        },
      ]}
      validate={(v) => ({
        name: v.name.trim() ? undefined : t('conversations.templates.nameIt'),
        body: v.body.trim() ? undefined : t('conversations.templates.writeIt'),
      })}
      submit={(v) => {
        const input = {
          name: v.name.trim(),
          channel: v.channel,
          subject: v.channel === 'email' ? v.subject.trim() || null : null,
          body: v.body,
        };
        return template ? updateTemplate(template.id, input) : createTemplate(input);
      }}
      invalidate={[['message-templates']]}
      saved={(saved) => t('conversations.templates.saved', { name: saved.name })}
      submitLabel={template ? t('settings.saveChanges') : t('conversations.templates.create')}
    />
  );
}
