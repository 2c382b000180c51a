// The substrings a typo search tests before pg_trgm's similarity must be implied by it: checked
// against PostgreSQL's own `%>` on thousands of misspelt names, so no contact it would find is lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { similarityPrefilter, type Implied } from './trigram-prefilter.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const NAMES = [
  'johnson',
  'weatherby',
  'andersson',
  'mueller',
  'schmidt',
  'nakamura',
  'oconnor',
  'fischer',
  'bauer',
  'kowalski',
  'lindqvist',
  'garcia',
  'martinez',
  'hafenblick',
  'anna',
  'jonas',
  'lena',
  'otto',
  'aaron',
  'abba',
  'nana',
  'koch',
  'wood',
  'lee',
  'smith',
  'brandt',
  'paula',
  'sorensen',
  'dubois',
  'rossi',
];

/** Whether `text` holds what `implied` says, as the SQL that similarTo builds tests it. */
const holdsImplied = (text: string, implied: Implied) =>
  implied.of.filter((part) => text.includes(part)).length >= implied.atLeast;

/** A seeded generator (mulberry32), so a failure can be repeated. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** One or two typing mistakes: a letter changed, dropped, doubled or swapped with the next. */
function misspell(word: string, rnd: () => number): string {
  let w = word;
  const edits = 1 + Math.floor(rnd() * 2);
  for (let e = 0; e < edits && w.length > 2; e++) {
    const i = Math.floor(rnd() * w.length);
    const letter = 'abcdeghijklmnorstuwy'[Math.floor(rnd() * 20)]!;
    const kind = Math.floor(rnd() * 4);
    if (kind === 0) w = w.slice(0, i) + letter + w.slice(i + 1);
    else if (kind === 1) w = w.slice(0, i) + w.slice(i + 1);
    else if (kind === 2) w = w.slice(0, i) + w[i] + w.slice(i);
    else if (i + 1 < w.length) w = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  }
  return w;
}

describe('similarityPrefilter', () => {
  it('names the substrings a similar text must hold', () => {
    // "jonson": seven trigrams, five needed, three padded — two of the four inner ones must be there.
    expect(similarityPrefilter('jonson')).toEqual([{ atLeast: 2, of: ['jon', 'ons', 'nso', 'son'] }]);
    // "schneider": ten trigrams, six needed — three of the seven inner ones.
    expect(similarityPrefilter('schneider')).toEqual([
      { atLeast: 3, of: ['sch', 'chn', 'hne', 'nei', 'eid', 'ide', 'der'] },
    ]);
    // "bauer": six trigrams, four needed — one inner one.
    expect(similarityPrefilter('bauer')).toEqual([{ atLeast: 1, of: ['bau', 'aue', 'uer'] }]);
    // "demi": five trigrams, three needed — an inner one, or both edges ("de…", "…mi").
    expect(similarityPrefilter('demi')).toEqual([
      { atLeast: 1, of: ['dem', 'emi'] },
      { atLeast: 2, of: ['de', 'mi'] },
    ]);
    expect(similarityPrefilter('abab')).toEqual([
      { atLeast: 1, of: ['aba', 'bab'] },
      { atLeast: 1, of: ['ab'] },
    ]);
    // Nothing is implied where pg_trgm would see other words or other letters.
    expect(similarityPrefilter('o-brien')).toBeNull();
    expect(similarityPrefilter('müller')).toBeNull();
    expect(similarityPrefilter('ab')).toBeNull();
  });

  it("never excludes a text PostgreSQL's %> accepts", async () => {
    const rnd = prng(20261206);
    const texts: string[] = [];
    const words: string[] = [];
    for (let i = 0; i < 6000; i++) {
      const pick = () => NAMES[Math.floor(rnd() * NAMES.length)]!;
      const last = pick();
      // What a search text looks like: names, an email, a phone's digits, another name now and then.
      const text = `${pick()} ${last} ${pick()}.${last}@example.com 4930${Math.floor(rnd() * 1e6)}${rnd() < 0.3 ? ` ${pick()}` : ''}`;
      texts.push(text);
      words.push(rnd() < 0.7 ? misspell(last, rnd) : misspell(pick(), rnd));
    }
    const { rows } = await t.deps.database.pool.query<{ similar: boolean }>(
      `select x.t %> x.w as similar from unnest($1::text[], $2::text[]) with ordinality as x(t, w, n) order by n`,
      [texts, words],
    );
    let similar = 0;
    let skipped = 0;
    // Texts holding one of the substrings but fewer than the count asks: skipped only because they are counted.
    let counted = 0;
    const lost: string[] = [];
    rows.forEach((row, i) => {
      const implied = similarityPrefilter(words[i]!);
      if (row.similar) similar++;
      const holds = implied === null || implied.some((a) => holdsImplied(texts[i]!, a));
      if (!holds) skipped++;
      if (!holds && implied!.some((a) => holdsImplied(texts[i]!, { ...a, atLeast: 1 }))) counted++;
      if (row.similar && !holds) lost.push(`${words[i]} ~ ${texts[i]}`);
    });
    expect(lost).toEqual([]);
    // The check means something: many texts are similar, and many others are skipped without the similarity.
    expect(similar).toBeGreaterThan(1000);
    expect(skipped).toBeGreaterThan(1000);
    expect(counted).toBeGreaterThan(300);
  });
});
