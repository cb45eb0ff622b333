// Public API: run one scenario in memory. No files, no process, no wall clock: the CLI, tests and
// benchmarks all call this, and only the CLI turns results into files and exit codes.

import { autoscalerColumns } from './autoscaler/schema.js';
import { csvLine } from './engine/csv.js';
import type { TimeUs } from './engine/time.js';
import { writePodsCsv } from './metrics/pods-csv.js';
import { TIMESERIES_HEADER } from './metrics/recorder.js';
import { type RunSummary, summarize } from './metrics/summary.js';
import { EVENTS_HEADER, type LineSink, type SimEventRow } from './model/event-log.js';
import { type BuiltScenario, buildScenario } from './scenario/build.js';
import type { Scenario } from './scenario/schema.js';
import type { Sim, SimSinks } from './sim/assemble.js';
import { makeDispatch } from './sim/assemble.js';
import { createSim } from './sim/setup.js';

export interface RunOptions {
  /** Overrides spec.seed. */
  readonly seed?: number;
  /** Stop earlier than spec.duration. */
  readonly untilUs?: TimeUs;
  readonly sinks?: SimSinks & { readonly pods?: LineSink };
  readonly keepEventRows?: boolean;
  readonly keepTraceLines?: boolean;
  /** Called for every events.csv row as it is emitted (e.g. `kubesim test` keeps the rows it checks). */
  readonly onEventRow?: (row: SimEventRow) => void;
  /** Called between slices of virtual time (about 1 % of the run each). */
  readonly onProgress?: (nowUs: TimeUs, endUs: TimeUs, events: number) => void;
  readonly scenarioSha256?: string;
  readonly kubesimVersion?: string;
}

export interface RunResult {
  readonly sim: Sim;
  readonly summary: RunSummary;
}

export function runSimulation(scenario: Scenario, opts: RunOptions = {}): RunResult {
  return runBuilt(buildScenario(scenario, opts.seed), opts);
}

export function runBuilt(built: BuiltScenario, opts: RunOptions = {}): RunResult {
  return toEnd(runBuiltSteps(built, opts));
}

/**
 * The same run as steps, one per slice of virtual time (about 1 % of the run): a caller may do other
 * work between slices (the CLI lets its event loop turn, so Ctrl-C can remove a partial output).
 */
export function* runBuiltSteps(
  built: BuiltScenario,
  opts: RunOptions = {},
): Generator<void, RunResult, void> {
  const sinks = opts.sinks ?? {};
  sinks.events?.write(csvLine(EVENTS_HEADER));
  sinks.timeseries?.write(csvLine([...TIMESERIES_HEADER, ...autoscalerColumns(built.autoscaler)]));
  const sim = createSim(built, {
    sinks,
    keepEventRows: opts.keepEventRows ?? false,
    keepTraceLines: opts.keepTraceLines ?? false,
    ...(opts.onEventRow ? { onEventRow: opts.onEventRow } : {}),
  });
  const endUs = Math.min(opts.untilUs ?? built.config.durationUs, built.config.durationUs);
  const dispatch = makeDispatch(sim);
  const sliceUs = Math.max(1, Math.ceil(endUs / 100));
  for (let until = Math.min(sliceUs, endUs); ; until = Math.min(until + sliceUs, endUs)) {
    sim.engine.run({ untilUs: until, maxEvents: built.config.maxEvents }, dispatch);
    opts.onProgress?.(until, endUs, sim.engine.eventsDispatched);
    if (until >= endUs) break;
    yield;
  }
  if (sinks.pods) writePodsCsv(sinks.pods, sim.state.podHistory, sim.state.nodesEver, sim.nowUs);
  const summary = summarize(sim, {
    scenarioSha256: opts.scenarioSha256 ?? '',
    kubesimVersion: opts.kubesimVersion ?? '',
  });
  return { sim, summary };
}

/** Runs steps (runBuiltSteps) to the end at once. */
export function toEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

export { buildScenario } from './scenario/build.js';
export { loadScenario } from './scenario/load.js';
export type { Scenario } from './scenario/schema.js';
