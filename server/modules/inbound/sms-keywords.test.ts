import { describe, expect, it } from 'vitest';
import { smsKeyword } from './sms-keywords.ts';

describe('SMS keywords', () => {
  it('knows the carriers’ opt-out and opt-in words in any case, with stray spaces and punctuation', () => {
    for (const word of ['STOP', 'stop', ' Stop. ', 'STOPALL', 'Unsubscribe', 'cancel', 'END', 'quit!']) {
      expect(smsKeyword(word), word).toBe('stop');
    }
    for (const word of ['START', 'unstop', 'Yes', 'yes!']) expect(smsKeyword(word), word).toBe('start');
  });

  it('ignores messages that only contain such a word', () => {
    for (const text of ['Please stop by', 'yes please', 'The end', '', 'STOP IT', 'stopp']) {
      expect(smsKeyword(text), text).toBeNull();
    }
  });
});
