// The tests of the quick node lifecycle run (stryker/node-lifecycle-units.config.json, docs/mutation.md):
// the pure modules' own tests and the upstream vectors, without the simulations. A score measured with
// it is a lower bound for those modules (the full set also runs the controller, golden and integration
// suites over them).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: [
      'src/controllers/node-lifecycle/taint-queue.test.ts',
      'src/controllers/node-lifecycle/health-table.test.ts',
      'src/controllers/node-lifecycle/node-mirror.test.ts',
      'src/controllers/node-lifecycle/zone-state.test.ts',
      'src/controllers/node-lifecycle/no-schedule-taints.test.ts',
      'test/upstream-vectors/node-lifecycle.test.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
  },
});
