// The tests of the controller.ts run (stryker/node-lifecycle-controller.config.json, docs/mutation.md):
// the controller's simulation tests and the integration suites, without the golden and property
// suites (10-50 s per mutant on a loaded machine). A score measured with it is a lower bound.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: [
      'src/controllers/node-lifecycle/controller.test.ts',
      'src/controllers/node-lifecycle/controller-upstream.test.ts',
      'test/integration/kubelet-not-ready.test.ts',
      'test/integration/node-crash-replacement.test.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
  },
});
