// The frame around the sign-in and sign-up forms: the mark, a title, and a single card.
import { Box, Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Logo } from '../../components/Logo.tsx';

export function AuthLayout({
  title,
  subtitle,
  children,
  footer,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <Center mih="100dvh" px="md" py={48}>
      <Box w="100%" maw={420}>
        <Stack gap="xl">
          <Center>
            <Logo size={32} />
          </Center>
          <Paper withBorder shadow="sm" p={{ base: 'lg', xs: 'xl' }} radius="lg">
            <Stack gap="lg">
              <Stack gap={6}>
                <Title order={1} fz={22} ta="center">
                  {title}
                </Title>
                {subtitle && (
                  <Text c="dimmed" size="sm" ta="center">
                    {subtitle}
                  </Text>
                )}
              </Stack>
              {children}
            </Stack>
          </Paper>
          {footer && (
            <Text size="sm" c="dimmed" ta="center">
              {footer}
            </Text>
          )}
        </Stack>
      </Box>
    </Center>
  );
}
