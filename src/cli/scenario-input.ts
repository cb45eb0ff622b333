// Loading and building a scenario for a command, with every semantic problem located in its file.

import { checkExpectations } from '../expect/feasible.js';
import { formatProblem, ScenarioError, ScenarioPathError } from '../model/errors.js';
import { type BuiltScenario, buildScenario } from '../scenario/build.js';
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
  const built = locateErrors(loaded, () => buildScenario(loaded.scenario, opts.seed));
  // An expectation no row of this scenario can match is bad input for every command, as a fault
  // naming a missing node is, so that validate, run and test agree.
  const problems = checkExpectations(built, loaded.scenario.spec.expect ?? []);
  if (problems.length > 0)
    throw new ScenarioError(
      problems.map((p) => loaded.source.locate(['spec', 'expect', p.index, ...p.path], p.message)),
    );
  return { loaded, built };
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
