// Worker-thread entry for `kubesim test --seeds ... --workers N`: receives task indexes, runs each with
// runSeedTask and posts the ScenarioRun back. The task list arrives once, in workerData.

import { parentPort, workerData } from 'node:worker_threads';
import { runSeedTask, type SeedRunsInit } from './seed-runs.js';

const init = workerData as SeedRunsInit;

parentPort?.on('message', async (index: number) => {
  try {
    parentPort?.postMessage({ ok: true, index, result: await runSeedTask(init, index) });
  } catch (e) {
    parentPort?.postMessage({
      ok: false,
      index,
      message: e instanceof Error ? (e.stack ?? e.message) : String(e),
    });
  }
});
