// The frame around the sign-in and sign-up forms: the mark, a title, a single card, and the language switcher
// (signed out, nobody has a profile yet; the choice is kept in this browser).
import { Box, Center, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from '../../app/i18n.ts';
import { chooseSignedOutLanguage, isLanguage, languageNames, languages } from '../../app/i18n.ts';
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
          <LanguageSwitcher />
        </Stack>
      </Box>
    </Center>
  );
}

function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <Group justify="center" gap="xs">
      <IconLanguage size={16} stroke={1.6} color="var(--mantine-color-dimmed)" aria-hidden />
      <SegmentedControl
        size="xs"
        aria-label={t('auth.language')}
        value={i18n.language}
        onChange={(value) => isLanguage(value) && void chooseSignedOutLanguage(value)}
        data={languages.map((l) => ({ value: l, label: languageNames[l] }))}
      />
    </Group>
  );
}
