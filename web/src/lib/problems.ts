// The words for a failed request. The API's texts are English and its codes stable; in another language the
// UI says the known codes in its own words (with the problem's numbers) and falls back to the server's detail.
import { i18n } from '../app/i18n.ts';
import { ApiError } from './api.ts';

export function problemText(error: unknown): string {
  if (error instanceof ApiError) {
    const key = `common.errors.${error.code}`;
    const options = { ...error.extras };
    if (i18n.language !== 'en' && i18n.exists(key, options)) return i18n.t(key, options);
    return error.detail;
  }
  if (error instanceof Error && !(error instanceof TypeError)) return error.message;
  // A TypeError from fetch: the server could not be reached.
  return i18n.t(error instanceof TypeError ? 'common.errors.network' : 'common.errors.unknown');
}
