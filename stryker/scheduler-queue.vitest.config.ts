// The tests a mutation run of the scheduling queue uses (stryker/scheduler-queue.config.json, docs/mutation.md).
// Listed here rather than as Stryker's testFiles: with testFiles, Stryker 9 runs a mutant that is only
// reached at import time (a module-level constant) with runtime activation, which switches it on too
// late to matter; without them it reloads the test files with the mutant already on.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: [
      'src/scheduler/queue/*.test.ts',
      'test/upstream-vectors/scheduling-queue.test.ts',
      'test/upstream-vectors/queueing-hints.test.ts',
      'test/upstream-vectors/queueing-hints-more.test.ts',
      'src/scheduler/requeue.test.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
  },
});
