// One run of `kubesim capacity`: the scenario file with one pool resized (--set on its count, or on its
// autoscaling.maxSize), at one seed, simulated and checked against its expect block exactly as
// `kubesim test` checks it. Used on worker threads (worker.ts) and in this thread with one worker.
// Deterministic: a task's result depends only on the file, the pool, the size and the seed.

import { SimulationAssertionError, SimulationLimitError } from '../engine/assert.js';
import type { ExpectationResult } from '../expect/result.js';
import { runAndCheck } from '../expect/run.js';
import { ScenarioError, ScenarioPathError } from '../model/errors.js';
import { buildScenario } from '../scenario/build.js';
import { loadScenario } from '../scenario/load.js';

/** Which field of which pool the search sizes. */
export interface PoolKnob {
  readonly pool: string;
  /** Index in spec.cluster.nodePools. */
  readonly index: number;
  /** `count`, or `autoscaling.maxSize` for a pool that autoscales (each of its node groups' max). */
  readonly field: 'count' | 'autoscaling.maxSize';
}

export interface CapacityTask {
  readonly size: number;
  readonly seed: number;
}

export interface CapacityInit {
  readonly file: string;
  readonly knob: PoolKnob;
  readonly tasks: readonly CapacityTask[];
  readonly kubesimVersion: string;
}

export interface CapacityTaskResult {
  readonly size: number;
  readonly seed: number;
  readonly results: readonly ExpectationResult[];
  /** Why the run has no results (a simulation limit, a size the scenario rejects). */
  readonly error: string | null;
}

export function knobOverride(knob: PoolKnob, size: number): string {
  return `spec.cluster.nodePools[${knob.index}].${knob.field}=${size}`;
}

export function runCapacityTask(init: CapacityInit, index: number): CapacityTaskResult {
  const task = init.tasks[index] as CapacityTask;
  const base = { size: task.size, seed: task.seed };
  try {
    const loaded = loadScenario(init.file, { overrides: [knobOverride(init.knob, task.size)] });
    let built: ReturnType<typeof buildScenario>;
    try {
      built = buildScenario(loaded.scenario, task.seed);
    } catch (e) {
      if (e instanceof ScenarioPathError) throw loaded.source.error(e.path, e.message);
      throw e;
    }
    const checked = runAndCheck(built, loaded.scenario.spec.expect ?? [], {
      scenarioSha256: loaded.sha256,
      kubesimVersion: init.kubesimVersion,
    });
    return { ...base, results: checked.results, error: null };
  } catch (e) {
    const known =
      e instanceof ScenarioError ||
      e instanceof SimulationLimitError ||
      e instanceof SimulationAssertionError;
    if (!known) throw e;
    return { ...base, results: [], error: (e as Error).message.replaceAll('\n', '; ') };
  }
}
