// The runs of `kubesim test --seeds`: one task per (scenario file, seed), each loading its scenario with
// that seed and checking its expectations exactly as a single-seed run does (runOne). With one worker
// they run in this thread; with more, on worker threads (sweep/pool.ts). Either way each task is the
// same pure function of (file, seed) and results come back in task order, so the verdicts do not depend
// on the number of workers.

import { runIndexed, workerScript } from '../../sweep/pool.js';
import { prepareScenario } from '../scenario-input.js';
import { runOne, type ScenarioRun } from './run-one.js';

export interface SeedTask {
  readonly file: string;
  readonly seed: number;
}

export interface SeedRunsInit {
  readonly tasks: readonly SeedTask[];
  readonly outDir?: string;
  /** Replace --out folders kubesim did not write. */
  readonly force?: boolean;
}

/** One task: the scenario with this seed, simulated and checked (outputs under outDir when given). */
export function runSeedTask(init: SeedRunsInit, index: number): Promise<ScenarioRun> {
  const task = init.tasks[index] as SeedTask;
  const prepared = prepareScenario(task.file, { seed: task.seed });
  return runOne(task.file, prepared, {
    update: false,
    force: init.force ?? false,
    ...(init.outDir !== undefined ? { outDir: init.outDir } : {}),
  });
}

export async function runSeedTasks(
  init: SeedRunsInit,
  workers: number,
  onDone: (done: number, total: number) => void = () => {},
): Promise<ScenarioRun[]> {
  const total = init.tasks.length;
  if (workers <= 1 || total <= 1) {
    const out: ScenarioRun[] = [];
    for (let i = 0; i < total; i++) {
      out.push(await runSeedTask(init, i));
      onDone(i + 1, total);
    }
    return out;
  }
  return runIndexed<ScenarioRun>(
    workerScript('cli/test-runner/worker.js'),
    init,
    total,
    workers,
    onDone,
    'run',
  );
}
