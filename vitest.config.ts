import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

function e2eProject(
  name: string,
  groupOrder: number,
  env: Record<string, string>,
  files: { include: string[]; exclude?: string[] },
) {
  return {
    test: {
      name,
      env,
      include: files.include,
      exclude: files.exclude ?? [],
      setupFiles: ['e2e/setup.ts'],
      environment: 'node',
      globalSetup: ['server/test/global-setup.ts'],
      testTimeout: 90_000,
      hookTimeout: 90_000,
      // A page that updates live may take a few seconds on a busy 2-core machine.
      expect: { poll: { timeout: 10_000 } },
      // One file at a time: a browser test is bound by the CPU (Chromium's rendering, the app), and two
      // at once on 2 cores took as long in all, each twice as slow.
      fileParallelism: false,
      // Files share the worker's loaded modules (the server, Playwright) instead of importing them again.
      isolate: false,
      sequence: { groupOrder },
    },
  };
}

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: ['server/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['server/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Each file gets its own database and app; a few files at a time suit a 2-core machine.
          maxWorkers: 3,
          // Files share a worker's loaded modules instead of importing the whole server again for each
          // (252 s → 133 s on 2 cores); every file still builds its own app on its own database.
          isolate: false,
          // Projects with their own worker counts run one after another (vitest requires an order).
          sequence: { groupOrder: 0 },
        },
      },
      {
        plugins: [react()],
        resolve: { alias: { '@dossier/contract': new URL('./server/contract.ts', import.meta.url).pathname } },
        test: {
          name: 'web',
          include: ['web/src/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['web/src/test/setup.ts'],
          testTimeout: 20_000,
          // Files share a worker's loaded modules (Mantine, React, happy-dom) instead of importing them
          // again for each: 138 s → 42 s on 2 cores. The setup file undoes globals and timers after each test.
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
      // Every browser flow runs once with a German browser and German-speaking users (e2e-de): the longer
      // words are the harder case for every layout check, and the behaviour is the same in both languages.
      // In English (e2e): HTTP serving and the language switch (no language of their own), sign-up and
      // sign-in, and the contact record — the product's heart, in the language most users start with.
      // Both passes over every flow took 17 of CI's 25 minutes on 2 cores.
      e2eProject(
        'e2e',
        2,
        {},
        {
          include: ['e2e/serving.test.ts', 'e2e/languages.test.ts', 'e2e/auth.test.ts', 'e2e/contact-page.test.ts'],
        },
      ),
      e2eProject(
        'e2e-de',
        3,
        { E2E_LANG: 'de' },
        {
          include: ['e2e/**/*.test.ts'],
          exclude: ['e2e/serving.test.ts', 'e2e/languages.test.ts'],
        },
      ),
    ],
  },
});
