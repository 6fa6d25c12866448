import { defineConfig } from 'vitest/config';

// Two projects: everything below the renderer runs in Node; the renderer's component tests
// run in jsdom. Timing is never asserted here (benchmarks live in bench/).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'common/**/*.test.ts',
            'main/**/*.test.ts',
            'capture-worker/**/*.test.ts',
            'correlation-worker/**/*.test.ts',
            'tests/unit/**/*.test.ts',
            'tests/integration/**/*.test.ts',
            'tests/security/**/*.test.ts',
            'tests/lab/**/*.test.ts',
          ],
          pool: 'forks',
          // One line when the reference corpus is missing; an error when it is required.
          globalSetup: ['tests/support/reference-corpus-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['renderer/src/**/*.test.ts', 'renderer/src/**/*.test.tsx'],
        },
      },
    ],
  },
});
