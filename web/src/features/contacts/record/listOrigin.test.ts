import { beforeEach, describe, expect, it } from 'vitest';
import { listOrigin, rememberListOrigin } from './listOrigin.ts';

const at = (href: string) => ({ pathname: href.split('?')[0]!, href });

describe('the breadcrumb back to the contact list', () => {
  beforeEach(() => sessionStorage.clear());

  it('leads to the list as it was left, also after moving on to another contact', () => {
    rememberListOrigin(at('/contacts?q=Hoffmann&sort=-createdAt'), at('/contacts/a'));
    expect(listOrigin()).toBe('/contacts?q=Hoffmann&sort=-createdAt');
    rememberListOrigin(at('/contacts/a'), at('/contacts/b?tab=notes'));
    expect(listOrigin()).toBe('/contacts?q=Hoffmann&sort=-createdAt');
  });

  it('leads to the plain list when the contact was opened from elsewhere', () => {
    rememberListOrigin(at('/contacts?q=Hoffmann'), at('/contacts/a'));
    rememberListOrigin(at('/contacts/a'), at('/tasks'));
    expect(listOrigin()).toBe('/contacts?q=Hoffmann');
    rememberListOrigin(at('/tasks'), at('/contacts/b'));
    expect(listOrigin()).toBe('/contacts');
  });
});
