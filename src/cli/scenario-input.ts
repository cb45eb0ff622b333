// Loading and building a scenario for a command, with every semantic problem located in its file.

import { type BuiltScenario, buildScenario } from '../scenario/build.js';
import { formatProblem, ScenarioPathError } from '../scenario/errors.js';
import { type LoadedScenario, loadScenario } from '../scenario/load.js';

export interface PreparedScenario {
  readonly loaded: LoadedScenario;
  readonly built: BuiltScenario;
}

export function prepareScenario(
  file: string,
  opts: { overrides?: readonly string[]; seed?: number } = {},
): PreparedScenario {
  const loaded = loadScenario(file, { overrides: opts.overrides ?? [] });
  return { loaded, built: locateErrors(loaded, () => buildScenario(loaded.scenario, opts.seed)) };
}

/** Runs `fn`, turning a ScenarioPathError into a ScenarioError that names file and line. */
export function locateErrors<T>(loaded: LoadedScenario, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ScenarioPathError) throw loaded.source.error(e.path, e.message);
    throw e;
  }
}

/** Steps (runBuiltSteps) with a ScenarioPathError turned into a ScenarioError, as locateErrors does. */
export function* locatingSteps<T>(
  loaded: LoadedScenario,
  steps: Generator<void, T, void>,
): Generator<void, T, void> {
  try {
    return yield* steps;
  } catch (e) {
    if (e instanceof ScenarioPathError) throw loaded.source.error(e.path, e.message);
    throw e;
  }
}

/** The built scenario's warnings (kinds accepted but not simulated, ...), located like errors. */
export function warningLines(prepared: PreparedScenario): string[] {
  return prepared.built.warnings.map(
    (w) => `warning: ${formatProblem(prepared.loaded.source.locate(w.path, w.message))}`,
  );
}
