// The tests a mutation run of the DaemonSet controller uses (stryker/workloads-daemonset.config.json, docs/mutation.md).
// Listed here rather than as Stryker's testFiles: with testFiles, Stryker 9 runs a mutant that is only
// reached at import time (a module-level constant) with runtime activation, which switches it on too
// late to matter; without them it reloads the test files with the mutant already on.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: [
      'src/controllers/daemonset-util.test.ts',
      'src/controllers/daemonset-controller.test.ts',
      'test/upstream-vectors/daemonset.test.ts',
      'test/workloads/daemonset.test.ts',
      'test/integration/daemonset-faults.test.ts',
      'test/integration/daemonset-rollout.test.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
  },
});
