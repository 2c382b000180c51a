// Everything the app renders inside: theme, query cache, notifications and modals.
import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/spotlight/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/tiptap/styles.css';
import './global.css';
import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import 'dayjs/locale/de';
import type { ReactNode } from 'react';
import { useTranslation } from './i18n.ts';
import { colorSchemeManager, cssVariablesResolver, theme } from './theme.ts';

export function Providers({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  // Date pickers name months and weekdays in the UI's language.
  const { i18n } = useTranslation();
  return (
    <MantineProvider
      theme={theme}
      colorSchemeManager={colorSchemeManager}
      defaultColorScheme="auto"
      cssVariablesResolver={cssVariablesResolver}
    >
      <QueryClientProvider client={queryClient}>
        <DatesProvider settings={{ locale: i18n.language }}>
          <ModalsProvider>
            {/* Bottom right: toasts never cover the header's search, bell and avatar. */}
            <Notifications position="bottom-right" limit={4} />
            {children}
          </ModalsProvider>
        </DatesProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
