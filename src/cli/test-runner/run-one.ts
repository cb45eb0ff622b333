// Runs one loaded scenario for `kubesim test`: simulate, check its expectations, optionally write the
// usual outputs (--out) and re-baseline failed exact times (--update). Errors that stop a scenario
// (simulation limit, internal assertion) become a result instead of ending the whole test run.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SimulationAssertionError, SimulationLimitError } from '../../engine/assert.js';
import { type AppliedEdit, rewriteTimes, type TimeEdit } from '../../expect/rebaseline.js';
import type { ExpectationResult } from '../../expect/result.js';
import { runAndCheckSteps } from '../../expect/run.js';
import { formatProblem } from '../../model/errors.js';
import { INPUT_LIMITS, readRegularFile } from '../../scenario/read-file.js';
import { drive } from '../interruptible.js';
import { ExitCode } from '../io.js';
import { AtomicOutputDir } from '../output.js';
import { locatingSteps, type PreparedScenario } from '../scenario-input.js';
import { kubesimVersion } from '../version.js';

export interface ScenarioRun {
  readonly file: string;
  readonly name: string;
  readonly seed: number;
  readonly results: readonly ExpectationResult[];
  readonly wallS: number;
  /** A problem that stopped the scenario: exit code and message. */
  readonly error?: { readonly code: number; readonly message: string };
  /** Located messages (file:line) for expectations that could not be checked. */
  readonly invalid: ReadonlyMap<number, string>;
  readonly updates: readonly AppliedEdit[];
  readonly updateNotes: readonly string[];
}

export interface RunOneOptions {
  readonly outDir?: string;
  readonly update: boolean;
  /** Replace an --out folder kubesim did not write. */
  readonly force?: boolean;
  readonly onProgress?: (nowUs: number, endUs: number, events: number) => void;
}

export async function runOne(
  file: string,
  prepared: PreparedScenario,
  opts: RunOneOptions,
): Promise<ScenarioRun> {
  const { loaded, built } = prepared;
  const expectations = loaded.scenario.spec.expect ?? [];
  const base = { file, name: built.config.scenarioName, seed: built.config.seed };
  const out = opts.outDir
    ? new AtomicOutputDir(join(opts.outDir, base.name, `seed-${base.seed}`), {
        command: 'test',
        force: opts.force ?? false,
        inputs: loaded.files,
      })
    : undefined;
  const wallStart = process.hrtime.bigint(); // wall-clock-ok: JUnit timings only
  const wallS = () => Number(process.hrtime.bigint() - wallStart) / 1e9;
  try {
    const checked = await drive(
      locatingSteps(
        loaded,
        runAndCheckSteps(built, expectations, {
          scenarioSha256: loaded.sha256,
          kubesimVersion: kubesimVersion(),
          ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
          ...(out
            ? {
                sinks: {
                  events: out.sink('events.csv'),
                  timeseries: out.sink('timeseries.csv'),
                  pods: out.sink('pods.csv'),
                },
              }
            : {}),
        }),
      ),
    );
    if (out) {
      out.writeFile('summary.json', `${JSON.stringify(checked.summary, null, 2)}\n`);
      out.commit();
    }
    const invalid = new Map<number, string>();
    for (const r of checked.results) {
      if (r.status !== 'invalid') continue;
      invalid.set(
        r.index,
        formatProblem(
          loaded.source.locate(['spec', 'expect', r.index, ...(r.invalidPath ?? [])], r.explanation),
        ),
      );
    }
    const { updates, notes } = opts.update ? rebaseline(file, checked.results) : { updates: [], notes: [] };
    return { ...base, results: checked.results, wallS: wallS(), invalid, updates, updateNotes: notes };
  } catch (e) {
    out?.abort();
    if (!(e instanceof SimulationLimitError || e instanceof SimulationAssertionError)) throw e;
    const what = e instanceof SimulationLimitError ? 'limit reached' : 'internal assertion failed';
    return {
      ...base,
      results: [],
      wallS: wallS(),
      invalid: new Map(),
      updates: [],
      updateNotes: [],
      error: { code: ExitCode.SimulationLimit, message: `${what}: ${e.message}` },
    };
  }
}

/** Writes observed times over failed exact-time expectations; returns what changed and what could not. */
function rebaseline(
  file: string,
  results: readonly ExpectationResult[],
): { updates: AppliedEdit[]; notes: string[] } {
  const edits: TimeEdit[] = [];
  const notes: string[] = [];
  for (const r of results) {
    if (r.status !== 'fail') continue;
    if (r.rebaseline)
      edits.push({ path: ['spec', 'expect', r.index, ...r.rebaseline.path], us: r.rebaseline.us });
    else
      notes.push(
        `spec.expect[${r.index}] not updated: only exact times (at:) of events that happened are re-baselined`,
      );
  }
  if (edits.length === 0) return { updates: [], notes };
  const result = rewriteTimes(readRegularFile(file, { maxBytes: INPUT_LIMITS.yamlBytes }), edits);
  if (result.applied.length > 0) writeFileSync(file, result.text);
  return {
    updates: result.applied,
    notes: [...notes, ...result.skipped.map((s) => `not updated: ${s.why}`)],
  };
}
