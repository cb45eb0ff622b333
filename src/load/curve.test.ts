import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageOver, buildCurve, CurveError, parseDemandTrace } from './curve.js';
import { hashString, standardNormal, uniform } from './noise.js';
import { ServingSet, servingWeight } from './profile.js';

const S = 1_000_000;
const H = 3600 * S;

/** Midpoint-rule integral, for checking the closed forms. */
function numeric(c: ReturnType<typeof buildCurve>, t1: number, t2: number, n = 20_000): number {
  const dt = (t2 - t1) / n;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += c.valueAt(t1 + (i + 0.5) * dt) * dt;
  return sum;
}

describe('demand curves', () => {
  it('constant', () => {
    const c = buildCurve({ constant: 40 });
    expect(c.valueAt(123 * S)).toBe(40);
    expect(averageOver(c, 0, 15 * S)).toBe(40);
  });

  it('steps hold each value from its time to the next; the first value holds before it', () => {
    const c = buildCurve({
      steps: [
        { at: 10 * S, value: 5 },
        { at: 20 * S, value: 50 },
      ],
    });
    expect([
      c.valueAt(0),
      c.valueAt(10 * S),
      c.valueAt(19.999 * S),
      c.valueAt(20 * S),
      c.valueAt(1e9 * S),
    ]).toEqual([5, 5, 5, 50, 50]);
    // [15 s, 30 s]: 5 for 5 s then 50 for 10 s
    expect(averageOver(c, 15 * S, 30 * S)).toBeCloseTo((5 * 5 + 50 * 10) / 15, 12);
  });

  it('linear interpolates and is flat outside its points', () => {
    const c = buildCurve({
      linear: [
        { at: 0, value: 0 },
        { at: 100 * S, value: 100 },
      ],
    });
    expect(c.valueAt(25 * S)).toBeCloseTo(25, 12);
    expect(c.valueAt(200 * S)).toBe(100);
    expect(averageOver(c, 50 * S, 150 * S)).toBeCloseTo((75 * 50 + 100 * 50) / 100, 9);
  });

  it('daily sine: min half a period before the peak, max at the peak, mean over a whole period', () => {
    const c = buildCurve({ daily: { min: 20, max: 100, peakAt: 14 * H } });
    expect(c.valueAt(14 * H)).toBeCloseTo(100, 9);
    expect(c.valueAt(2 * H)).toBeCloseTo(20, 9);
    expect(c.valueAt(38 * H)).toBeCloseTo(100, 9);
    expect(averageOver(c, 0, 24 * H)).toBeCloseTo(60, 9);
  });

  it('spikes multiply the curve inside [at, at + for)', () => {
    const c = buildCurve({ constant: 10 }, [{ at: 10 * S, for: 20 * S, factor: 10 }]);
    expect([c.valueAt(9 * S), c.valueAt(10 * S), c.valueAt(29 * S), c.valueAt(30 * S)]).toEqual([
      10, 100, 100, 10,
    ]);
    expect(averageOver(c, 0, 40 * S)).toBeCloseTo((10 * 20 + 100 * 20) / 40, 12);
  });

  it('a CSV trace: header time,value, step or linear', () => {
    const text = 'value,time\n10,0s\n30,1m\n20,2m\n';
    const step = buildCurve({ trace: { text } });
    expect(step.valueAt(90 * S)).toBe(30);
    const lin = buildCurve({ trace: { text, interpolation: 'linear', timeScale: 0.5 } });
    expect(lin.valueAt(15 * S)).toBeCloseTo(20, 9);
  });

  it('trace errors name the line', () => {
    expect(() => parseDemandTrace('t,v\n', 1)).toThrow(CurveError);
    try {
      parseDemandTrace('time,value\n0,1\n10s,x\n', 1);
    } catch (e) {
      expect((e as CurveError).line).toBe(3);
      expect((e as Error).message).toContain('value');
    }
    expect(() => parseDemandTrace('time,value\n10s,1\n5s,2\n', 1)).toThrow('times must increase');
  });

  it('property: every closed-form integral matches a numeric one and is additive', () => {
    const curves = [
      buildCurve({ daily: { min: 3, max: 17, peakAt: 5 * H, period: 6 * H } }, [
        { at: 2 * H, for: H, factor: 4 },
      ]),
      buildCurve({
        linear: [
          { at: H, value: 2 },
          { at: 2 * H, value: 9 },
          { at: 4 * H, value: 1 },
        ],
      }),
      buildCurve(
        {
          steps: [
            { at: 0, value: 1 },
            { at: H, value: 7 },
          ],
        },
        [{ at: 30 * 60 * S, for: H, factor: 0 }],
      ),
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 5 * H }),
        fc.integer({ min: 1, max: 2 * H }),
        fc.integer({ min: 0, max: 100 }),
        (ci, t1, len, split) => {
          const c = curves[ci] as ReturnType<typeof buildCurve>;
          const t2 = t1 + len;
          const mid = t1 + Math.floor((len * split) / 100);
          expect(c.integral(t1, t2)).toBeCloseTo(c.integral(t1, mid) + c.integral(mid, t2), 3);
          const num = numeric(c, t1, t2);
          expect(Math.abs(c.integral(t1, t2) - num)).toBeLessThan(Math.max(1e-4 * Math.abs(num), len * 0.01));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('noise: a pure function of (key, item, counter)', () => {
  it('same inputs, same draw; different counters and items differ', () => {
    const a = standardNormal(7, hashString('pod-uid-1'), 3);
    expect(standardNormal(7, hashString('pod-uid-1'), 3)).toBe(a);
    expect(standardNormal(7, hashString('pod-uid-1'), 4)).not.toBe(a);
    expect(standardNormal(7, hashString('pod-uid-2'), 3)).not.toBe(a);
    expect(standardNormal(8, hashString('pod-uid-1'), 3)).not.toBe(a);
  });
  it('uniforms stay inside (0, 1) and normals have mean 0 and variance 1', () => {
    let sum = 0;
    let sq = 0;
    const n = 40_000;
    for (let i = 0; i < n; i++) {
      const u = uniform(1, i, i * 7);
      expect(u > 0 && u < 1).toBe(true);
      const z = standardNormal(11, hashString(`pod-${i % 97}`), i);
      sum += z;
      sq += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.03);
  });
});

describe('serving weights', () => {
  it('a ready pod ramps from 0 to 1 over the warmup', () => {
    expect([
      servingWeight(0, 30 * S),
      servingWeight(15 * S, 30 * S),
      servingWeight(45 * S, 30 * S),
      servingWeight(0, 0),
    ]).toEqual([0, 0.5, 1, 1]);
  });
  it('the set sums weights and folds pods past their warmup into a count', () => {
    const s = new ServingSet(30 * S);
    s.ready('a', 0);
    s.ready('b', 15 * S);
    expect(s.totalWeight(30 * S)).toBeCloseTo(1.5, 12);
    s.notReady('a');
    expect(s.totalWeight(45 * S)).toBeCloseTo(1, 12);
    expect(s.readyCount).toBe(1);
    s.notReady('b');
    expect(s.totalWeight(60 * S)).toBe(0);
  });
});
