import { describe, expect, it } from 'vitest';
import { testPod } from '../../test/helpers/pods.js';
import { RngRoot } from '../engine/rng.js';
import { type StageSpec, stageSchema } from './schema.js';
import { DEFAULT_STAGES, RunDurationAnnotation, StageSet, sampleDelayUs } from './stages.js';

const S = 1_000_000;

describe('delay distributions', () => {
  const rng = new RngRoot(1).stream('t');
  const pod = testPod({ annotations: { [RunDurationAnnotation]: '1m30s' } });
  const mean = (f: () => number, n = 20_000) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += f();
    return s / n;
  };
  it.each([
    { d: { distribution: 'constant' as const, value: 5 * S }, mean: 5 * S, tol: 0 },
    { d: { distribution: 'uniform' as const, min: 2 * S, max: 4 * S }, mean: 3 * S, tol: 0.03 * S },
    { d: { distribution: 'exponential' as const, mean: 10 * S }, mean: 10 * S, tol: 0.3 * S },
    { d: { distribution: 'normal' as const, mean: 10 * S, stddev: 1 * S }, mean: 10 * S, tol: 0.05 * S },
    // lognormal mean = median * exp(sigma^2 / 2)
    {
      d: { distribution: 'lognormal' as const, median: 1 * S, sigma: 0.5 },
      mean: Math.exp(0.125) * S,
      tol: 0.02 * S,
    },
  ])('$d.distribution has the expected mean', ({ d, mean: want, tol }) => {
    expect(Math.abs(mean(() => sampleDelayUs(d, rng, pod)) - want)).toBeLessThanOrEqual(tol);
  });
  it('clamps to max and reads annotations', () => {
    expect(
      sampleDelayUs({ distribution: 'exponential', mean: 100 * S, max: 1 * S }, rng, pod),
    ).toBeLessThanOrEqual(S);
    expect(
      sampleDelayUs({ distribution: 'fromAnnotation', annotation: RunDurationAnnotation }, rng, pod),
    ).toBe(90 * S);
    expect(
      sampleDelayUs({ distribution: 'fromAnnotation', annotation: 'missing', default: 7 }, rng, pod),
    ).toBe(7);
  });
});

describe('StageSet', () => {
  it('the default start-up stage keeps p99 well inside the 5 s SLO', () => {
    const set = new StageSet([], new RngRoot(3));
    const pod = testPod();
    const draws = Array.from({ length: 10_000 }, () => set.next('Scheduled', pod)?.delayUs ?? 0).sort(
      (a, b) => a - b,
    );
    const p99 = draws[Math.ceil(0.99 * draws.length) - 1] as number;
    expect(p99).toBeGreaterThan(1.5 * S);
    expect(p99).toBeLessThan(3 * S);
  });

  it('user stages win over defaults; weights split the matches', () => {
    const user: StageSpec[] = [
      {
        name: 'ok',
        on: 'Running',
        weight: 3,
        delay: { distribution: 'constant', value: S },
        next: { phase: 'Succeeded' },
      },
      {
        name: 'boom',
        on: 'Running',
        weight: 1,
        delay: { distribution: 'constant', value: S },
        next: { phase: 'Failed', reason: 'OOMKilled' },
      },
    ];
    const set = new StageSet(user, new RngRoot(5));
    const pod = testPod({ owner: { kind: 'Job', name: 'j', uid: 'u', controller: true } });
    let failed = 0;
    for (let i = 0; i < 8000; i++) if (set.next('Running', pod)?.phase === 'Failed') failed++;
    expect(failed / 8000).toBeGreaterThan(0.23);
    expect(failed / 8000).toBeLessThan(0.27);
  });

  it('failProbability turns that share of outcomes into Failed with the given reason', () => {
    const set = new StageSet(
      [
        {
          name: 'flaky',
          on: 'Running',
          delay: { distribution: 'constant', value: 0 },
          next: { phase: 'Succeeded', failProbability: 0.1, reason: 'Error' },
        },
      ],
      new RngRoot(9),
    );
    const pod = testPod();
    const outcomes = Array.from({ length: 10_000 }, () => set.next('Running', pod));
    const failed = outcomes.filter((o) => o?.phase === 'Failed');
    expect(failed.length).toBeGreaterThan(900);
    expect(failed.length).toBeLessThan(1100);
    expect(failed[0]?.reason).toBe('Error');
  });

  it('selectors: owner kinds, annotations, labels; no match means no stage', () => {
    const set = new StageSet([], new RngRoot(1));
    expect(set.next('Running', testPod())).toBeNull();
    expect(
      set.next('Running', testPod({ owner: { kind: 'Job', name: 'j', uid: 'u', controller: true } }))?.stage
        .name,
    ).toBe('job-complete');
    expect(set.next('Running', testPod({ annotations: { [RunDurationAnnotation]: '5s' } }))?.delayUs).toBe(
      5 * S,
    );
  });

  it('a user stage with a default name replaces that default', () => {
    const set = new StageSet(
      [
        {
          name: 'pod-start',
          on: 'Scheduled',
          selector: { matchLabels: { slow: 'yes' } },
          delay: { distribution: 'constant', value: 30 * S },
        },
      ],
      new RngRoot(1),
    );
    expect(set.next('Scheduled', testPod())).toBeNull();
    expect(set.next('Scheduled', testPod({ labels: { slow: 'yes' } }))?.delayUs).toBe(30 * S);
    expect(DEFAULT_STAGES.map((s) => s.name)).toContain('pod-start');
  });
});

describe('stage schema', () => {
  it.each([
    [
      { on: 'Terminating', next: { phase: 'Succeeded' } },
      'a Terminating stage ends with the pod removed: it takes no next.phase',
    ],
    [{ on: 'Running', next: { phase: 'Running' } }, 'a Running stage moves the pod to Succeeded or Failed'],
    [
      { on: 'Scheduled', next: { phase: 'Succeeded' } },
      'a Scheduled stage moves the pod to Running or Failed',
    ],
  ])('%j is refused', (stage, message) => {
    const r = stageSchema.safeParse({
      name: 's',
      delay: { distribution: 'constant', value: '1s' },
      ...stage,
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['next', 'phase'], message });
  });
});
