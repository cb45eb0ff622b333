// The tests a mutation run of the Job controller uses (stryker/workloads-job.config.json, docs/mutation.md).
// Listed here rather than as Stryker's testFiles: with testFiles, Stryker 9 runs a mutant that is only
// reached at import time (a module-level constant) with runtime activation, which switches it on too
// late to matter; without them it reloads the test files with the mutant already on.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: [
      'src/controllers/job-reconcile.test.ts',
      'src/controllers/job-controller.test.ts',
      'test/upstream-vectors/job.test.ts',
      'test/workloads/job.test.ts',
      'test/integration/job-completions.test.ts',
      'test/integration/job-failure-paths.test.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
  },
});
