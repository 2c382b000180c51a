// The create/edit dialog every settings list uses: its fields are data (text, select, colour, or a custom
// node), and it owns the rest — form state, client checks, the server's field errors in place, refetching what
// shows the result, the toast, Cancel and Submit. A page that needs to show something after saving (a new
// API key, a temporary password) passes `after`.
import { Button, Group, MultiSelect, Select, Stack, Text, TextInput } from '@mantine/core';
import { LazyModal } from '../../../components/LazyModal.tsx';
import type { ComboboxData, ModalProps } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from '../../../app/i18n.ts';
import { ProblemAlert } from '../../../components/ProblemAlert.tsx';
import { splitProblem, useFormState } from '../../../lib/forms.ts';
import { ColorChoice } from '../ColorChoice.tsx';

type Values = Record<string, unknown>;
type Form<V extends Values> = ReturnType<typeof useFormState<V>>;

/** What a custom field node gets: the form, and the message to show under it (client or server). */
export interface FieldContext<V extends Values> {
  form: Form<V>;
  values: V;
  error(name: keyof V & string): string | undefined;
}

interface Common<V extends Values> {
  /** Shown only while this holds (e.g. "Contact access" only for members). */
  when?(values: V): boolean;
}
interface Labelled<V extends Values> extends Common<V> {
  name: keyof V & string;
  label: string;
  description?: ReactNode | ((values: V) => ReactNode);
}
export type FormField<V extends Values> =
  | (Labelled<V> & {
      kind: 'text';
      placeholder?: string;
      maxLength?: number;
      type?: string;
      readOnly?: boolean;
      monospace?: boolean;
      autoComplete?: string;
      rightSection?(ctx: FieldContext<V>): ReactNode;
      /** The shown value when it is derived (a key from a label); typing stores it under `name`. */
      value?(values: V): string;
      onEdit?(value: string, ctx: FieldContext<V>): void;
    })
  | (Labelled<V> & {
      kind: 'select';
      data: ComboboxData | ((values: V) => ComboboxData);
      placeholder?: string;
      clearable?: boolean;
    })
  | (Labelled<V> & {
      kind: 'multiselect';
      data: ComboboxData;
      placeholder?: string;
      nothingFound?: string;
      onEdit?(value: string[], ctx: FieldContext<V>): void;
    })
  | (Labelled<V> & { kind: 'color' })
  | (Common<V> & {
      kind: 'node';
      /** The value it edits, so the server's message about it shows under it. */
      name?: keyof V & string;
      render(ctx: FieldContext<V>): ReactNode;
    });

export interface SettingsFormModalProps<V extends Values, S> {
  opened: boolean;
  onClose(): void;
  title: string;
  /** The form's accessible name ("New tag", "Edit tag"). */
  formLabel: string;
  /** Changes when another item is edited, so the form starts from its values. */
  itemKey: string;
  size?: ModalProps['size'];
  initial: V;
  fields: FormField<V>[];
  /** Client-side checks; a message per field that is wrong. */
  validate?(values: V): Partial<Record<keyof V & string, string | undefined>>;
  submit(values: V): Promise<S>;
  submitLabel: string;
  /** Problem codes that belong to a field (`name_taken` → `name`). */
  codeToField?: Partial<Record<string, keyof V & string>>;
  /** Queries that show the result, refetched before the dialog closes. */
  invalidate?: QueryKey[] | ((saved: S) => QueryKey[]);
  /** The toast after saving; none when it returns undefined. */
  saved?(saved: S): string | undefined;
  /** Shown in place of the form after saving (instead of closing), e.g. a secret shown once. */
  after?(saved: S, values: V, close: () => void): ReactNode | null;
  /** The dialog's title while `after` shows. */
  afterTitle?: string;
}

export function SettingsFormModal<V extends Values, S>(props: SettingsFormModalProps<V, S>) {
  const [done, setDone] = useState<{ saved: S; values: V } | null>(null);
  const close = () => {
    setDone(null);
    props.onClose();
  };
  const afterView = done && props.after?.(done.saved, done.values, close);
  return (
    <LazyModal
      opened={props.opened}
      onClose={close}
      title={<Text fw={600}>{afterView ? (props.afterTitle ?? props.title) : props.title}</Text>}
      size={props.size}
      // A secret shown once disappears with the dialog; a stray click outside must not lose it.
      closeOnClickOutside={!afterView}
    >
      {afterView ?? (
        <SettingsForm
          key={props.itemKey}
          {...props}
          onDone={(saved, values) => {
            if (props.after?.(saved, values, close)) setDone({ saved, values });
            else close();
          }}
          onCancel={close}
        />
      )}
    </LazyModal>
  );
}

function SettingsForm<V extends Values, S>({
  formLabel,
  initial,
  fields,
  validate,
  submit,
  submitLabel,
  codeToField,
  invalidate,
  saved: savedMessage,
  onDone,
  onCancel,
}: SettingsFormModalProps<V, S> & { onDone(saved: S, values: V): void; onCancel(): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: submit,
    onSuccess: async (saved, values) => {
      const keys = typeof invalidate === 'function' ? invalidate(saved) : (invalidate ?? []);
      await Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      const message = savedMessage?.(saved);
      if (message) notifications.show({ color: 'green', message });
      onDone(saved, values);
    },
  });
  const form = useFormState<V>(initial, () => mutation.reset());
  const names = fields.flatMap((f) => (f.name ? [f.name] : []));
  const problem = splitProblem(mutation.error, names, codeToField);
  const v = form.values;
  const ctx: FieldContext<V> = {
    form,
    values: v,
    error: (name) => (form.errors[name] as string | undefined) ?? problem.fields[name],
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errors = validate?.(v) ?? {};
    if (Object.values(errors).some(Boolean)) {
      form.setErrors(errors as Partial<Record<keyof V, string>>);
      return;
    }
    mutation.mutate(v);
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label={formLabel}>
      <Stack gap="md">
        {fields.map((field, index) =>
          field.when && !field.when(v) ? null : <FieldView key={index} field={field} ctx={ctx} first={index === 0} />,
        )}
        {problem.general && <ProblemAlert error={mutation.error} />}
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onCancel} disabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function FieldView<V extends Values>({
  field,
  ctx,
  first,
}: {
  field: FormField<V>;
  ctx: FieldContext<V>;
  first: boolean;
}) {
  if (field.kind === 'node') return <>{field.render(ctx)}</>;
  const { form, values } = ctx;
  const description = typeof field.description === 'function' ? field.description(values) : field.description;
  const common = { label: field.label, description, error: ctx.error(field.name) };
  switch (field.kind) {
    case 'text':
      return (
        <TextInput
          {...common}
          type={field.type}
          placeholder={field.placeholder}
          value={field.value ? field.value(values) : String(values[field.name] ?? '')}
          onChange={(e) => {
            const value = e.currentTarget.value;
            form.set(field.name)(value as V[keyof V & string]);
            field.onEdit?.(value, ctx);
          }}
          readOnly={field.readOnly}
          variant={field.readOnly ? 'filled' : undefined}
          maxLength={field.maxLength}
          autoComplete={field.autoComplete}
          styles={field.monospace ? { input: { fontFamily: 'var(--mantine-font-family-monospace)' } } : undefined}
          rightSectionWidth={field.rightSection ? 36 : undefined}
          rightSection={field.rightSection?.(ctx)}
          data-autofocus={first && !field.readOnly ? true : undefined}
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          data={typeof field.data === 'function' ? field.data(values) : field.data}
          placeholder={field.placeholder}
          value={(values[field.name] as string | null) ?? null}
          onChange={(value) => (field.clearable || value) && form.set(field.name)(value as V[keyof V & string])}
          allowDeselect={Boolean(field.clearable)}
          clearable={field.clearable}
        />
      );
    case 'multiselect': {
      const value = (values[field.name] as string[]) ?? [];
      return (
        <MultiSelect
          {...common}
          data={field.data}
          placeholder={value.length ? undefined : field.placeholder}
          value={value}
          onChange={(next) => {
            form.set(field.name)(next as V[keyof V & string]);
            field.onEdit?.(next, ctx);
          }}
          searchable
          clearable
          hidePickedOptions
          nothingFoundMessage={field.nothingFound}
        />
      );
    }
    case 'color':
      return (
        <ColorChoice
          label={field.label}
          value={String(values[field.name])}
          onChange={(value) => form.set(field.name)(value as V[keyof V & string])}
        />
      );
  }
}

/** Which item the dialog edits (none: a new one) and whether it is open. */
export function useFormDialog<T>() {
  const [item, setItem] = useState<T | undefined>(undefined);
  const [opened, setOpened] = useState(false);
  return {
    opened,
    item,
    open: (next?: T) => {
      setItem(next);
      setOpened(true);
    },
    close: () => setOpened(false),
  };
}
