// Which runs `kubesim bench` plans: --case picks cases also under --smoke (issue 16: `bench --smoke
// --case B4,B5` used to run every smoke case).
import { describe, expect, it } from 'vitest';
import { CliExit } from '../io.js';
import { plannedRuns } from './bench.js';

const base = { series: false, smoke: false } as const;
const names = (a: Parameters<typeof plannedRuns>[0]) => plannedRuns(a).map((r) => r.caseName);

describe('plannedRuns', () => {
  it('--smoke --case runs only the cases named, at their smoke sizes, in the order given', () => {
    const runs = plannedRuns({ ...base, smoke: true, case: ['b5,B4'] });
    expect(runs.map((r) => [r.caseName, r.args])).toEqual([
      ['B5', ['B5', '--smoke']],
      ['B4', ['B4', '--smoke']],
    ]);
    expect(names({ ...base, smoke: true, case: ['B2-100', 'b8-AUTOSCALER', 'B6-burst'] })).toEqual([
      'B2-100',
      'B8-autoscaler',
      'B6-burst',
    ]);
    expect(plannedRuns({ ...base, smoke: true, case: ['B2-100'] })[0]?.args).toEqual([
      'B2',
      '--nodes',
      '60',
      '--pods',
      '600',
      '--pct',
      '100',
    ]);
  });

  it('--smoke alone runs every smoke case but B2-100, each at its tiny size', () => {
    expect(names({ ...base, smoke: true })).toEqual([
      'B1',
      'B2',
      'B3',
      'B8-autoscaler',
      'B4',
      'B5',
      'B6',
      'B9',
      'B6-burst',
      'B10',
    ]);
    // A smoke scenario run gets no large heap.
    expect(plannedRuns({ ...base, smoke: true }).find((r) => r.caseName === 'B6-burst')?.heapMiB).toBe(
      undefined,
    );
  });

  it('a case without a smoke size, or an unknown one, is refused under --smoke', () => {
    expect(() => plannedRuns({ ...base, smoke: true, case: ['B7-hpa'] })).toThrow(CliExit);
    expect(() => plannedRuns({ ...base, smoke: true, case: ['B99'] })).toThrow(/has no --smoke size/);
  });

  it('without --smoke, --case names full-size runs', () => {
    const runs = plannedRuns({ ...base, case: ['B5', 'B6-BURST'] });
    expect(runs.map((r) => [r.caseName, r.args, r.heapMiB])).toEqual([
      ['B5', ['B5'], undefined],
      ['B6-burst', ['B6-burst'], 12288],
    ]);
    expect(names(base)).toEqual(['B1', 'B2', 'B2-100', 'B3', 'B8-autoscaler']);
  });
});
