// A large workspace's search texts, sampled and kept in memory, so a one-word search learns about how many contacts
// hold the word without asking PostgreSQL first.
import type { Deps } from '../../platform/context.ts';

export const textSampleTuning = {
  /**
   * Texts sampled. At 20,000 of a million contacts, a word held by 1,500 (where a search's walk and collection cost the
   * same, listTuning.commonSearchEstimate) is seen about 30 times: the estimate is within a fifth of the truth, and a
   * wrong choice that close to the balance costs a few ms.
   */
  size: 20_000,
  /** How long a sample is used before it is taken again (in the background: searches go on with the old one). */
  ttlMs: 5 * 60_000,
  /**
   * Workspaces whose samples are kept at most, the least recently searched dropped first: about 10 MB each at the full
   * size (the texts, and 1.6 million entries in the trigrams' buckets).
   */
  workspaces: 16,
};

/** Trigrams are hashed into this many buckets (35,000 distinct trigrams in 20,000 texts: few share one). */
const BUCKETS = 1 << 18;

/**
 * The sampled texts and, for each bucket of trigrams (three UTF-16 units, hashed), the texts holding one of them, in
 * order: `entries[start[b]] … entries[end[b] - 1]`. A word is looked for only in the texts of its rarest trigram's
 * bucket, so a count costs tens of µs rather than a scan of every text (1.4 ms).
 */
interface TextSample {
  texts: string[];
  start: Int32Array;
  end: Int32Array;
  entries: Int32Array;
  /** Contacts a sampled text stands for (1: every contact was read). */
  scale: number;
  at: number;
}

interface Held {
  sample: TextSample | null;
  loading: Promise<TextSample> | null;
  /** After a failed read, not before this (ms since the epoch): a search must not send one every time. */
  retryAt: number;
}

const samples = new Map<string, Held>();

/**
 * Samples not searched for two periods are dropped: the texts hold personal data (names, addresses), so an erased
 * contact's stay in memory at most that long, and a workspace no longer searched costs nothing.
 */
export function sweepTextSamples(): void {
  const oldest = Date.now() - 2 * textSampleTuning.ttlMs;
  for (const [id, held] of samples) if (!held.loading && (held.sample?.at ?? 0) <= oldest) samples.delete(id);
}

let sweeper: NodeJS.Timeout | null = null;
function sweepLater(): void {
  if (sweeper) return;
  sweeper = setInterval(() => {
    sweepTextSamples();
    if (samples.size === 0 && sweeper) {
      clearInterval(sweeper);
      sweeper = null;
    }
  }, textSampleTuning.ttlMs);
  sweeper.unref();
}

const bucketOf = (s: string, i: number) =>
  (Math.imul(s.charCodeAt(i), 0x9e3779b1) ^
    Math.imul(s.charCodeAt(i + 1), 0x85ebca77) ^
    Math.imul(s.charCodeAt(i + 2), 0xc2b2ae3d)) >>>
  14;

/** A word's counts in a workspace, as its sample says them (sampledCounts). */
export interface WordCounts {
  matches: number;
  candidates: number;
}

/**
 * What the workspace's sample says of `word`, scaled to the workspace: about how many unarchived contacts hold it in
 * their search text (as `search_text like '%word%'` says), and how many hold each of its trigrams — the candidates its
 * trigram index brings, every one of which a collection visits. Null while there is no sample yet (it is then taken in
 * the background) or for a word shorter than a trigram. `rows` is the workspace's size as the caller knows it, which
 * sets the share sampled.
 */
export function sampledCounts(deps: Deps, workspaceId: string, rows: number, word: string): WordCounts | null {
  const held = samples.get(workspaceId);
  const sample = held?.sample ?? null;
  const now = Date.now();
  if ((!sample || now - sample.at >= textSampleTuning.ttlMs) && now >= (held?.retryAt ?? 0)) {
    textSample(deps, workspaceId, rows).catch((err) =>
      deps.logger.warn({ err, workspaceId }, 'search: sampling the workspace’s texts failed'),
    );
  }
  if (!sample || word.length < 3) return null;
  // Most recently used last: the first is the one dropped when too many are kept.
  samples.delete(workspaceId);
  samples.set(workspaceId, held!);
  const { matches, candidates } = countHolding(sample, word);
  return { matches: Math.round(matches * sample.scale), candidates: Math.round(candidates * sample.scale) };
}

/** The texts of the sample that hold `word` (three units or more), and those that hold each of its trigrams. */
function countHolding(sample: TextSample, word: string): { matches: number; candidates: number } {
  const trigrams: string[] = [];
  let rarest = -1;
  for (let i = 0; i + 3 <= word.length; i++) {
    const b = bucketOf(word, i);
    if (sample.end[b] === sample.start[b]) return { matches: 0, candidates: 0 };
    if (rarest < 0 || sample.end[b]! - sample.start[b]! < sample.end[rarest]! - sample.start[rarest]!) rarest = b;
    trigrams.push(word.slice(i, i + 3));
  }
  let matches = 0;
  let candidates = 0;
  for (let e = sample.start[rarest]!; e < sample.end[rarest]!; e++) {
    const text = sample.texts[sample.entries[e]!]!;
    if (text.includes(word)) matches++;
    else if (!trigrams.every((t) => text.includes(t))) continue;
    candidates++;
  }
  return { matches, candidates };
}

/**
 * The workspace's sample, taken now unless one is being taken: about `size` of its unarchived contacts' search texts,
 * each contact read with the same chance (every one of them in a workspace of at most `size`).
 */
export function textSample(deps: Deps, workspaceId: string, rows: number): Promise<TextSample> {
  const held: Held = samples.get(workspaceId) ?? { sample: null, loading: null, retryAt: 0 };
  if (held.loading) return held.loading;
  const share = Math.min(1, textSampleTuning.size / Math.max(rows, 1));
  held.loading = (async () => {
    try {
      const { rows: found } = await deps.database.pool.query<{ t: string | null }>(
        `select search_text as t from contacts
          where workspace_id = $1 and archived_at is null and ($2::float8 >= 1 or random() < $2::float8)`,
        [workspaceId, share],
      );
      const sample = await indexTexts(
        found.map((r) => r.t ?? ''),
        1 / share,
      );
      held.sample = sample;
      return sample;
    } catch (err) {
      held.retryAt = Date.now() + 60_000;
      throw err;
    } finally {
      held.loading = null;
    }
  })();
  samples.set(workspaceId, held);
  while (samples.size > textSampleTuning.workspaces) samples.delete(samples.keys().next().value!);
  sweepLater();
  return held.loading;
}

/**
 * Each bucket's texts, by a counting sort: the trigrams counted into their buckets, then each text written into the
 * buckets of its trigrams, once each (a text's entries in a bucket are written one after the other). 20,000 texts take
 * 60-80 ms (a map of lists took 270-430 ms), in steps of 4,000 texts (about 7 ms) between which requests are served.
 */
async function indexTexts(texts: string[], scale: number): Promise<TextSample> {
  const step = 4000;
  const inSteps = async (each: (text: string, t: number) => void) => {
    for (let t = 0; t < texts.length; t++) {
      if (t % step === step - 1) await new Promise((r) => setImmediate(r));
      each(texts[t]!, t);
    }
  };
  const start = new Int32Array(BUCKETS + 1);
  await inSteps((text) => {
    for (let i = 0; i + 3 <= text.length; i++) start[bucketOf(text, i) + 1]!++;
  });
  for (let b = 0; b < BUCKETS; b++) start[b + 1]! += start[b]!;
  const end = start.slice(0, BUCKETS);
  const entries = new Int32Array(start[BUCKETS]!);
  await inSteps((text, t) => {
    for (let i = 0; i + 3 <= text.length; i++) {
      const b = bucketOf(text, i);
      const at = end[b]!;
      if (at > start[b]! && entries[at - 1] === t) continue;
      entries[at] = t;
      end[b] = at + 1;
    }
  });
  return { texts, start, end, entries, scale, at: Date.now() };
}

/** Forgets one workspace's sample (after an erasure), or every one (tests). */
export function forgetTextSamples(workspaceId?: string): void {
  if (workspaceId) samples.delete(workspaceId);
  else samples.clear();
}
