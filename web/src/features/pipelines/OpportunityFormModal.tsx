// Creating or editing an opportunity: name, contact (preset from a contact page), pipeline and stage,
// value and currency, owner, expected close, likelihood, source, the workspace's opportunity custom fields and notes.
import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { LazyModal } from '../../components/LazyModal.tsx';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { ApiError } from '../../lib/api.ts';
import { ContactSelect, UserSelect, type ContactRef } from '../calendar/pickers.tsx';
import {
  CustomFieldInputs,
  customFieldError,
  useCustomDrafts,
  useOpportunityFields,
} from './OpportunityCustomFields.tsx';
import {
  afterOpportunityChange,
  createOpportunity,
  pipelinesQuery,
  updateOpportunity,
  type OpportunityDto,
} from './pipelines.api.ts';

export function OpportunityFormModal({
  opened,
  onClose,
  opportunity,
  contact,
  pipelineId,
}: {
  opened: boolean;
  onClose(): void;
  /** Editing this one; creating when absent. */
  opportunity?: OpportunityDto;
  /** The contact a new deal is for (fixed when given). */
  contact?: ContactRef;
  pipelineId?: string;
}) {
  const { t } = useTranslation();
  return (
    <LazyModal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={opportunity ? t('pipelines.form.editTitle') : t('pipelines.form.newTitle')}
    >
      {opened && (
        <OpportunityForm onClose={onClose} opportunity={opportunity} contact={contact} pipelineId={pipelineId} />
      )}
    </LazyModal>
  );
}

function OpportunityForm({
  onClose,
  opportunity,
  contact: fixedContact,
  pipelineId: initialPipeline,
}: {
  onClose(): void;
  opportunity?: OpportunityDto;
  contact?: ContactRef;
  pipelineId?: string;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const pipelines = useQuery(pipelinesQuery);
  const [name, setName] = useState(opportunity?.name ?? '');
  const [contact, setContact] = useState<ContactRef | null>(
    opportunity ? { id: opportunity.contact.id, displayName: opportunity.contact.displayName } : (fixedContact ?? null),
  );
  const [pipelineId, setPipelineId] = useState<string | null>(
    opportunity?.pipelineId ?? initialPipeline ?? pipelines.data?.[0]?.id ?? null,
  );
  const pipeline = pipelines.data?.find((p) => p.id === (pipelineId ?? pipelines.data?.[0]?.id));
  const [stageId, setStageId] = useState<string | null>(opportunity?.stageId ?? null);
  const stage = pipeline?.stages.find((s) => s.id === stageId) ?? pipeline?.stages[0];
  const [value, setValue] = useState<number | string>(opportunity?.value ?? '');
  const [currency, setCurrency] = useState(opportunity?.currency ?? '');
  const [ownerId, setOwnerId] = useState<string | null>(opportunity?.owner.id ?? null);
  const [closeDate, setCloseDate] = useState(opportunity?.expectedCloseDate ?? '');
  const [likelihood, setLikelihood] = useState<number | string>(opportunity?.likelihood ?? '');
  const [source, setSource] = useState(opportunity?.source ?? '');
  const [notes, setNotes] = useState(opportunity?.notes ?? '');
  const [others, setOthers] = useState<{ key: number; contact: ContactRef | null; role: string }[]>(
    (opportunity?.contacts ?? []).map((c, key) => ({ key, contact: c.contact, role: c.role ?? '' })),
  );
  const customFields = useOpportunityFields();
  const customDrafts = useCustomDrafts(customFields, opportunity?.custom);
  const changeOther = (key: number, change: Partial<{ contact: ContactRef | null; role: string }>) =>
    setOthers((list) => list.map((o) => (o.key === key ? { ...o, ...change } : o)));

  const save = useMutation({
    mutationFn: async () => {
      const common = {
        name: name.trim(),
        value: value === '' ? 0 : Number(value),
        ...(currency.trim() ? { currency: currency.trim() } : {}),
        ...(pipeline ? { pipelineId: pipeline.id } : {}),
        ...(stage ? { stageId: stage.id } : {}),
        ...(ownerId ? { ownerId } : {}),
        expectedCloseDate: closeDate || null,
        likelihood: likelihood === '' ? null : Number(likelihood),
        source: source.trim() || null,
        notes: notes.trim() || null,
        contacts: others.flatMap((o) => (o.contact ? [{ contactId: o.contact.id, role: o.role.trim() || null }] : [])),
        custom: customDrafts.payload(opportunity ? 'update' : 'create'),
      };
      return opportunity
        ? updateOpportunity(opportunity, common)
        : createOpportunity({ ...common, contactId: contact!.id });
    },
    onSuccess: async (saved) => {
      await afterOpportunityChange(queryClient, [saved.contact.id]);
      onClose();
    },
  });
  const fieldErrors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const customErrors = customFieldError(save.error, customFields);

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="md">
        <TextInput
          label={t('pipelines.form.name')}
          placeholder={t('pipelines.form.namePlaceholder')}
          required
          data-autofocus
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldErrors.name}
        />
        {fixedContact || opportunity ? (
          <TextInput label={t('pipelines.form.contact')} value={contact?.displayName ?? ''} readOnly variant="filled" />
        ) : (
          <ContactSelect label={t('pipelines.form.contact')} required value={contact} onChange={setContact} />
        )}
        <SimpleGrid cols={2}>
          <Select
            label={t('pipelines.form.pipeline')}
            data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            value={pipeline?.id ?? null}
            onChange={(v) => {
              setPipelineId(v);
              setStageId(null);
            }}
            allowDeselect={false}
          />
          <Select
            label={t('pipelines.form.stage')}
            data={(pipeline?.stages ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={stage?.id ?? null}
            onChange={setStageId}
            allowDeselect={false}
          />
          <NumberInput
            label={t('pipelines.form.value')}
            min={0}
            thousandSeparator
            value={value}
            onChange={setValue}
            error={fieldErrors.value}
          />
          <TextInput
            label={t('pipelines.form.currency')}
            placeholder={t('pipelines.form.currencyPlaceholder')}
            maxLength={3}
            value={currency}
            onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
            error={fieldErrors.currency}
          />
          <UserSelect
            label={t('pipelines.form.owner')}
            placeholder={t('pipelines.form.ownerPlaceholder')}
            value={ownerId}
            onChange={setOwnerId}
            clearable
          />
          <TextInput
            label={t('pipelines.form.closeDate')}
            type="date"
            value={closeDate}
            onChange={(e) => setCloseDate(e.currentTarget.value)}
          />
          <NumberInput
            label={t('pipelines.form.likelihood')}
            placeholder={stage ? t('pipelines.form.likelihoodPlaceholder', { percent: stage.probability }) : undefined}
            min={0}
            max={100}
            suffix=" %"
            value={likelihood}
            onChange={setLikelihood}
          />
          <TextInput
            label={t('pipelines.form.source')}
            value={source}
            onChange={(e) => setSource(e.currentTarget.value)}
          />
        </SimpleGrid>
        {customFields.length > 0 && (
          <SimpleGrid cols={2} data-testid="opportunity-custom-fields">
            <CustomFieldInputs fields={customFields} drafts={customDrafts} errors={customErrors} />
          </SimpleGrid>
        )}
        <Textarea
          label={t('pipelines.form.notes')}
          rows={3}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
        />
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            {t('pipelines.form.otherContacts')}
          </Text>
          {others.length === 0 && (
            <Text size="xs" c="dimmed">
              {t('pipelines.form.otherContactsEmpty')}
            </Text>
          )}
          {others.map((o, i) => (
            <Group key={o.key} gap="xs" wrap="nowrap" align="flex-end" data-testid="other-contact">
              <ContactSelect
                style={{ flex: 2 }}
                aria-label={t('pipelines.form.otherContact', { n: i + 1 })}
                value={o.contact}
                onChange={(contact) => changeOther(o.key, { contact })}
              />
              <TextInput
                style={{ flex: 1 }}
                aria-label={t('pipelines.form.role', { n: i + 1 })}
                placeholder={t('pipelines.form.rolePlaceholder')}
                value={o.role}
                onChange={(e) => changeOther(o.key, { role: e.currentTarget.value })}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                size="lg"
                aria-label={t('pipelines.form.removeContact', { n: i + 1 })}
                onClick={() => setOthers((list) => list.filter((x) => x.key !== o.key))}
              >
                <IconX size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() =>
                setOthers((list) => [
                  ...list,
                  { key: Math.max(0, ...list.map((o) => o.key + 1)), contact: null, role: '' },
                ])
              }
            >
              {t('pipelines.form.addContact')}
            </Button>
          </Group>
        </Stack>
        {save.error && Object.keys(customErrors).length === 0 && <ProblemAlert error={save.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('pipelines.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!name.trim() || !contact}>
            {opportunity ? t('pipelines.form.save') : t('pipelines.form.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
