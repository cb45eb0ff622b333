// Worker-thread entry for `kubesim sweep`: receives cell indexes, runs each with runCell and posts the
// result back. The grid and scenario path arrive once, in workerData.

import { parentPort, workerData } from 'node:worker_threads';
import { runCell } from './cell.js';
import type { WorkerInit } from './pool.js';

const init = workerData as WorkerInit;

parentPort?.on('message', (index: number) => {
  try {
    parentPort?.postMessage({
      ok: true,
      index,
      result: runCell(init.scenarioFile, init.grid, index, init.kubesimVersion),
    });
  } catch (e) {
    parentPort?.postMessage({
      ok: false,
      index,
      message: e instanceof Error ? (e.stack ?? e.message) : String(e),
    });
  }
});
