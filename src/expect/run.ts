// Runs a built scenario and checks its expectations: the library entry point behind `kubesim test`.
// No files and no wall clock; the caller may pass sinks to also write the usual outputs.

import { autoscalerColumns } from '../autoscaler/schema.js';
import type { TimeUs } from '../engine/time.js';
import { type RunOptions, runBuiltSteps, toEnd } from '../index.js';
import type { RunSummary } from '../metrics/summary.js';
import type { BuiltScenario } from '../scenario/build.js';
import { RowCollector, sampleRows } from './collect.js';
import { evaluateExpectations } from './evaluate.js';
import { checkExpectations } from './feasible.js';
import type { ExpectationResult } from './result.js';
import type { Expectation } from './schema.js';

export interface CheckedRun {
  readonly summary: RunSummary;
  readonly results: ExpectationResult[];
  readonly endUs: TimeUs;
}

export function runAndCheck(
  built: BuiltScenario,
  expectations: readonly Expectation[],
  opts: Omit<RunOptions, 'onEventRow'> = {},
): CheckedRun {
  return toEnd(runAndCheckSteps(built, expectations, opts));
}

/** runAndCheck as steps, one per slice of virtual time (index.ts runBuiltSteps). */
export function* runAndCheckSteps(
  built: BuiltScenario,
  expectations: readonly Expectation[],
  opts: Omit<RunOptions, 'onEventRow'> = {},
): Generator<void, CheckedRun, void> {
  // Expectations that no row can match are invalid, never evaluated (the CLI refuses them at load).
  const problems = checkExpectations(built, expectations);
  const collector = new RowCollector(expectations);
  const { sim, summary } = yield* runBuiltSteps(built, { ...opts, onEventRow: collector.onRow });
  const endUs = Math.min(opts.untilUs ?? built.config.durationUs, built.config.durationUs);
  const results = evaluateExpectations(expectations, {
    rows: collector.rows,
    samples: sampleRows(sim.metrics.samples, autoscalerColumns(built.autoscaler)),
    summary,
    endUs,
  }).map((r): ExpectationResult => {
    const p = problems.find((q) => q.index === r.index);
    if (p === undefined) return r;
    return {
      index: r.index,
      description: r.description,
      status: 'invalid',
      observed: 'cannot match',
      expected: r.expected,
      explanation: p.message,
      invalidPath: p.path,
    };
  });
  return { summary, results, endUs };
}
