import { defineConfig } from 'vitest/config';

// Three tiers (see docs/ARCHITECTURE.md#tests):
//  unit    — engines and pure helpers, no database (*.test.ts)
//  medium  — real database: PGlite by default, PostgreSQL when IREN_TEST_DB=postgres (*.medium.test.ts)
//  browser — real Chromium against a running server (e2e/*.e2e.ts)
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/*.medium.test.ts', 'node_modules/**'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'medium',
          include: ['server/**/*.medium.test.ts'],
          globalSetup: ['test/medium-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['e2e/**/*.e2e.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // Pages load their data after rendering; under a loaded CI machine 1 s (vitest's default) is too short.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
