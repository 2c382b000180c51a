import { DatePicker } from '@mantine/dates';
import { QueryClient } from '@tanstack/react-query';
import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from './i18n.ts';
import { Providers } from './providers.tsx';

describe('the app providers', () => {
  afterEach(() => setLanguage('en'));

  it('name the months of date pickers in the UI language and switch with it', async () => {
    render(
      <Providers queryClient={new QueryClient()}>
        <DatePicker defaultDate={new Date(2026, 11, 1)} />
      </Providers>,
    );
    expect(await screen.findByText('December 2026')).toBeTruthy();
    await act(() => setLanguage('de'));
    expect(await screen.findByText('Dezember 2026')).toBeTruthy();
  });
});
