// Public links (website, LinkedIn…): a list of label + address, edited as a whole in place.
import { ActionIcon, Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconExternalLink, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from '../../../../app/i18n.ts';
import { escapeCancels } from './AddInPlace.tsx';
import { useContactActions } from '../../contact.api.ts';
import { useContactPage } from '../ContactContext.tsx';
import classes from './Field.module.css';
import { FieldProblem } from './FieldProblem.tsx';

interface Link {
  label: string;
  url: string;
}

/** A label for a pasted address: "linkedin.com" for https://www.linkedin.com/in/…. */
function labelFor(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

export function PublicLinksField() {
  const { t } = useTranslation();
  const { contact, editable, reload } = useContactPage();
  const actions = useContactActions(contact.id);
  const [draft, setDraft] = useState<Link[] | null>(null);
  const [version, setVersion] = useState(contact.version);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const start = () => {
    setDraft(contact.publicLinks.length ? contact.publicLinks.map((l) => ({ ...l })) : [{ label: '', url: '' }]);
    setVersion(contact.version);
    setError(null);
  };
  const cancel = () => {
    setDraft(null);
    setError(null);
  };
  const save = async () => {
    if (!draft) return;
    const links = draft
      .map((l) => ({ label: l.label.trim() || labelFor(l.url.trim()), url: l.url.trim() }))
      .filter((l) => l.url || l.label);
    setSaving(true);
    setError(null);
    try {
      await actions.update(version, { publicLinks: links });
      setDraft(null);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };
  const onKeyDown = escapeCancels(cancel, (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void save();
    }
  });
  const change = (i: number, patch: Partial<Link>) =>
    setDraft((d) => d && d.map((l, j) => (j === i ? { ...l, ...patch } : l)));

  return (
    <div className={classes.row} data-testid="field-publicLinks" data-editing={draft ? true : undefined}>
      <Text className={classes.label} size="sm" c="dimmed">
        {t('contactPage.fields.publicLinks')}
      </Text>
      <div className={classes.value}>
        {draft ? (
          <Stack gap={6} onKeyDown={onKeyDown}>
            {draft.map((link, i) => (
              <Group key={i} gap={4} wrap="nowrap" align="flex-start">
                <TextInput
                  size="xs"
                  w={96}
                  aria-label={t('contactPage.links.label', { n: i + 1 })}
                  placeholder="LinkedIn"
                  value={link.label}
                  onChange={(e) => change(i, { label: e.currentTarget.value })}
                />
                <TextInput
                  size="xs"
                  style={{ flex: 1 }}
                  aria-label={t('contactPage.links.address', { n: i + 1 })}
                  placeholder="https://…"
                  type="url"
                  autoFocus={i === draft.length - 1}
                  value={link.url}
                  onChange={(e) => change(i, { url: e.currentTarget.value })}
                />
                <ActionIcon
                  size="md"
                  aria-label={t('contactPage.links.remove', { n: i + 1 })}
                  onClick={() => setDraft((d) => d && d.filter((_, j) => j !== i))}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              </Group>
            ))}
            <Group gap={6}>
              <Button size="compact-xs" onClick={() => void save()} loading={saving}>
                {t('common.save')}
              </Button>
              <Button size="compact-xs" variant="default" onClick={cancel}>
                {t('common.cancel')}
              </Button>
              <Button
                size="compact-xs"
                variant="subtle"
                leftSection={<IconPlus size={12} />}
                onClick={() => setDraft((d) => [...(d ?? []), { label: '', url: '' }])}
                disabled={draft.length >= 20}
              >
                {t('contactPage.links.add')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Group gap={4} wrap="nowrap" align="flex-start" className={classes.linked}>
            <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
              {contact.publicLinks.length === 0 ? (
                <Text size="sm" c="dimmed">
                  —
                </Text>
              ) : (
                contact.publicLinks.map((l) => (
                  <Anchor
                    key={`${l.label}${l.url}`}
                    href={l.url}
                    target="_blank"
                    rel="noopener noreferrer"
                    size="sm"
                    title={l.url}
                    style={{ display: 'inline-flex', alignItems: 'center', gap: 4, overflowWrap: 'anywhere' }}
                  >
                    {l.label || labelFor(l.url)}
                    <IconExternalLink size={12} style={{ flex: 'none' }} aria-hidden />
                  </Anchor>
                ))
              )}
            </Stack>
            {editable && (
              <ActionIcon
                size="sm"
                onClick={start}
                aria-label={t('contactPage.links.edit')}
                className={classes.pencilButton}
              >
                <IconPencil size={14} />
              </ActionIcon>
            )}
          </Group>
        )}
        <FieldProblem
          error={error}
          onReload={async () => {
            await reload();
            cancel();
          }}
        />
      </div>
    </div>
  );
}
