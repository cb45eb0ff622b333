// What `kubesim test --seeds` prints and reports: per scenario a header naming the seeds, per
// expectation one PASS / FAIL line with how many seeds passed against how many must, the p5 / p50 / p95
// of what it observed, and under a failure the failing seeds with what each observed and the command
// that reproduces it; runs that stopped early are listed per seed. The JUnit suite has one case per
// expectation, the same facts in its failure text or system-out.

import { formatDuration } from '../../engine/time.js';
import type { SeedVerdict } from '../../expect/seeds.js';
import type { JUnitCase, JUnitSuite } from '../../report/junit.js';
import { formatSeeds } from '../../sweep/grid.js';
import { reproduceCommand } from './format.js';
import type { ScenarioRun } from './run-one.js';

export interface SeededScenario {
  readonly file: string;
  readonly name: string;
  readonly seeds: readonly number[];
  /** One run per seed, in seed-list order. */
  readonly runs: readonly ScenarioRun[];
  readonly verdicts: readonly SeedVerdict[];
}

/** Failing seeds shown with their details; the rest are listed by number only. */
const SHOWN_FAILURES = 3;

function value(v: number, unit: SeedVerdict['unit']): string {
  return unit === 'us' ? formatDuration(v) : String(Number(v.toFixed(6)));
}

/** "19 of 20 seeds (needs 19); p5 5m2s, p50 5m31s, p95 5m58s; no value in 1 seed". */
export function seedSummary(v: SeedVerdict): string {
  let text = `${v.passed} of ${v.seeds} seed${v.seeds === 1 ? '' : 's'} (needs ${v.required})`;
  if (v.quantiles) {
    const q = v.quantiles;
    text += `; p5 ${value(q.p5, v.unit)}, p50 ${value(q.p50, v.unit)}, p95 ${value(q.p95, v.unit)}`;
  }
  if (v.withoutValue > 0 && v.quantiles)
    text += `; no value in ${v.withoutValue} seed${v.withoutValue === 1 ? '' : 's'}`;
  return text;
}

/** The failing seeds, the first few with what they observed and how to reproduce them. */
function failureLines(v: SeedVerdict, file: string, indent: string): string[] {
  if (v.failures.length === 0) return [];
  const lines = [`${indent}failing seeds: ${formatSeeds(v.failures.map((f) => f.seed))}`];
  for (const f of v.failures.slice(0, SHOWN_FAILURES)) {
    const r = f.result;
    lines.push(`${indent}seed ${f.seed}: observed ${r.observed}, expected ${r.expected}; ${r.explanation}`);
    lines.push(`${indent}  reproduce: ${reproduceCommand(file, f.seed)}`);
  }
  if (v.failures.length > SHOWN_FAILURES)
    lines.push(`${indent}(${SHOWN_FAILURES} of ${v.failures.length} failing seeds shown)`);
  return lines;
}

export function formatSeeded(s: SeededScenario): string {
  const n = s.verdicts.length;
  let text = `${s.file} (${s.name}, seeds ${formatSeeds(s.seeds)}): ${n} expectation${n === 1 ? '' : 's'}\n`;
  for (const r of s.runs)
    if (r.error)
      text += `  ERROR  seed ${r.seed}: ${r.error.message}\n  reproduce: ${reproduceCommand(s.file, r.seed)}\n`;
  for (const v of s.verdicts) {
    if (v.invalid) {
      text += `  ERROR  ${v.description}: seed ${v.invalid.seed}: ${v.invalid.result.explanation}\n`;
      continue;
    }
    text += `  ${v.status === 'pass' ? 'PASS' : 'FAIL'}  ${v.description}: ${seedSummary(v)}\n`;
    if (v.status === 'fail') for (const l of failureLines(v, s.file, '        ')) text += `${l}\n`;
  }
  return text;
}

export function seededSuite(s: SeededScenario): JUnitSuite {
  const properties: Array<[string, string]> = [
    ['scenario', s.name],
    ['seeds', formatSeeds(s.seeds)],
  ];
  const wallS = s.runs.reduce((t, r) => t + r.wallS, 0);
  const errors: JUnitCase[] = s.runs.flatMap((r) =>
    r.error
      ? [
          {
            name: `run scenario, seed ${r.seed}`,
            classname: s.name,
            error: { message: r.error.message, text: `reproduce: ${reproduceCommand(s.file, r.seed)}` },
          },
        ]
      : [],
  );
  const cases = s.verdicts.map((v): JUnitCase => {
    const name = `[${v.index}] ${v.description}`;
    const summary = seedSummary(v);
    if (v.invalid) {
      const message = v.invalid.result.explanation;
      return { name, classname: s.name, error: { message, text: `seed ${v.invalid.seed}: ${message}` } };
    }
    if (v.status === 'pass') return { name, classname: s.name, systemOut: summary };
    const text = [summary, ...failureLines(v, s.file, '')].join('\n');
    return { name, classname: s.name, failure: { message: summary, text } };
  });
  return { name: s.file, timeS: wallS, properties, cases: [...errors, ...cases] };
}
