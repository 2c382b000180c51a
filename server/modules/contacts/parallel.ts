// Independent reads run in parallel on the pool; inside a transaction they share one connection,
// so they run one after the other there.
import type { Ctx } from '../../platform/context.ts';

export async function inParallel<T extends readonly unknown[]>(
  ctx: Ctx,
  tasks: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  if (!ctx.tx) return Promise.all(tasks.map((task) => task())) as unknown as Promise<T>;
  const results: unknown[] = [];
  for (const task of tasks) results.push(await task());
  return results as unknown as T;
}
