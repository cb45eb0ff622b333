// Progress on stderr for long runs. On a terminal, a cli-progress bar that appears once a run has taken
// half a second of wall time. Elsewhere (a pipe, a CI log), one plain line every few seconds of wall time:
// virtual time reached, events/s, simulated-to-real ratio and an ETA; a run shorter than the first
// interval prints nothing, so short runs and pipes stay clean. `--quiet` turns both off.
// The wall clock is read only here and through an injectable clock, so tests pin the line format and
// the cadence without waiting.

import cliProgress from 'cli-progress';
import { formatDuration } from '../engine/time.js';
import type { CliIo } from './io.js';

/** Milliseconds of wall time; injectable so tests control the cadence. */
export interface WallClock {
  nowMs(): number;
}

export const systemClock: WallClock = { nowMs: () => Date.now() }; // wall-clock-ok: CLI progress only

/** Wall time between two plain progress lines, unless KUBESIM_PROGRESS_INTERVAL_MS says otherwise. */
export const DEFAULT_PROGRESS_INTERVAL_MS = 5000;

/** The plain-line interval: KUBESIM_PROGRESS_INTERVAL_MS when it is a whole number, else the default. */
export function progressIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.KUBESIM_PROGRESS_INTERVAL_MS;
  return text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : DEFAULT_PROGRESS_INTERVAL_MS;
}

export interface ProgressOptions {
  /** `--quiet`: no progress at all. */
  readonly quiet?: boolean;
  readonly clock?: WallClock;
  readonly intervalMs?: number;
}

export interface RunProgress {
  update(nowUs: number, endUs: number, events: number): void;
  stop(): void;
}

export interface CountProgress {
  update(done: number): void;
  stop(): void;
}

const NONE = { update: () => {}, stop: () => {} };

/** Tells when the next plain line is due: first after one interval, then at most once per interval. */
class Ticker {
  private readonly startMs: number;
  private nextMs: number;

  constructor(
    private readonly clock: WallClock,
    private readonly intervalMs: number,
  ) {
    this.startMs = clock.nowMs();
    this.nextMs = this.startMs + intervalMs;
  }

  /** Wall milliseconds since the start when a line is due now, else undefined. */
  due(): number | undefined {
    const now = this.clock.nowMs();
    if (now < this.nextMs) return undefined;
    this.nextMs = now + this.intervalMs;
    return now - this.startMs;
  }
}

/** "1m40s"; whole seconds (rounded up) above 10 s, tenths below. */
function wallText(seconds: number): string {
  const us = seconds >= 10 ? Math.ceil(seconds) * 1e6 : Math.ceil(seconds * 10) * 1e5;
  return formatDuration(us);
}

/** "61x", or "0.4x" below ten. */
function ratioText(ratio: number): string {
  return ratio >= 10 ? `${Math.round(ratio)}x` : `${ratio.toFixed(1)}x`;
}

/**
 * One plain progress line of a run:
 * "quickstart: virtual 5m0s / 10m0s (50%), 12000 events/s, 60x real time, ETA 5s".
 * Rates are averages since the run started; the ETA assumes the same ratio for the rest.
 */
export function runProgressLine(
  label: string,
  p: { wallMs: number; nowUs: number; endUs: number; events: number },
): string {
  const wallS = Math.max(p.wallMs, 1) / 1000;
  const virtualS = p.nowUs / 1e6;
  const ratio = virtualS / wallS;
  const pct = p.endUs > 0 ? Math.floor((100 * p.nowUs) / p.endUs) : 100;
  const eta = ratio > 0 ? `ETA ${wallText((p.endUs - p.nowUs) / 1e6 / ratio)}` : 'ETA unknown';
  return `${label}: virtual ${formatDuration(p.nowUs)} / ${formatDuration(p.endUs)} (${pct}%), ${Math.round(
    p.events / wallS,
  )} events/s, ${ratioText(ratio)} real time, ${eta}\n`;
}

/** One plain progress line of a batch of runs: "sweep: 3/12 cells, 20s elapsed, ETA 1m0s". */
export function countProgressLine(
  label: string,
  unit: string,
  p: { wallMs: number; done: number; total: number },
): string {
  const wallS = p.wallMs / 1000;
  const eta = p.done > 0 ? `ETA ${wallText(((p.total - p.done) * wallS) / p.done)}` : 'ETA unknown';
  return `${label}: ${p.done}/${p.total} ${unit}, ${wallText(wallS)} elapsed, ${eta}\n`;
}

/** Progress of one simulated run (`run`, `test`), fed between slices of virtual time. */
export function makeProgress(io: CliIo, label: string, opts: ProgressOptions = {}): RunProgress {
  if (opts.quiet) return NONE;
  const clock = opts.clock ?? systemClock;
  if (io.stderrIsTty) return runBar(label, clock);
  const ticker = new Ticker(clock, opts.intervalMs ?? progressIntervalMs());
  return {
    update(nowUs, endUs, events) {
      const wallMs = ticker.due();
      if (wallMs !== undefined) io.err(runProgressLine(label, { wallMs, nowUs, endUs, events }));
    },
    stop() {},
  };
}

/** Progress of a batch of whole runs (`sweep`, `compare`, `capacity`, `test --seeds`). */
export function makeCountProgress(
  io: CliIo,
  label: string,
  unit: string,
  total: number,
  opts: ProgressOptions = {},
): CountProgress {
  if (opts.quiet) return NONE;
  const clock = opts.clock ?? systemClock;
  if (io.stderrIsTty) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total} ${unit}`, stream: process.stderr, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (done) => bar.update(done), stop: () => bar.stop() };
  }
  const ticker = new Ticker(clock, opts.intervalMs ?? progressIntervalMs());
  return {
    update(done) {
      const wallMs = ticker.due();
      if (wallMs !== undefined) io.err(countProgressLine(label, unit, { wallMs, done, total }));
    },
    stop() {},
  };
}

function runBar(label: string, clock: WallClock): RunProgress {
  const startMs = clock.nowMs();
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(nowUs, endUs, events) {
      if (bar === undefined) {
        if (clock.nowMs() - startMs < 500) return;
        bar = new cliProgress.SingleBar(
          {
            format: `${label} [{bar}] {percentage}% | virtual {virtual} / {end} | {events} events`,
            stream: process.stderr,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(endUs, 0, { virtual: '0s', end: formatDuration(endUs), events: 0 });
      }
      bar.update(nowUs, { virtual: formatDuration(nowUs), end: formatDuration(endUs), events });
    },
    stop() {
      bar?.stop();
    },
  };
}
