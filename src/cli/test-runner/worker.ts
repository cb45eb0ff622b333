// Worker-thread entry for `kubesim test --seeds ... --workers N`: receives task indexes, runs each with
// runSeedTask and posts the ScenarioRun back. The task list arrives once, in workerData.

import { workerData } from 'node:worker_threads';
import { serveIndexed } from '../../sweep/pool.js';
import { runSeedTask, type SeedRunsInit } from './seed-runs.js';

const init = workerData as SeedRunsInit;

void serveIndexed((index) => runSeedTask(init, index));
