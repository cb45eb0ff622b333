// The tests a mutation run of the Deployment controller uses (stryker/workloads-deployment.config.json, docs/mutation.md).
// Listed here rather than as Stryker's testFiles: with testFiles, Stryker 9 runs a mutant that is only
// reached at import time (a module-level constant) with runtime activation, which switches it on too
// late to matter; without them it reloads the test files with the mutant already on.
// Not here: test/workloads/rolling-update.property.test.ts (60 whole simulations, 2.4 s for every mutant it
// covers, and a mutant that breaks a rollout runs each to maxEvents); the budgets it checks are pinned
// case by case in the upstream vectors and the unit tests (docs/mutation.md).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: [
      'src/controllers/deployment-*.test.ts',
      'test/upstream-vectors/deployment*.test.ts',
      'test/workloads/deployment.test.ts',
      'test/workloads/zone-outage-rollout.test.ts',
      'test/integration/deployment-progress.test.ts',
      'test/integration/rollout.test.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
  },
});
