// One of a contact's collections (emails, phones, locations — relations and documents next) as a section of the
// left panel: a row per item with its actions menu (edit, make primary, the collection's own actions, remove), the
// same form to add and to edit in place, and the server's refusals shown where they happened. A collection says
// only what differs: how a row looks, the form's fields, when a draft is ready, and the calls that save it.
import { ActionIcon, Button, Group, Menu, Tooltip } from '@mantine/core';
import { IconDots, IconPencil, IconStar, IconStarFilled, IconTrash, type TablerIcon } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from '../../../../app/i18n.ts';
import { useContactPage } from '../ContactContext.tsx';
import { AddInPlace, escapeCancels } from './AddInPlace.tsx';
import { FieldProblem } from './FieldProblem.tsx';
import classes from './Items.module.css';
import type { SectionDef } from './Section.tsx';
import { useRowAction } from './useRowAction.ts';
import { LazyMenu } from '../../../../components/LazyMenu.tsx';

export type RowAction = ReturnType<typeof useRowAction>;

/** What a form's fields get: the draft, a setter that also clears a shown refusal, and whether it was refused. */
export interface DraftFields<Draft> {
  draft: Draft;
  set(patch: Partial<Draft>): void;
  refused: boolean;
}

export interface Collection<Item extends { id: string; isPrimary: boolean }, Draft> {
  /** Section id and test ids: `${id}s` for the section, `${id}-row` and `${id}-form`. */
  id: string;
  title: string;
  icon: TablerIcon;
  items: Item[];
  /** Words of this collection: the empty note, the add button, the menu entries. */
  texts: { empty: string; add: string; addSubmit: string; edit: string; remove: string };
  /** The item's name in the actions menu's label and the search box. */
  name(item: Item): string;
  searchText(item: Item): string;
  /** The row's content; `action` runs one-click changes with their refusal shown beneath. */
  Row(props: { item: Item; action: RowAction }): ReactNode;
  /** More entries for an item's menu (verification, re-check…), after "Make primary". */
  menuItems?(item: Item, action: RowAction): ReactNode;
  Fields(props: DraftFields<Draft>): ReactNode;
  blank(): Draft;
  draftOf(item: Item): Draft;
  ready(draft: Draft): boolean;
  add(draft: Draft): Promise<unknown>;
  update(item: Item, draft: Draft): Promise<unknown>;
  makePrimary(item: Item): Promise<unknown>;
  remove(item: Item): Promise<unknown>;
}

/** The star beside a primary item. */
export function PrimaryMark({ label }: { label: string }) {
  const { t } = useTranslation();
  return (
    <Tooltip label={label}>
      <IconStarFilled size={13} className={classes.primary} aria-label={t('contactPage.items.primary')} role="img" />
    </Tooltip>
  );
}

function ItemForm<Draft>({
  id,
  Fields,
  initial,
  ready,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  id: string;
  Fields: (props: DraftFields<Draft>) => ReactNode;
  initial: Draft;
  ready(draft: Draft): boolean;
  submitLabel: string;
  onSubmit(draft: Draft): Promise<unknown>;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const { reload } = useContactPage();
  const [draft, setDraft] = useState(initial);
  const save = useRowAction();
  const canSave = ready(draft);
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (canSave) await save.run(() => onSubmit(draft));
  };
  // Escape cancels; Ctrl/Cmd+Enter saves from a multi-line field too.
  const onKeyDown = escapeCancels(onCancel, (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    }
  });
  return (
    <form onSubmit={submit} onKeyDown={onKeyDown} className={classes.form} data-testid={`${id}-form`}>
      <Fields
        draft={draft}
        refused={Boolean(save.error)}
        set={(patch) => {
          setDraft((prev) => ({ ...prev, ...patch }));
          save.clear();
        }}
      />
      <FieldProblem
        error={save.error}
        onReload={async () => {
          await reload();
          onCancel();
        }}
      />
      <Group gap={6} mt={8}>
        <Button type="submit" size="compact-xs" loading={save.pending} disabled={!canSave}>
          {submitLabel}
        </Button>
        <Button size="compact-xs" variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </Group>
    </form>
  );
}

export function CollectionRow<Item extends { id: string; isPrimary: boolean }, Draft>({
  collection: c,
  item,
}: {
  collection: Collection<Item, Draft>;
  item: Item;
}) {
  const { t } = useTranslation();
  const { editable, reload } = useContactPage();
  const action = useRowAction();
  const [editing, setEditing] = useState(false);

  if (editing) {
    return (
      <ItemForm
        id={c.id}
        Fields={c.Fields}
        initial={c.draftOf(item)}
        ready={c.ready}
        submitLabel={t('common.save')}
        onCancel={() => setEditing(false)}
        onSubmit={async (draft) => {
          await c.update(item, draft);
          setEditing(false);
        }}
      />
    );
  }
  const Row = c.Row;
  return (
    <div className={classes.item} data-testid={`${c.id}-row`}>
      <div className={classes.main}>
        <Row item={item} action={action} />
        <FieldProblem
          error={action.error}
          onReload={async () => {
            await reload();
            action.clear();
          }}
        />
      </div>
      {editable && (
        <LazyMenu
          position="bottom-end"
          withinPortal
          target={
            <ActionIcon
              size="sm"
              aria-label={t('contactPage.items.actionsFor', { name: c.name(item) })}
              loading={action.pending}
            >
              <IconDots size={16} />
            </ActionIcon>
          }
        >
          <Menu.Item leftSection={<IconPencil size={15} />} onClick={() => setEditing(true)}>
            {c.texts.edit}
          </Menu.Item>
          {!item.isPrimary && (
            <Menu.Item leftSection={<IconStar size={15} />} onClick={() => action.run(() => c.makePrimary(item))}>
              {t('contactPage.items.makePrimary')}
            </Menu.Item>
          )}
          {c.menuItems?.(item, action)}
          <Menu.Divider />
          <Menu.Item color="red" leftSection={<IconTrash size={15} />} onClick={() => action.run(() => c.remove(item))}>
            {c.texts.remove}
          </Menu.Item>
        </LazyMenu>
      )}
    </div>
  );
}

/** The collection as a section of the left panel. */
export function collectionSection<Item extends { id: string; isPrimary: boolean }, Draft>(
  c: Collection<Item, Draft>,
): SectionDef {
  return {
    id: `${c.id}s`,
    title: c.title,
    icon: c.icon,
    count: c.items.length,
    emptyNote: c.texts.empty,
    rows: c.items.map((item) => ({
      id: item.id,
      label: c.searchText(item),
      empty: false,
      node: <CollectionRow collection={c} item={item} />,
    })),
    footer: (
      <AddInPlace label={c.texts.add}>
        {(close) => (
          <ItemForm
            id={c.id}
            Fields={c.Fields}
            initial={c.blank()}
            ready={c.ready}
            submitLabel={c.texts.addSubmit}
            onCancel={close}
            onSubmit={async (draft) => {
              await c.add(draft);
              close();
            }}
          />
        )}
      </AddInPlace>
    ),
  };
}
