import { describe, expect, it } from 'vitest';
import {
  apiQueryString,
  countLabel,
  nextSort,
  parseContactListSearch,
  sameQuery,
  searchFromView,
  selectionQuery,
  sortOf,
} from './listSearch.ts';

describe('parseContactListSearch', () => {
  it('reads the URL leniently and drops what it cannot understand', () => {
    expect(
      parseContactListSearch({
        q: 12345, // the router's parser turns "12345" into a number
        kind: 'robot',
        contactType: 'lead, customer,,lead',
        archived: 'true',
        dnd: 'pigeon',
        createdFrom: 'yesterday',
        filters: '[{"field":"custom.budget","op":"gt","value":5},{"field":"x","op":"like"}]',
        cols: ['type', 'owner'],
      }),
    ).toEqual({
      q: '12345',
      contactType: 'lead,customer',
      archived: true,
      filters: [{ field: 'custom.budget', op: 'gt', value: 5 }],
      cols: 'type,owner',
    });
  });

  it('opens a saved view with its query, columns and id', () => {
    const search = searchFromView({
      id: '00000000-0000-4000-8000-000000000099',
      name: 'Hot leads',
      query: { q: 'berlin', tags: ['a', 'b'], tagMode: 'all', sort: '-createdAt' },
      columns: ['type', 'custom.budget'],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(search).toEqual({
      q: 'berlin',
      tags: 'a,b',
      tagMode: 'all',
      sort: '-createdAt',
      cols: 'type,custom.budget',
      viewId: '00000000-0000-4000-8000-000000000099',
    });
    expect(sameQuery(search, { sort: '-createdAt', tags: 'a,b', tagMode: 'all', q: 'berlin' })).toBe(true);
    expect(sameQuery(search, { q: 'berlin', tags: 'a,b' })).toBe(false);
  });
});

describe('the API query', () => {
  it('sends lists comma-separated and filters as JSON; a select-all leaves out the sort', () => {
    const s = {
      q: 'anna',
      tags: 'a,b',
      tagMode: 'all' as const,
      archived: true as const,
      sort: 'owner',
      filters: [{ field: 'custom.newsletter', op: 'eq' as const, value: true }],
      cols: 'type',
    };
    const params = new URLSearchParams(apiQueryString(s, { limit: 50, cursor: 'abc' }));
    expect(Object.fromEntries(params)).toEqual({
      q: 'anna',
      tags: 'a,b',
      tagMode: 'all',
      archived: 'true',
      sort: 'owner',
      filters: '[{"field":"custom.newsletter","op":"eq","value":true}]',
      cursor: 'abc',
      limit: '50',
    });
    expect(selectionQuery(s)).toEqual({
      q: 'anna',
      tags: 'a,b',
      tagMode: 'all',
      archived: true,
      filters: [{ field: 'custom.newsletter', op: 'eq', value: true }],
    });
  });
});

describe('sorting', () => {
  it('is by name by default and by relevance while searching', () => {
    expect(sortOf({})).toEqual({ key: 'name', desc: false });
    expect(sortOf({ q: 'anna' })).toBeNull();
    expect(sortOf({ sort: '-createdAt' })).toEqual({ key: 'createdAt', desc: true });
  });

  it('keeps an explicit name sort while searching, and leaves it out of the URL otherwise', () => {
    expect(nextSort(null, 'name', false, true)).toBe('name');
    expect(nextSort({ key: 'createdAt', desc: true }, 'name', false, false)).toBeUndefined();
    expect(nextSort({ key: 'name', desc: false }, 'name', false, false)).toBe('-name');
  });
});

describe('countLabel', () => {
  it('is exact up to the server’s limit and rounded beyond it', () => {
    expect(countLabel({ value: 0, exact: true }, 'en')).toBe('0 contacts');
    expect(countLabel({ value: 1, exact: true }, 'en')).toBe('1 contact');
    expect(countLabel({ value: 1000, exact: true }, 'en')).toBe('1,000 contacts');
    expect(countLabel({ value: 4321, exact: false }, 'en')).toBe('about 4,300 contacts');
    expect(countLabel({ value: 1_234_567, exact: false }, 'en')).toBe('about 1.2M contacts');
    // German groups and abbreviates its own way (with a no-break space before "Mio.").
    expect(countLabel({ value: 1_234_567, exact: false }, 'de')).toMatch(/^about 1,2\sMio\. contacts$/);
  });
});
