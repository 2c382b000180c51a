import { describe, expect, it } from 'vitest';
import { phoneFacts, validPhone } from './phone-numbers.ts';

describe('phone numbers, parsed once', () => {
  it('reads a number written locally or internationally as the same E.164 number, with its formats and type', () => {
    const local = validPhone('030 1234567', 'DE');
    expect(local?.e164).toBe('+49301234567');
    expect(local?.country).toBe('DE');
    expect(local?.national).toBe('030 1234567');
    expect(local?.international).toBe('+49 30 1234567');
    expect(local?.type).toBe('FIXED_LINE');
    // The same number written another way, and its stored form, are the same facts.
    expect(validPhone('+49 30 1234567')).toBe(local);
    expect(validPhone('+49301234567', 'US')).toBe(local);
    expect(phoneFacts('+49301234567')).toBe(local);
    expect(validPhone('+1 415 555 2671')?.type).toBe('FIXED_LINE_OR_MOBILE');
  });

  it('refuses what is not a valid number, however often it is asked, and never for another country', () => {
    expect(validPhone('12345', 'DE')).toBeNull();
    expect(validPhone('12345', 'DE')).toBeNull();
    expect(validPhone('not a number')).toBeNull();
    // A local number is read in the country given: valid in Germany, not in the US.
    expect(validPhone('030 1234567', 'US')).toBeNull();
    expect(validPhone('(415) 555-2671', 'US')?.e164).toBe('+14155552671');
    // A stored number that is not valid keeps its text as its formats.
    const odd = phoneFacts('+999123');
    expect([odd.valid, odd.national, odd.international]).toEqual([false, '+999123', '+999123']);
    expect(validPhone('+999123')).toBeNull();
  });
});
