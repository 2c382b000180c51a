import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../app/i18n.ts';
import { ApiError } from './api.ts';
import { problemText } from './problems.ts';

const owns = new ApiError({
  status: 409,
  code: 'user_owns_contacts',
  detail: 'This user owns 3 contact(s); reassign them first',
  extras: { count: 3 },
});
const unknownCode = new ApiError({ status: 422, code: 'brand_new_rule', detail: 'A rule the UI does not know yet' });

describe('problem texts', () => {
  afterEach(() => setLanguage('en'));

  it('says known codes in German with the problem’s numbers, and falls back to the server’s detail', async () => {
    await setLanguage('de');
    expect(problemText(owns)).toBe('Diesem Benutzer gehören 3 Kontakte; übergeben Sie sie zuerst.');
    expect(problemText(unknownCode)).toBe('A rule the UI does not know yet');
    expect(problemText(new TypeError('Failed to fetch'))).toMatch(/nicht erreichbar/);
  });

  it('keeps the server’s own English words in English', () => {
    expect(problemText(owns)).toBe('This user owns 3 contact(s); reassign them first');
  });
});
