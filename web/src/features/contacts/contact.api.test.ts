import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api.ts';
import { acceptProfile, contactKey, effectiveVersion, takenBy } from './contact.api.ts';
import { makeProfile } from './record/testing/profile.ts';

describe('effectiveVersion', () => {
  it('moves past versions this page wrote, never past someone else’s', () => {
    const queryClient = new QueryClient();
    const id = '00000000-0000-4000-8000-00000000c0aa';
    queryClient.setQueryData(contactKey(id), makeProfile({ id, version: 7 }));
    expect(effectiveVersion(queryClient, id, 7)).toBe(7);

    // The page's own save of another field made version 8: an edit opened at 7 is not stale.
    acceptProfile(queryClient, makeProfile({ id, version: 8 }));
    expect(effectiveVersion(queryClient, id, 7)).toBe(8);

    // Someone else's change (brought in by a reload or a live update) makes 9: an edit opened at 8 is stale.
    queryClient.setQueryData(contactKey(id), makeProfile({ id, version: 9 }));
    expect(effectiveVersion(queryClient, id, 8)).toBe(8);
    expect(effectiveVersion(queryClient, id, 9)).toBe(9);
  });

  it('keeps a newer cached profile when a slower answer arrives', () => {
    const queryClient = new QueryClient();
    const id = '00000000-0000-4000-8000-00000000c0ab';
    queryClient.setQueryData(contactKey(id), makeProfile({ id, version: 12, title: 'Newer' }));
    acceptProfile(queryClient, makeProfile({ id, version: 11, title: 'Older' }));
    expect(queryClient.getQueryData<{ title: string }>(contactKey(id))?.title).toBe('Newer');
  });
});

describe('takenBy', () => {
  it('reads the contact named by email_taken and phone_taken', () => {
    const error = new ApiError({
      status: 409,
      code: 'email_taken',
      detail: 'This email is already used by "Sophie Wagner"',
      extras: { contact: { id: 'c1', displayName: 'Sophie Wagner', archived: true } },
    });
    expect(takenBy(error)).toEqual({ id: 'c1', displayName: 'Sophie Wagner', archived: true });
    expect(takenBy(new ApiError({ status: 409, code: 'version_conflict', detail: 'x' }))).toBeNull();
  });
});
