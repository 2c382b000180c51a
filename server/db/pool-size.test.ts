import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { poolSize } from './client.ts';

describe('the connection pool’s size', () => {
  it('is DATABASE_POOL_SIZE when set, else twice the cores (at least 4) beside the embedded database, else 10', () => {
    expect(poolSize(loadConfig({ DATABASE_POOL_SIZE: '7' }), true)).toBe(7);
    expect(poolSize(loadConfig({ DATABASE_POOL_SIZE: '7' }), false)).toBe(7);
    expect(poolSize(loadConfig({}), true)).toBe(Math.max(4, 2 * os.availableParallelism()));
    expect(poolSize(loadConfig({}), true)).toBeGreaterThanOrEqual(4);
    expect(poolSize(loadConfig({}), false)).toBe(10);
  });

  it('refuses a size that is not a whole number of connections', () => {
    for (const bad of ['0', '-3', '2.5', 'many', '501']) {
      expect(() => loadConfig({ DATABASE_POOL_SIZE: bad })).toThrow(/DATABASE_POOL_SIZE/);
    }
  });
});
