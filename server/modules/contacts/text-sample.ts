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
   * Workspaces whose samples are kept at most, the least recently searched dropped first: about 11 MB each at the full
   * size (the texts, and 1.4 million entries in 35,000 trigrams' lists).
   */
  workspaces: 16,
};

/**
 * The sampled texts and, for each trigram (three UTF-16 units) found in them, the texts holding it: a word is looked for
 * only in the texts holding its rarest trigram, so a count costs tens of µs rather than a scan of every text (1.4 ms).
 */
interface TextSample {
  texts: string[];
  holders: Map<number, Int32Array>;
  /** Contacts a sampled text stands for (1: every contact was read). */
  scale: number;
  at: number;
}

interface Held {
  sample: TextSample | null;
  loading: Promise<TextSample | null> | null;
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

const trigram = (s: string, i: number) =>
  s.charCodeAt(i) * 4294967296 + s.charCodeAt(i + 1) * 65536 + s.charCodeAt(i + 2);

/**
 * About how many of the workspace's unarchived contacts hold `word` in their search text (as `search_text like
 * '%word%'` says), from its sample; null while there is none yet (it is then taken in the background) or for a word
 * shorter than a trigram. `rows` is the workspace's size as the caller knows it, which sets the share sampled.
 */
export function sampledMatches(deps: Deps, workspaceId: string, rows: number, word: string): number | null {
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
  return Math.round(countHolding(sample, word) * sample.scale);
}

/** The texts of the sample that hold `word` (three units or more). */
function countHolding(sample: TextSample, word: string): number {
  let rarest: Int32Array | undefined;
  for (let i = 0; i + 3 <= word.length; i++) {
    const list = sample.holders.get(trigram(word, i));
    if (!list) return 0;
    if (!rarest || list.length < rarest.length) rarest = list;
  }
  if (word.length === 3) return rarest!.length;
  let n = 0;
  for (const t of rarest!) if (sample.texts[t]!.includes(word)) n++;
  return n;
}

/**
 * The workspace's sample, taken now unless one is being taken: about `size` of its unarchived contacts' search texts,
 * each contact read with the same chance (every one of them in a workspace of at most `size`).
 */
export function textSample(deps: Deps, workspaceId: string, rows: number): Promise<TextSample | null> {
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
 * Each trigram's texts, built 200 texts at a time so requests are served in between: 20,000 texts take 270-430 ms,
 * in steps of at most about 10 ms.
 */
async function indexTexts(texts: string[], scale: number): Promise<TextSample> {
  const building = new Map<number, number[]>();
  for (let t = 0; t < texts.length; t++) {
    if (t % 200 === 199) await new Promise((r) => setImmediate(r));
    const text = texts[t]!;
    for (let i = 0; i + 3 <= text.length; i++) {
      const key = trigram(text, i);
      const list = building.get(key);
      if (!list) building.set(key, [t]);
      else if (list[list.length - 1] !== t) list.push(t);
    }
  }
  const holders = new Map<number, Int32Array>();
  for (const [key, list] of building) holders.set(key, Int32Array.from(list));
  return { texts, holders, scale, at: Date.now() };
}

/** Tests: forget every sample. */
export function forgetTextSamples(): void {
  samples.clear();
}
