// The words for a failed request. The API's texts are English and its codes stable; in another language the
// UI says the known codes in its own words (with the problem's numbers) and falls back to the server's detail.
import { i18n } from '../app/i18n.ts';
import { ApiError } from './api.ts';

/**
 * @param scope a catalog prefix whose `<scope>.<code>` wins over `common.errors.<code>`, for a page whose
 *   refusals read differently (a contact's taken email is not a user's). A problem that names another record
 *   (`contact` in its members) or says which kind it is about (`kind`) picks the key's `_named` / `_<kind>`
 *   variant when there is one.
 */
export function problemText(error: unknown, scope?: string): string {
  if (error instanceof ApiError) {
    if (i18n.language === 'en') return error.detail;
    const { extras } = error;
    const context = extras.contact ? 'named' : typeof extras.kind === 'string' ? extras.kind : undefined;
    const options = { ...extras, context };
    for (const key of [scope && `${scope}.${error.code}`, `common.errors.${error.code}`]) {
      if (key && i18n.exists(key, options)) return i18n.t(key, options);
    }
    return error.detail;
  }
  if (error instanceof Error && !(error instanceof TypeError)) return error.message;
  // A TypeError from fetch: the server could not be reached.
  return i18n.t(error instanceof TypeError ? 'common.errors.network' : 'common.errors.unknown');
}
