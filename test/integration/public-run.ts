// Helpers for the cross-component scenarios: run scenario YAML through the public path (the loader,
// the pure builder and runBuilt with CSV sinks, as `kubesim run` does) and read the outputs back as
// the CSV text a user would see: events.csv, timeseries.csv, pods.csv, plus summary.json's object.

import { parse } from 'csv-parse/sync';
import { csvLine } from '../../src/engine/csv.js';
import { type RunResult, runBuilt } from '../../src/index.js';
import { type PODS_HEADER, writePodsCsv } from '../../src/metrics/pods-csv.js';
import { TIMESERIES_HEADER } from '../../src/metrics/recorder.js';
import { type RunSummary, summarize } from '../../src/metrics/summary.js';
import { EVENTS_HEADER } from '../../src/model/event-log.js';
import { buildScenario } from '../../src/scenario/build.js';
import { loadScenarioText } from '../../src/scenario/load.js';
import type { Sim } from '../../src/sim/assemble.js';
import { makeDispatch } from '../../src/sim/assemble.js';
import { createSim } from '../../src/sim/setup.js';

export const S = 1_000_000;

/** One events.csv row, its time in integer microseconds. */
export interface EventRow {
  readonly t: number;
  readonly kind: string;
  readonly reason: string;
  readonly object: string;
  readonly node: string;
  readonly zone: string;
  readonly detail: string;
}

/** A timeseries.csv row, numbers parsed (time_s in seconds). */
export type Sample = Record<(typeof TIMESERIES_HEADER)[number], number>;
/** A pods.csv row as printed. */
export type PodRow = Record<(typeof PODS_HEADER)[number], string>;

export interface PublicRun {
  readonly events: EventRow[];
  readonly samples: Sample[];
  readonly pods: PodRow[];
  readonly summary: RunSummary;
  readonly sim: Sim;
  /** The raw CSV texts. */
  readonly text: { readonly events: string; readonly timeseries: string; readonly pods: string };
}

export function toSample(r: Record<string, string>): Sample {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])) as Sample;
}

/** Seconds printed with 6 decimals -> integer microseconds. */
export const us = (s: string): number => Math.round(Number(s) * S);

export interface PublicRunOptions {
  readonly seed?: number;
  readonly untilUs?: number;
  /**
   * Called with the Sim before it runs (attach ClusterState watchers). The run then goes through
   * createSim and the engine directly, writing the same CSVs runBuilt writes; without it, runBuilt.
   */
  readonly watch?: (sim: Sim) => void;
}

export function runPublic(yaml: string, opts: PublicRunOptions = {}): PublicRun {
  const sink = () => {
    const parts: string[] = [];
    return { parts, write: (l: string) => parts.push(l) };
  };
  const events = sink();
  const timeseries = sink();
  const pods = sink();
  const built = buildScenario(loadScenarioText(yaml, 'integration.yaml').scenario, opts.seed);
  const result: RunResult =
    opts.watch === undefined
      ? runBuilt(built, {
          sinks: { events, timeseries, pods },
          ...(opts.untilUs !== undefined ? { untilUs: opts.untilUs } : {}),
        })
      : runWatched(built, { events, timeseries, pods }, opts.watch, opts.untilUs);
  const text = {
    events: events.parts.join(''),
    timeseries: timeseries.parts.join(''),
    pods: pods.parts.join(''),
  };
  const rows = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];
  return {
    events: rows(text.events).map((r) => ({
      t: us(r.time_s as string),
      kind: r.kind as string,
      reason: r.reason as string,
      object: r.object as string,
      node: r.node as string,
      zone: r.zone as string,
      detail: r.detail as string,
    })),
    samples: rows(text.timeseries).map(toSample),
    pods: rows(text.pods) as PodRow[],
    summary: result.summary,
    sim: result.sim,
    text,
  };
}

type Sink = { write(line: string): void };

function runWatched(
  built: ReturnType<typeof buildScenario>,
  sinks: { events: Sink; timeseries: Sink; pods: Sink },
  watch: (sim: Sim) => void,
  untilUs: number | undefined,
): RunResult {
  sinks.events.write(csvLine(EVENTS_HEADER));
  sinks.timeseries.write(csvLine(TIMESERIES_HEADER));
  const sim = createSim(built, { sinks });
  watch(sim);
  const endUs = Math.min(untilUs ?? built.config.durationUs, built.config.durationUs);
  sim.engine.run({ untilUs: endUs, maxEvents: built.config.maxEvents }, makeDispatch(sim));
  writePodsCsv(sinks.pods, sim.state.podHistory, sim.state.nodesEver, sim.nowUs);
  return { sim, summary: summarize(sim, { scenarioSha256: '', kubesimVersion: '' }) };
}

export interface Match {
  readonly kind?: string;
  readonly reason?: string;
  readonly object?: string | RegExp;
  readonly node?: string | RegExp;
  readonly detail?: string | RegExp;
}

const fits = (v: string, m: string | RegExp | undefined) =>
  m === undefined || (typeof m === 'string' ? v === m : m.test(v));

export function rows(run: { readonly events: readonly EventRow[] }, m: Match): EventRow[] {
  return run.events.filter(
    (r) =>
      fits(r.kind, m.kind) &&
      fits(r.reason, m.reason) &&
      fits(r.object, m.object) &&
      fits(r.node, m.node) &&
      fits(r.detail, m.detail),
  );
}

/** Times of the matching rows in seconds (exact for the 6-decimal values events.csv prints). */
export function times(run: { readonly events: readonly EventRow[] }, m: Match): number[] {
  return rows(run, m).map((r) => r.t / S);
}

/** The timeseries.csv sample at exactly `tS` seconds. */
export function sampleAt(run: PublicRun, tS: number): Sample {
  const s = run.samples.find((x) => x.time_s === tS);
  if (s === undefined) throw new Error(`no sample at ${tS} s`);
  return s;
}

export const NOSCHED_UNREACHABLE = 'node.kubernetes.io/unreachable:NoSchedule';
export const NOEXEC_UNREACHABLE = 'node.kubernetes.io/unreachable:NoExecute';
export const NOSCHED_NOT_READY = 'node.kubernetes.io/not-ready:NoSchedule';
export const NOEXEC_NOT_READY = 'node.kubernetes.io/not-ready:NoExecute';
