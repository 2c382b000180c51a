import { describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import { newId } from './ids.ts';

describe('newId', () => {
  it('makes valid, distinct version 7 ids that sort in the order they were made, across many draws of random bytes', () => {
    // 50,000 ids: many within each millisecond, and about 200 refills of the random pool.
    const ids = Array.from({ length: 50_000 }, newId);
    expect(ids.every((id) => validate(id) && version(id) === 7)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // The time part is now's.
    const ms = parseInt(newId().replace(/-/g, '').slice(0, 12), 16);
    expect(Math.abs(ms - Date.now())).toBeLessThan(1000);
  });
});
