// Worker-thread entry for `kubesim sweep`: receives cell indexes, runs each with runCell and posts the
// result back. The grid and scenario path arrive once, in workerData.

import { workerData } from 'node:worker_threads';
import { runCell } from './cell.js';
import { serveIndexed, type WorkerInit } from './pool.js';

const init = workerData as WorkerInit;

void serveIndexed((index) => runCell(init.scenarioFile, init.grid, index, init.kubesimVersion));
