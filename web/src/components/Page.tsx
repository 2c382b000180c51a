import { Box } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * The padded, width-limited column most pages sit in. The app shell itself adds no padding so that
 * full-bleed pages (the contact record's three panes) can use the whole area.
 */
export function Page({ children, size = 1120 }: { children: ReactNode; size?: number }) {
  return (
    <Box px={{ base: 'md', sm: 'xl' }} py={{ base: 'md', sm: 'xl' }} maw={size} mx="auto" w="100%">
      {children}
    </Box>
  );
}
