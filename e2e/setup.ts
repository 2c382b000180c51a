// Runs before every browser test file (also when files share a worker's loaded modules): each test
// fails when a page met a Content-Security-Policy violation during it.
import { afterEach, expect } from 'vitest';
import { cspViolations } from './harness.ts';

afterEach(() => {
  const seen = cspViolations.splice(0);
  expect(seen, 'Content-Security-Policy violations').toEqual([]);
});
