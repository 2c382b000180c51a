// A contact's picture, or its initials on a colour of its own; businesses get a square, people a circle.
import { Avatar, type AvatarProps } from '@mantine/core';
import { IconBuilding, IconUser } from '@tabler/icons-react';
import { useTranslation } from '../../../app/i18n.ts';
import { initials } from '../../../components/UserAvatar.tsx';
import type { ContactKind } from '../contactList.api.ts';
import { LiteAvatar } from '../../../components/lite.tsx';

const COLORS = ['blue', 'teal', 'grape', 'orange', 'cyan', 'pink', 'indigo', 'green', 'violet', 'red'];

/** The same contact always gets the same colour, so a list is easier to scan. */
function colorFor(seed: string): string {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return COLORS[h % COLORS.length]!;
}

export function ContactAvatar({
  contact,
  size = 32,
  ...props
}: {
  contact: { id: string; displayName: string; kind: ContactKind; pictureUrl: string | null };
} & Omit<AvatarProps, 'src'>) {
  return (
    <Avatar
      size={size}
      radius={contact.kind === 'business' ? 'md' : 'xl'}
      color={colorFor(contact.id)}
      variant="light"
      src={contact.pictureUrl}
      alt=""
      {...props}
    >
      {initials(contact.displayName)}
    </Avatar>
  );
}

/** ContactAvatar as a plain element, for the list's rows (see lite.tsx). */
export function ContactInitials({
  contact,
  size,
}: {
  contact: { id: string; displayName: string; kind: ContactKind; pictureUrl: string | null };
  size: number;
}) {
  return (
    <LiteAvatar
      name={contact.displayName}
      color={colorFor(contact.id)}
      size={size}
      square={contact.kind === 'business'}
      src={contact.pictureUrl}
    />
  );
}

/** The small person/business mark beside a name. */
export function KindIcon({ kind, size = 14 }: { kind: ContactKind; size?: number }) {
  const { t } = useTranslation();
  return <KindMark kind={kind} size={size} label={t(`contactList.kind.${kind}`)} />;
}

/** KindIcon with its label given: for the list's rows, which are drawn fifty at a time without a hook each. */
export function KindMark({ kind, label, size = 14 }: { kind: ContactKind; label: string; size?: number }) {
  const Icon = kind === 'business' ? IconBuilding : IconUser;
  return (
    <Icon
      size={size}
      stroke={1.8}
      aria-label={label}
      role="img"
      style={{ flex: 'none', color: 'var(--mantine-color-dimmed)' }}
    />
  );
}
