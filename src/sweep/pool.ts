// Runs independent simulations on worker threads (node:worker_threads; each task is a whole run, so a
// plain work queue over N workers is all the scheduling needed). Results are stored by task index and
// returned in index order, so the output is the same whatever the number of workers or the order in
// which tasks finish. `kubesim sweep` runs its cells this way (worker.ts), `kubesim compare` its
// profile x seed runs (scheduler/compare-worker.ts).

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

/** What a worker posts back for a task index. */
export type WorkerReply<R> =
  | { ok: true; index: number; result: R }
  | { ok: false; index: number; message: string };

/**
 * A compiled worker script, by its path under src/ (e.g. "sweep/worker.js"). Found beside this module in
 * dist/; when this module runs from TypeScript sources (vitest), the compiled copy under dist/ is used.
 */
export function workerScript(rel = 'sweep/worker.js'): URL {
  for (const candidate of [`../${rel}`, `../../dist/src/${rel}`]) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error(`cannot find the compiled worker (dist/src/${rel}); run npm run build`);
}

/** Runs tasks 0 .. total-1 on up to `workers` threads of `script`; results in index order. */
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
  if (total === 0) return Promise.resolve(results);
  return new Promise((resolve, reject) => {
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

export function runGrid(
  init: WorkerInit,
  workers: number,
  onCell: (done: number, total: number) => void = () => {},
): Promise<CellResult[]> {
  return runIndexed<CellResult>(workerScript(), init, cellCount(init.grid), workers, onCell, 'cell');
}

/** The worker side: answers each posted task index with `run(index)` (or the error it threw). */
export async function serveIndexed<R>(run: (index: number) => R | Promise<R>): Promise<void> {
  const { parentPort } = await import('node:worker_threads');
  parentPort?.on('message', async (index: number) => {
    try {
      parentPort.postMessage({ ok: true, index, result: await run(index) } satisfies WorkerReply<R>);
    } catch (e) {
      parentPort.postMessage({
        ok: false,
        index,
        message: e instanceof Error ? (e.stack ?? e.message) : String(e),
      } satisfies WorkerReply<R>);
    }
  });
}
