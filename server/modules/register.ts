// Registers what modules contribute outside their routes: journal subscribers, guards, workers.
import type { Deps } from '../platform/context.ts';

let registered = false;

export function registerModules(): void {
  if (registered) return;
  registered = true;
}

export async function startModuleWorkers(_deps: Deps): Promise<void> {}
