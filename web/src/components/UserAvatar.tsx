import { Avatar, type AvatarProps } from '@mantine/core';

/** "Ada Lovelace" → "AL", "Cher" → "C": what an avatar shows without a photo. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase() || '?';
}

export function UserAvatar({ name, size = 32, ...props }: { name: string } & AvatarProps) {
  return (
    <Avatar size={size} radius="xl" color="brand" variant="light" title={name} {...props}>
      {initials(name)}
    </Avatar>
  );
}
