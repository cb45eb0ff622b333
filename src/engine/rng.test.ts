import { describe, expect, it } from 'vitest';
import { aleaFillU32, aleaStateOf, RngRoot } from './rng.js';

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

  it('a name always returns the same stream object, which keeps its position', () => {
    const root = new RngRoot(3);
    const a = root.stream('x');
    const first = a.next();
    expect(root.stream('x')).toBe(a);
    expect(root.stream('x').next()).not.toBe(first);
    expect(new RngRoot(3).stream('x').next()).toBe(first);
    root.stream('y');
    expect(root.streamNames).toEqual(['x', 'y']);
  });

  it('intBelow(n) reaches every value of [0, n); nextU32 gives 32-bit unsigned integers', () => {
    const r = new RngRoot(11).stream('draws');
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(r.intBelow(7));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    let high = false;
    for (let i = 0; i < 100; i++) {
      const u = r.nextU32();
      expect(Number.isInteger(u) && u >= 0 && u < 2 ** 32).toBe(true);
      high ||= u >= 2 ** 31;
    }
    // >>> 0 makes the signed int32 unsigned: half of the draws are at or above 2^31.
    expect(high).toBe(true);
  });

  it('state() is a plain JSON snapshot that moves with the draws (checkpoints)', () => {
    const r = new RngRoot(5).stream('s');
    const before = JSON.stringify(r.state());
    expect(before).toMatch(/^\{.+\}$/);
    r.next();
    expect(JSON.stringify(r.state())).not.toBe(before);
  });
});

describe('aleaFillU32', () => {
  it("gives the stream's own nextU32 draws, in order, across refills and after other draws", () => {
    for (const name of ['kubelet/n-0/lease', 'kubelet/n-64999/status', 'x']) {
      const stream = new RngRoot(1).stream(name);
      const reference = new RngRoot(1).stream(name);
      stream.next(); // a double (two steps) before the state is taken
      reference.next();
      const st = aleaStateOf(stream);
      const states = new Float64Array([0, 0, st.c, st.s0, st.s1, st.s2]);
      const out = new Uint32Array(3 + 37 * 3);
      for (let r = 0; r < 3; r++) aleaFillU32(states, 2, out, 3 + 37 * r, 37);
      const want = Array.from({ length: 37 * 3 }, () => reference.nextU32());
      expect(Array.from(out.subarray(3))).toEqual(want);
      expect(Array.from(out.subarray(0, 3))).toEqual([0, 0, 0]);
      // The state moved on exactly as the stream's would have.
      expect(Array.from(states.subarray(2))).toEqual(Object.values(aleaStateOf(reference)));
    }
  });

  it('aleaStateOf rejects a generator that is not Alea', () => {
    const fake = { next: () => 0, nextU32: () => 0, intBelow: () => 0, state: () => ({ i: 1 }) };
    expect(() => aleaStateOf(fake)).toThrow(/not an Alea/);
  });
});
