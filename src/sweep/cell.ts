// Runs one cell of a sweep: the scenario file with the cell's --set values (and profile), at the cell's
// seed, with no output files, down to its headline metrics. Used by the worker threads, by
// `kubesim sweep --cell N` (one cell per pod of an Indexed Job) and by tests. Deterministic: a cell's
// result depends only on the scenario, the grid and its index.

import { SimulationAssertionError, SimulationLimitError } from '../engine/assert.js';
import { runBuilt } from '../index.js';
import { ScenarioError, ScenarioPathError } from '../model/errors.js';
import { buildScenario } from '../scenario/build.js';
import { loadScenario } from '../scenario/load.js';
import { type Cell, cellAt, type GridSpec } from './grid.js';
import { type Headline, headline } from './headline.js';
import { applyProfile } from './profile.js';

export interface CellResult {
  readonly index: number;
  /** The seed the cell ran with (the scenario's own when the grid has no --seeds). */
  readonly seed: number | null;
  readonly sets: ReadonlyArray<readonly [string, string]>;
  readonly profile: string | null;
  readonly metrics: Headline | null;
  /** Why the cell has no metrics (simulation limit, invalid override value). */
  readonly error: string | null;
}

export function cellOverrides(cell: Cell): string[] {
  return cell.sets.map(([p, v]) => `${p}=${v}`);
}

/** Loads and builds the scenario as one cell sees it; throws ScenarioError with file/--set and line. */
export function prepareCell(scenarioFile: string, cell: Cell) {
  const loaded = loadScenario(scenarioFile, { overrides: cellOverrides(cell) });
  const scenario = cell.profile !== null ? applyProfile(loaded, cell.profile) : loaded.scenario;
  try {
    return { loaded, built: buildScenario(scenario, cell.seed ?? undefined) };
  } catch (e) {
    if (e instanceof ScenarioPathError) throw loaded.source.error(e.path, e.message);
    throw e;
  }
}

export function runCell(
  scenarioFile: string,
  grid: GridSpec,
  index: number,
  kubesimVersion = '',
): CellResult {
  const cell = cellAt(grid, index);
  const base = { index, sets: cell.sets, profile: cell.profile };
  try {
    const { loaded, built } = prepareCell(scenarioFile, cell);
    const { summary } = runBuilt(built, { scenarioSha256: loaded.sha256, kubesimVersion });
    return { ...base, seed: built.config.seed, metrics: headline(summary), error: null };
  } catch (e) {
    const known =
      e instanceof ScenarioError ||
      e instanceof SimulationLimitError ||
      e instanceof SimulationAssertionError;
    if (!known) throw e;
    return { ...base, seed: cell.seed, metrics: null, error: (e as Error).message.replaceAll('\n', '; ') };
  }
}
