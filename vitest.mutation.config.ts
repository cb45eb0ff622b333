// Test set for mutation runs (`npm run mutation`): the in-process suites that exercise the simulator's
// modules (unit tests beside the code, upstream vectors, goldens, integration, workloads, properties).
// The CLI, compare, sweep, fuzz, docs and repository-hygiene suites are left out: they test I/O and wording, not the
// mutated decisions, and would multiply the dry run's time.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'test/upstream-vectors/**/*.test.ts',
      'test/golden/**/*.test.ts',
      'test/integration/**/*.test.ts',
      'test/workloads/**/*.test.ts',
      'test/properties/**/*.test.ts',
      'test/determinism.test.ts',
    ],
    // compare and sweep run their cells in worker threads that load the built dist/ files, not the
    // mutated sources; the CLI's own tests are wording and I/O.
    exclude: ['src/cli/**', 'src/compare/**', 'src/sweep/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
