// What a text must contain for pg_trgm's `text %> word` to hold, as plain substrings: a test that
// costs a fraction of the similarity's (which builds the trigrams of the whole text), so a search
// that reads a workspace's own rows (no index) computes the similarity only where it can hold.
//
// pg_trgm pads each word with two spaces before and one after and takes every three characters:
// "jonson" → "  j", " jo", "jon", "ons", "nso", "son", "on ". `text %> word` holds when some extent
// of the text shares at least threshold × (the word's distinct trigrams) of them. At most three are
// padded; a text shares an unpadded trigram ("ons") only by containing it, " jo" only by containing
// "jo" and "on " only by containing "on". So when the share needed exceeds the padded trigrams by n,
// the text contains at least n of the unpadded ones ("jonson": 5 needed, so 2 of "jon", "ons", "nso",
// "son" — one alone would let every "…son" through); when it equals them, it contains one of those or
// both two-letter edges.

/** pg_trgm's default `word_similarity_threshold` (Dossier does not change it). */
export const WORD_SIMILARITY_THRESHOLD = 0.6;

/** A text holds at least `atLeast` of the substrings `of`. */
export interface Implied {
  atLeast: number;
  of: string[];
}

/**
 * Alternatives, one of which holds wherever `text %> word` holds; null when no cheap condition is
 * implied (a short word, or one pg_trgm would split: anything but lower-case ASCII letters and digits).
 */
export function similarityPrefilter(word: string, threshold = WORD_SIMILARITY_THRESHOLD): Implied[] | null {
  // Letters and digits of ASCII only: what pg_trgm counts as a word's characters depends on the database's locale
  // beyond them.
  if (!/^[a-z0-9]+$/.test(word)) return null;
  const chars = [...word];
  const padded = [' ', ' ', ...chars, ' '];
  const trigrams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) trigrams.add(padded.slice(i, i + 3).join(''));
  const inner = [...trigrams].filter((t) => !t.includes(' '));
  const edges = [...trigrams].filter((t) => t.includes(' '));
  // The fewest shared trigrams that reach the threshold (float rounding taken generously: a smaller
  // count only weakens the condition, never wrongly excludes a text).
  const needed = Math.ceil(threshold * trigrams.size - 1e-6);
  // Each padded trigram not shared is one more unpadded trigram that must be.
  if (needed > edges.length) return inner.length ? [{ atLeast: needed - edges.length, of: inner }] : null;
  if (needed === edges.length && chars.length >= 2) {
    // All edges shared: the text holds a word starting with the first two letters and one ending with the last two.
    const first = chars.slice(0, 2).join('');
    const last = chars.slice(-2).join('');
    const both = first === last ? [first] : [first, last];
    return [...(inner.length ? [{ atLeast: 1, of: inner }] : []), { atLeast: both.length, of: both }];
  }
  return null;
}
