// Worker-thread entry for `kubesim capacity --workers N`: receives task indexes of one round, runs each
// with runCapacityTask and posts the result back. The round's tasks arrive once, in workerData.

import { workerData } from 'node:worker_threads';
import { serveIndexed } from '../sweep/pool.js';
import { type CapacityInit, runCapacityTask } from './task.js';

const init = workerData as CapacityInit;

void serveIndexed((index) => runCapacityTask(init, index));
