// Runs a sweep's cells on worker threads (node:worker_threads; each cell is a whole simulation, so a
// plain work queue over N workers is all the scheduling needed). Results are stored by cell index and
// returned in grid order, so the output is the same whatever the number of workers or the order in
// which cells finish.

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

type Reply = { ok: true; result: CellResult } | { ok: false; index: number; message: string };

/**
 * The compiled worker script. Next to this module in dist/; when this module runs from TypeScript
 * sources (vitest), the compiled copy under dist/ (npm run build) is used.
 */
export function workerScript(): URL {
  for (const rel of ['./worker.js', '../../dist/src/sweep/worker.js']) {
    const url = new URL(rel, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error('cannot find the compiled sweep worker (dist/src/sweep/worker.js); run npm run build');
}

export function runGrid(
  init: WorkerInit,
  workers: number,
  onCell: (done: number, total: number) => void = () => {},
): Promise<CellResult[]> {
  const total = cellCount(init.grid);
  const results = new Array<CellResult>(total);
  let next = 0;
  let done = 0;
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
      const w = new Worker(workerScript(), { workerData: init });
      pool.push(w);
      w.on('message', (reply: Reply) => {
        if (!reply.ok) return fail(new Error(`cell ${reply.index}: ${reply.message}`));
        results[reply.result.index] = reply.result;
        onCell(++done, total);
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
