import { describe, expect, it } from 'vitest';
import { ApiError } from './api.ts';
import { splitProblem } from './forms.ts';

const FIELDS = ['email', 'password'] as const;

describe('splitProblem', () => {
  it('puts field errors under their fields and nothing above the button', () => {
    const error = new ApiError({
      status: 400,
      code: 'validation_failed',
      detail: 'body.password: Use at least 10 characters',
      errors: [{ path: 'body.password', message: 'Use at least 10 characters' }],
    });
    expect(splitProblem(error, FIELDS)).toEqual({
      fields: { password: 'Use at least 10 characters' },
      general: null,
    });
  });

  it('places a problem without a path by its code, e.g. a taken email', () => {
    const error = new ApiError({
      status: 409,
      code: 'email_taken',
      detail: 'A user with the email a@b.c already exists',
    });
    expect(splitProblem(error, FIELDS, { email_taken: 'email' })).toEqual({
      fields: { email: 'A user with the email a@b.c already exists' },
      general: null,
    });
  });

  it('falls back to the detail when a field is not on the form', () => {
    const error = new ApiError({
      status: 400,
      code: 'validation_failed',
      detail: 'body.role: Invalid option',
      errors: [{ path: 'body.role', message: 'Invalid option' }],
    });
    expect(splitProblem(error, FIELDS)).toEqual({ fields: {}, general: 'body.role: Invalid option' });
  });

  it('shows a refusal such as 409 as the general message', () => {
    const error = new ApiError({
      status: 409,
      code: 'conflict',
      detail: 'A workspace needs at least one active admin',
    });
    expect(splitProblem(error, FIELDS).general).toBe('A workspace needs at least one active admin');
  });
});
