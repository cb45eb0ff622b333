// Runs a sweep's cells (and `kubesim test --seeds` runs) on worker threads (node:worker_threads; each
// task is a whole simulation, so a plain work queue over N workers is all the scheduling needed).
// Results are stored by task index and returned in that order, so the output is the same whatever the
// number of workers or the order in which tasks finish.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CellResult } from './cell.js';
import { cellCount, type GridSpec } from './grid.js';

export interface WorkerInit {
  readonly scenarioFile: string;
  readonly grid: GridSpec;
  readonly kubesimVersion: string;
}

/** What a worker posts back for the task with this index. */
export type WorkerReply<R> =
  | { ok: true; index: number; result: R }
  | { ok: false; index: number; message: string };

/**
 * A compiled worker script, by its path under src/ (e.g. "sweep/worker.js"). Beside this module's
 * folder in dist/; when this module runs from TypeScript sources (vitest), the compiled copy under
 * dist/ (npm run build) is used.
 */
export function workerScript(name = 'sweep/worker.js'): URL {
  for (const rel of [`../${name}`, `../../dist/src/${name}`]) {
    const url = new URL(rel, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error(`cannot find the compiled worker (dist/src/${name}); run npm run build`);
}

export function runGrid(
  init: WorkerInit,
  workers: number,
  onCell: (done: number, total: number) => void = () => {},
): Promise<CellResult[]> {
  return runIndexed<CellResult>(workerScript(), init, cellCount(init.grid), workers, onCell, 'cell');
}

/**
 * Runs tasks 0..total-1 on up to `workers` worker threads of `script` (each gets `workerData` once, then
 * task indexes); results come back in index order, whatever the number of workers or the order in which
 * tasks finish.
 */
export function runIndexed<R>(
  script: URL,
  workerData: unknown,
  total: number,
  workers: number,
  onDone: (done: number, total: number) => void = () => {},
  label = 'task',
): Promise<R[]> {
  const results = new Array<R>(total);
  let next = 0;
  let done = 0;
  return new Promise((resolve, reject) => {
    if (total === 0) return resolve(results);
    const pool: Worker[] = [];
    const fail = (e: Error) => {
      for (const w of pool) void w.terminate();
      reject(e);
    };
    const feed = (w: Worker) => {
      if (next < total) w.postMessage(next++);
      else void w.terminate();
    };
    for (let i = 0; i < Math.max(1, Math.min(workers, total)); i++) {
      const w = new Worker(script, { workerData });
      pool.push(w);
      w.on('message', (reply: WorkerReply<R>) => {
        if (!reply.ok) return fail(new Error(`${label} ${reply.index}: ${reply.message}`));
        results[reply.index] = reply.result;
        onDone(++done, total);
        if (done === total) {
          for (const p of pool) void p.terminate();
          resolve(results);
        } else feed(w);
      });
      w.on('error', fail);
      feed(w);
    }
  });
}
