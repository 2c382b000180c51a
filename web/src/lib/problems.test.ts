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

  it('says a page’s own refusals in its words, naming the holder only when the problem names one', async () => {
    const taken = (contact?: object) =>
      new ApiError({
        status: 409,
        code: 'email_taken',
        detail: 'This email is already used by another contact',
        extras: { email: 'a@b.test', ...(contact && { contact }) },
      });
    const nameRequired = new ApiError({
      status: 422,
      code: 'name_required',
      detail: 'A business needs a business name',
      extras: { kind: 'business' },
    });
    await setLanguage('de');
    expect(problemText(taken({ id: 'c1', displayName: 'Sophie Wagner' }), 'contactPage.problems')).toBe(
      'Diese E-Mail-Adresse gehört schon zu „Sophie Wagner“.',
    );
    expect(problemText(taken(), 'contactPage.problems')).toBe(
      'Diese E-Mail-Adresse gehört schon zu einem anderen Kontakt.',
    );
    expect(problemText(nameRequired, 'contactPage.problems')).toBe('Ein Unternehmen braucht einen Firmennamen.');
    // Without the page's scope the shared words apply: a user's taken email.
    expect(problemText(taken())).toBe('Es gibt bereits einen Benutzer mit dieser E-Mail-Adresse.');
    await setLanguage('en');
    expect(problemText(nameRequired, 'contactPage.problems')).toBe('A business needs a business name');
  });

  it('keeps the server’s own English words in English', () => {
    expect(problemText(owns)).toBe('This user owns 3 contact(s); reassign them first');
  });
});
