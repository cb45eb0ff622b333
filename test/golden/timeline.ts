// Helpers for golden timeline tests: run a scenario file (with `--set`-style overrides) in memory and
// pick events.csv rows by kind / reason / object / detail, returning their times in seconds.

import { fileURLToPath } from 'node:url';
import { runSimulation } from '../../src/index.js';
import type { SimEventRow } from '../../src/model/event-log.js';
import { loadScenario, loadScenarioText } from '../../src/scenario/load.js';

export const GOLDEN_DIR = fileURLToPath(new URL('.', import.meta.url));

export function runFile(name: string, overrides: readonly string[] = []): SimEventRow[] {
  const { scenario } = loadScenario(`${GOLDEN_DIR}${name}`, { overrides });
  return runSimulation(scenario, { keepEventRows: true }).sim.log.keptRows as SimEventRow[];
}

export function runText(text: string, overrides: readonly string[] = []): SimEventRow[] {
  const { scenario } = loadScenarioText(text, 'inline.yaml', { overrides });
  return runSimulation(scenario, { keepEventRows: true }).sim.log.keptRows as SimEventRow[];
}

export interface RowMatch {
  readonly kind?: string;
  readonly reason?: string;
  readonly object?: string | RegExp;
  readonly detail?: string;
}

export function rowsOf(rows: readonly SimEventRow[], m: RowMatch): SimEventRow[] {
  return rows.filter(
    (r) =>
      (m.kind === undefined || r.kind === m.kind) &&
      (m.reason === undefined || r.reason === m.reason) &&
      (m.object === undefined ||
        (typeof m.object === 'string' ? r.object === m.object : m.object.test(r.object))) &&
      (m.detail === undefined || r.detail === m.detail),
  );
}

/** Times (seconds) of the matching rows, in order. */
export function timesOf(rows: readonly SimEventRow[], m: RowMatch): number[] {
  return rowsOf(rows, m).map((r) => r.timeUs / 1e6);
}

/** `count` times starting at `from`, `step` apart. */
export function series(from: number, step: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => Math.round((from + k * step) * 1e6) / 1e6);
}

export const NOEXEC_UNREACHABLE = 'node.kubernetes.io/unreachable:NoExecute';
export const NOEXEC_NOT_READY = 'node.kubernetes.io/not-ready:NoExecute';
export const NOSCHED_UNREACHABLE = 'node.kubernetes.io/unreachable:NoSchedule';
export const NOSCHED_NOT_READY = 'node.kubernetes.io/not-ready:NoSchedule';
