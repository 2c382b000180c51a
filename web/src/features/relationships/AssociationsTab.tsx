// The contact page's Associations tab. A person: the businesses they work for (role, primary star, the business
// details they use by reference) and their relations. A business: its contact persons, a page at a time, with
// "Add person" and "Link existing", and its relations.
import { ActionIcon, Badge, Button, Group, Menu, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import {
  IconAt,
  IconBuildingSkyscraper,
  IconDots,
  IconLink,
  IconMapPin,
  IconPencil,
  IconPhone,
  IconPlus,
  IconStarFilled,
  IconTrash,
  IconUserPlus,
  IconUsers,
} from '@tabler/icons-react';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import type { ContactProfileDto as ContactProfile } from '@dossier/contract';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { AnchorLink } from '../../components/links.tsx';
import { LoadError, LoadingRows } from '../../components/QueryStatus.tsx';
import { AddPersonModal, AddRelationModal, EditLinkModal, LinkExistingModal } from './AssociationModals.tsx';
import {
  afterAssociationChange,
  businessesQuery,
  linkWrites,
  personsQuery,
  relationsQuery,
  relationWrites,
  type ContactLinkDto,
  type ContactRelationDto,
} from './relationships.api.ts';

type Dialog = 'link' | 'person' | 'relation' | null;

export function AssociationsTab({ contact }: { contact: ContactProfile }) {
  const { t } = useTranslation();
  const readOnly = contact.archivedAt !== null;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [editing, setEditing] = useState<ContactLinkDto | null>(null);
  const isBusiness = contact.kind === 'business';
  return (
    <Stack gap="xl" py="md">
      {readOnly && (
        <Text size="sm" c="dimmed">
          {t('relationships.archived')}
        </Text>
      )}
      <Section
        title={isBusiness ? t('relationships.contactPersons') : t('relationships.businesses')}
        actions={
          !readOnly &&
          (isBusiness ? (
            <>
              <Button
                size="xs"
                variant="default"
                leftSection={<IconLink size={14} />}
                onClick={() => setDialog('link')}
              >
                {t('relationships.linkExisting')}
              </Button>
              <Button size="xs" leftSection={<IconUserPlus size={14} />} onClick={() => setDialog('person')}>
                {t('relationships.addPerson')}
              </Button>
            </>
          ) : (
            <Button size="xs" variant="default" leftSection={<IconLink size={14} />} onClick={() => setDialog('link')}>
              {t('relationships.linkBusiness')}
            </Button>
          ))
        }
      >
        {isBusiness ? (
          <PersonsList contact={contact} readOnly={readOnly} onEdit={setEditing} />
        ) : (
          <BusinessesList contact={contact} readOnly={readOnly} onEdit={setEditing} />
        )}
      </Section>
      <Section
        title={t('relationships.relations')}
        actions={
          !readOnly && (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPlus size={14} />}
              onClick={() => setDialog('relation')}
            >
              {t('relationships.addRelation')}
            </Button>
          )
        }
      >
        <RelationsList contact={contact} readOnly={readOnly} />
      </Section>
      <LinkExistingModal
        opened={dialog === 'link'}
        onClose={() => setDialog(null)}
        contactId={contact.id}
        kind={contact.kind}
      />
      <AddPersonModal opened={dialog === 'person'} onClose={() => setDialog(null)} contactId={contact.id} />
      <AddRelationModal
        opened={dialog === 'relation'}
        onClose={() => setDialog(null)}
        contactId={contact.id}
        name={contact.displayName}
      />
      <EditLinkModal onClose={() => setEditing(null)} contactId={contact.id} link={editing} />
    </Stack>
  );
}

function Section({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="xs">
        <Title order={4} fw={600} style={{ whiteSpace: 'nowrap' }}>
          {title}
        </Title>
        {actions && (
          <Group gap="xs" wrap="nowrap">
            {actions}
          </Group>
        )}
      </Group>
      {children}
    </Stack>
  );
}

function Empty({ icon, title, text }: { icon: ReactNode; title: string; text: string }) {
  return (
    <Paper withBorder p="lg" radius="md">
      <Group gap="md" wrap="nowrap" align="flex-start">
        <Text c="dimmed">{icon}</Text>
        <Stack gap={2}>
          <Text fw={500} size="sm">
            {title}
          </Text>
          <Text size="sm" c="dimmed">
            {text}
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}

function ContactName({ id, name }: { id: string; name: string }) {
  return (
    <AnchorLink to="/contacts/$contactId" params={{ contactId: id }} fw={600} size="sm">
      {name}
    </AnchorLink>
  );
}

/** The business's emails, phones and locations the person uses as theirs (read-only: they follow the business). */
export function ReferencedDetails({ link }: { link: ContactLinkDto }) {
  const { emails, phones, locations } = link.references;
  if (!emails.length && !phones.length && !locations.length) return null;
  return (
    <Group gap={6}>
      {emails.map((e) => (
        <Badge key={e.id} variant="light" color="gray" tt="none" fw={500} leftSection={<IconAt size={12} />}>
          {e.email}
        </Badge>
      ))}
      {phones.map((p) => (
        <Badge key={p.id} variant="light" color="gray" tt="none" fw={500} leftSection={<IconPhone size={12} />}>
          {p.international}
        </Badge>
      ))}
      {locations.map((l) => (
        <Badge key={l.id} variant="light" color="gray" tt="none" fw={500} leftSection={<IconMapPin size={12} />}>
          {l.label}: {l.address}
        </Badge>
      ))}
    </Group>
  );
}

function LinkRow({
  contact,
  link,
  readOnly,
  onEdit,
}: {
  contact: ContactProfile;
  link: ContactLinkDto;
  readOnly: boolean;
  onEdit(link: ContactLinkDto): void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState(false);
  const other = contact.kind === 'business' ? link.person : link.business;
  return (
    <Paper withBorder p="sm" radius="md" data-testid="link-row">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={4} miw={0}>
          <Group gap={6} wrap="nowrap">
            <ContactName id={other.id} name={other.displayName} />
            {link.isPrimary && (
              <Tooltip label={t('relationships.primaryTooltip', { person: link.person.displayName })}>
                <IconStarFilled
                  size={14}
                  color="var(--mantine-color-yellow-5)"
                  aria-label={t('relationships.primary')}
                />
              </Tooltip>
            )}
          </Group>
          <Text size="sm" c={link.role ? undefined : 'dimmed'}>
            {link.role ?? t('relationships.noRole')}
          </Text>
          {link.note && (
            <Text size="xs" c="dimmed">
              {link.note}
            </Text>
          )}
          <ReferencedDetails link={link} />
        </Stack>
        {!readOnly && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t('relationships.actionsFor', { name: other.displayName })}
              >
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => onEdit(link)}>
                {t('relationships.edit')}
              </Menu.Item>
              <Menu.Item leftSection={<IconTrash size={14} />} color="red" onClick={() => setConfirm(true)}>
                {t('relationships.unlink')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <ConfirmDialog
        opened={confirm}
        onClose={() => setConfirm(false)}
        title={t('relationships.unlinkTitle')}
        confirmLabel={t('relationships.unlink')}
        danger
        onConfirm={async () => {
          await linkWrites(contact.id).remove(link.id);
          await afterAssociationChange(queryClient, [link.person.id, link.business.id]);
        }}
      >
        {t('relationships.unlinkText', { person: link.person.displayName, business: link.business.displayName })}
      </ConfirmDialog>
    </Paper>
  );
}

function BusinessesList({
  contact,
  readOnly,
  onEdit,
}: {
  contact: ContactProfile;
  readOnly: boolean;
  onEdit(link: ContactLinkDto): void;
}) {
  const { t } = useTranslation();
  const links = useQuery(businessesQuery(contact.id));
  if (links.isPending) return <LoadingRows />;
  if (links.isError) return <LoadError error={links.error} onRetry={() => links.refetch()} />;
  if (!links.data.length)
    return (
      <Empty
        icon={<IconBuildingSkyscraper size={22} />}
        title={t('relationships.noBusinesses')}
        text={t('relationships.noBusinessesText')}
      />
    );
  return (
    <Stack gap="xs">
      {links.data.map((link) => (
        <LinkRow key={link.id} contact={contact} link={link} readOnly={readOnly} onEdit={onEdit} />
      ))}
    </Stack>
  );
}

function PersonsList({
  contact,
  readOnly,
  onEdit,
}: {
  contact: ContactProfile;
  readOnly: boolean;
  onEdit(link: ContactLinkDto): void;
}) {
  const { t } = useTranslation();
  const persons = useInfiniteQuery(personsQuery(contact.id));
  if (persons.isPending) return <LoadingRows />;
  if (persons.isError) return <LoadError error={persons.error} onRetry={() => persons.refetch()} />;
  const links = persons.data.pages.flatMap((p) => p.data);
  const total = persons.data.pages[0]?.total ?? 0;
  if (!links.length)
    return (
      <Empty
        icon={<IconUsers size={22} />}
        title={t('relationships.noPersons')}
        text={t('relationships.noPersonsText')}
      />
    );
  return (
    <Stack gap="xs">
      <Text size="xs" c="dimmed">
        {t('relationships.personsShown', { shown: links.length, count: total })}
      </Text>
      {links.map((link) => (
        <LinkRow key={link.id} contact={contact} link={link} readOnly={readOnly} onEdit={onEdit} />
      ))}
      {persons.hasNextPage && (
        <Button variant="subtle" onClick={() => persons.fetchNextPage()} loading={persons.isFetchingNextPage}>
          {t('relationships.showMorePersons')}
        </Button>
      )}
    </Stack>
  );
}

function RelationsList({ contact, readOnly }: { contact: ContactProfile; readOnly: boolean }) {
  const { t } = useTranslation();
  const relations = useQuery(relationsQuery(contact.id));
  if (relations.isPending) return <LoadingRows />;
  if (relations.isError) return <LoadError error={relations.error} onRetry={() => relations.refetch()} />;
  if (!relations.data.length)
    return (
      <Empty
        icon={<IconLink size={22} />}
        title={t('relationships.noRelations')}
        text={t('relationships.noRelationsText')}
      />
    );
  return (
    <Stack gap="xs">
      {relations.data.map((r) => (
        <RelationRow key={r.id} contact={contact} relation={r} readOnly={readOnly} />
      ))}
    </Stack>
  );
}

function RelationRow({
  contact,
  relation,
  readOnly,
}: {
  contact: ContactProfile;
  relation: ContactRelationDto;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState(false);
  return (
    <Paper withBorder p="sm" radius="md" data-testid="relation-row">
      <Group justify="space-between" wrap="nowrap">
        <Stack gap={2} miw={0}>
          <Group gap={6} wrap="nowrap">
            <Badge variant="light" tt="none" fw={500}>
              {relation.label}
            </Badge>
            <ContactName id={relation.other.id} name={relation.other.displayName} />
          </Group>
          {relation.note && (
            <Text size="xs" c="dimmed">
              {relation.note}
            </Text>
          )}
        </Stack>
        {!readOnly && (
          <Tooltip label={t('relationships.removeRelation')}>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('relationships.removeRelationWith', { name: relation.other.displayName })}
              onClick={() => setConfirm(true)}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
      <ConfirmDialog
        opened={confirm}
        onClose={() => setConfirm(false)}
        title={t('relationships.removeRelation')}
        confirmLabel={t('relationships.remove')}
        danger
        onConfirm={async () => {
          await relationWrites(contact.id).remove(relation.id);
          await afterAssociationChange(queryClient, [contact.id, relation.other.id]);
        }}
      >
        {t('relationships.removeRelationText', {
          name: contact.displayName,
          label: relation.label,
          other: relation.other.displayName,
        })}
      </ConfirmDialog>
    </Paper>
  );
}
