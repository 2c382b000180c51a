import { Group, Stack, Text, Title, type TitleOrder } from '@mantine/core';
import { createContext, useContext, type ReactNode } from 'react';

/**
 * The level of a page's title: 1 (the page's only h1) unless a layout around it already has the h1 — the
 * settings area's "Settings" — and says so with this provider.
 */
export const PageHeadingLevel = createContext<TitleOrder>(1);

/** A page's title, one line on what it is for, and its primary action on the right. */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  const order = useContext(PageHeadingLevel);
  return (
    <Group justify="space-between" align="flex-start" gap="md" wrap="wrap" mb="lg">
      <Stack gap={4} style={{ flex: '1 1 16rem', minWidth: 0 }}>
        <Title order={order} fz="h3">
          {title}
        </Title>
        {description && (
          <Text c="dimmed" size="sm">
            {description}
          </Text>
        )}
      </Stack>
      {actions && <Group gap="sm">{actions}</Group>}
    </Group>
  );
}
