// A small "copy" button beside an email address or a number, for pasting it into another tool.
import { ActionIcon, CopyButton, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from '../../../../app/i18n.ts';

export function CopyValue({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation();
  return (
    <CopyButton value={value} timeout={1500}>
      {({ copied, copy }) => (
        <Tooltip
          label={copied ? t('contactPage.copy.copied') : t('contactPage.copy.copy', { what: label })}
          openDelay={200}
        >
          <ActionIcon
            size="xs"
            color={copied ? 'teal' : 'gray'}
            onClick={copy}
            aria-label={t('contactPage.copy.copyValue', { value })}
            style={{ flexShrink: 0 }}
          >
            {copied ? <IconCheck size={12} /> : <IconCopy size={12} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}
