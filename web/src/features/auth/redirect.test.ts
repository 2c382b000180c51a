import { describe, expect, it } from 'vitest';
import { safeRedirect } from './redirect.ts';

describe('safeRedirect', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeRedirect('/settings/users?status=all')).toBe('/settings/users?status=all');
  });

  it('refuses targets that leave the site or loop back to sign-in', () => {
    for (const target of [
      '//evil.example',
      'https://evil.example',
      '/\\evil.example',
      '/sign-in?redirect=/x',
      undefined,
    ]) {
      expect(safeRedirect(target)).toBe('/contacts');
    }
  });
});
