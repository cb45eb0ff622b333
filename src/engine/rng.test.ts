import { describe, expect, it } from 'vitest';
import { RngRoot } from './rng.js';

describe('RngRoot', () => {
  it('same seed and name give the same draws', () => {
    const a = new RngRoot(7).stream('kubelet/a-01');
    const b = new RngRoot(7).stream('kubelet/a-01');
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
  });

  it('adding a stream does not shift another stream', () => {
    const r1 = new RngRoot(7);
    const first = Array.from({ length: 3 }, () => r1.stream('kubelet/a-01').next());
    const r2 = new RngRoot(7);
    r2.stream('scheduler/default-scheduler').next();
    const second = Array.from({ length: 3 }, () => r2.stream('kubelet/a-01').next());
    expect(second).toEqual(first);
  });

  it('different seeds differ; values are in range', () => {
    const a = new RngRoot(1).stream('x');
    const b = new RngRoot(2).stream('x');
    expect(a.next()).not.toBe(b.next());
    for (let i = 0; i < 1000; i++) {
      const v = a.next();
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
      const k = a.intBelow(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
    }
  });
});
