// Worker-thread entry for `kubesim compare --workers N`: loads the scenario and resolves the profiles
// once (exactly as the main thread did, which already checked them), then runs each posted task index
// (profile-major, seed-minor) with runOne. A run that hits spec.maxEvents or an internal assertion comes
// back as { limit } so the command can exit 3.

import { workerData } from 'node:worker_threads';
import { type CompareRun, type ProfileChoice, runOne } from '../compare/compare.js';
import { resolveChoice } from '../compare/profile-choice.js';
import { SimulationAssertionError, SimulationLimitError } from '../engine/assert.js';
import { serveIndexed } from '../sweep/pool.js';
import { locateErrors, prepareScenario } from './scenario-input.js';

export interface CompareWorkerInit {
  readonly scenarioFile: string;
  readonly overrides: readonly string[];
  readonly profiles: readonly string[];
  readonly seeds: readonly number[];
}

export type CompareTaskResult = CompareRun | { readonly limit: string };

/** Task index -> (profile index, seed): profiles outermost, seeds innermost. */
export function compareTask(init: CompareWorkerInit, index: number): { choice: number; seed: number } {
  return {
    choice: Math.floor(index / init.seeds.length),
    seed: init.seeds[index % init.seeds.length] as number,
  };
}

/** Runs one task in this thread (the worker does the same; tests call it directly). */
export function compareRunner(init: CompareWorkerInit): (index: number) => CompareTaskResult {
  const { loaded, built } = prepareScenario(init.scenarioFile, { overrides: init.overrides });
  const choices = init.profiles.map((p) => resolveChoice(p, loaded, built.config.version.minor));
  return (index) => {
    const t = compareTask(init, index);
    try {
      return locateErrors(loaded, () => runOne(loaded.scenario, choices[t.choice] as ProfileChoice, t.seed));
    } catch (e) {
      if (e instanceof SimulationLimitError || e instanceof SimulationAssertionError)
        return { limit: e.message };
      throw e;
    }
  };
}

if (workerData !== null && typeof workerData === 'object' && 'profiles' in workerData) {
  void serveIndexed(compareRunner(workerData as CompareWorkerInit));
}
