/** The p-th percentile (nearest rank) of sorted values. */
export function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** One timed scenario's line: p50 and p95 of the times, and whether p95 meets the target. */
export function printTimes(name: string, times: number[], target?: number): void {
  const t = [...times].sort((a, b) => a - b);
  const p95 = percentile(t, 95);
  console.log(
    `${name.padEnd(56)} p50 ${percentile(t, 50).toFixed(0).padStart(5)} ms   p95 ${p95.toFixed(0).padStart(5)} ms` +
      (target === undefined ? '' : `  ${p95 <= target ? '✓' : '✗'} (target p95 ≤ ${target} ms)`),
  );
}
