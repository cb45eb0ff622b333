// Plain progress lines on a non-terminal stderr: their format, their cadence on an injected clock
// (none before the first interval, then at most one per interval), and --quiet silencing them.

import { describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import {
  countProgressLine,
  DEFAULT_PROGRESS_INTERVAL_MS,
  makeCountProgress,
  makeProgress,
  progressIntervalMs,
  runProgressLine,
} from './progress.js';

function pipeIo(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, stderrIsTty: false, out: () => {}, err: (t) => lines.push(t) };
}

function fakeClock(startMs = 1_000_000) {
  const c = { t: startMs, nowMs: () => c.t };
  return c;
}

const MIN = 60e6;

describe('runProgressLine', () => {
  it('shows virtual time / end, events/s, the simulated-to-real ratio and the ETA', () => {
    // 5 min simulated in 5 s of wall time: 60x; 25 min left at 60x is 25 s.
    expect(runProgressLine('burst', { wallMs: 5000, nowUs: 5 * MIN, endUs: 30 * MIN, events: 60_000 })).toBe(
      'burst: virtual 5m0s / 30m0s (16%), 12000 events/s, 60x real time, ETA 25s\n',
    );
  });

  it('slower than real time: a fractional ratio and an ETA in minutes', () => {
    // 2 s simulated in 5 s: 0.4x; 58 s left take 145 s.
    expect(runProgressLine('storm', { wallMs: 5000, nowUs: 2e6, endUs: 60e6, events: 7 })).toBe(
      'storm: virtual 2s / 1m0s (3%), 1 events/s, 0.4x real time, ETA 2m25s\n',
    );
  });

  it('no virtual time yet: the ETA is unknown', () => {
    expect(runProgressLine('x', { wallMs: 5000, nowUs: 0, endUs: 60e6, events: 0 })).toMatch(
      /, 0\.0x real time, ETA unknown\n$/,
    );
  });
});

describe('countProgressLine', () => {
  it('shows done/total, elapsed wall time and the ETA at the average pace', () => {
    expect(countProgressLine('sweep', 'cells', { wallMs: 20_000, done: 4, total: 12 })).toBe(
      'sweep: 4/12 cells, 20s elapsed, ETA 40s\n',
    );
    expect(countProgressLine('compare', 'runs', { wallMs: 5000, done: 0, total: 6 })).toBe(
      'compare: 0/6 runs, 5s elapsed, ETA unknown\n',
    );
  });
});

describe('makeProgress on a pipe', () => {
  it('prints nothing before the first interval, then at most one line per interval', () => {
    const io = pipeIo();
    const clock = fakeClock();
    const p = makeProgress(io, 'run1', { clock, intervalMs: 3000 });
    const step = (ms: number, nowUs: number) => {
      clock.t += ms;
      p.update(nowUs, 10 * MIN, nowUs / 1000);
    };
    step(1000, 1 * MIN);
    step(1999, 2 * MIN);
    expect(io.lines).toEqual([]); // 2.999 s: shorter than the first interval
    step(1, 3 * MIN); // 3 s: due
    expect(io.lines).toEqual(['run1: virtual 3m0s / 10m0s (30%), 60000 events/s, 60x real time, ETA 7s\n']);
    step(2000, 4 * MIN); // 2 s after the last line: not yet
    step(999, 5 * MIN);
    expect(io.lines).toHaveLength(1);
    step(1, 6 * MIN); // 3 s after the last line
    expect(io.lines).toHaveLength(2);
    expect(io.lines[1]).toMatch(/^run1: virtual 6m0s \/ 10m0s \(60%\), /);
    p.stop();
    expect(io.lines).toHaveLength(2);
  });

  it('a run that ends before the first interval prints nothing', () => {
    const io = pipeIo();
    const clock = fakeClock();
    const p = makeProgress(io, 'short', { clock, intervalMs: 5000 });
    for (let i = 1; i <= 100; i++) {
      clock.t += 49;
      p.update(i * 6e6, 600e6, i);
    }
    p.stop();
    expect(io.lines).toEqual([]);
  });

  it('--quiet silences it however long the run', () => {
    const io = pipeIo();
    const clock = fakeClock();
    const p = makeProgress(io, 'long', { clock, intervalMs: 1000, quiet: true });
    for (let i = 1; i <= 50; i++) {
      clock.t += 10_000;
      p.update(i * 6e6, 300e6, i);
    }
    expect(io.lines).toEqual([]);
    const c = makeCountProgress(io, 'sweep', 'cells', 10, { clock, intervalMs: 1000, quiet: true });
    clock.t += 10_000;
    c.update(5);
    expect(io.lines).toEqual([]);
  });
});

describe('makeCountProgress on a pipe', () => {
  it('a line per interval with the count and ETA', () => {
    const io = pipeIo();
    const clock = fakeClock();
    const p = makeCountProgress(io, 'sweep', 'cells', 8, { clock, intervalMs: 2000 });
    clock.t += 1000;
    p.update(1);
    expect(io.lines).toEqual([]);
    clock.t += 1000;
    p.update(2);
    expect(io.lines).toEqual(['sweep: 2/8 cells, 2s elapsed, ETA 6s\n']);
  });
});

describe('progressIntervalMs', () => {
  it('reads KUBESIM_PROGRESS_INTERVAL_MS when it is a whole number', () => {
    expect(progressIntervalMs({})).toBe(DEFAULT_PROGRESS_INTERVAL_MS);
    expect(progressIntervalMs({ KUBESIM_PROGRESS_INTERVAL_MS: '250' })).toBe(250);
    expect(progressIntervalMs({ KUBESIM_PROGRESS_INTERVAL_MS: '-1' })).toBe(DEFAULT_PROGRESS_INTERVAL_MS);
    expect(progressIntervalMs({ KUBESIM_PROGRESS_INTERVAL_MS: 'soon' })).toBe(DEFAULT_PROGRESS_INTERVAL_MS);
  });
});
