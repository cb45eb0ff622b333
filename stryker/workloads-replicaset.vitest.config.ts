// The tests a mutation run of the ReplicaSet controller uses (stryker/workloads-replicaset.config.json, docs/mutation.md).
// Listed here rather than as Stryker's testFiles: with testFiles, Stryker 9 runs a mutant that is only
// reached at import time (a module-level constant) with runtime activation, which switches it on too
// late to matter; without them it reloads the test files with the mutant already on.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: [
      'src/controllers/replicaset.test.ts',
      'src/controllers/replicaset-controller.test.ts',
      'src/controllers/replication-controller.test.ts',
      'test/upstream-vectors/replicaset.test.ts',
      'test/workloads/replicaset.test.ts',
      'test/integration/kubelet-not-ready.test.ts',
      'test/integration/node-crash-replacement.test.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
  },
});
