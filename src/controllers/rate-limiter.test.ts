import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenBucket } from './rate-limiter.js';

const S = 1_000_000;

describe('TokenBucket', () => {
  it('starts full and refills at qps', () => {
    const b = new TokenBucket(0.1, 1, 0);
    expect(b.tryAccept(150 * S)).toBe(true);
    expect(b.tryAccept(150 * S)).toBe(false);
    expect(b.tryAccept(159.9 * S)).toBe(false);
    expect(b.tryAccept(160 * S)).toBe(true);
  });

  it('burst tokens are available at once, then one per interval', () => {
    const b = new TokenBucket(20, 30, 0);
    let ok = 0;
    for (let i = 0; i < 40; i++) if (b.tryAccept(0)) ok++;
    expect(ok).toBe(30);
    expect(b.tryAccept(49_999)).toBe(false);
    expect(b.tryAccept(50_000)).toBe(true);
  });

  it('reserve spaces callers by 1/qps after the burst', () => {
    const b = new TokenBucket(20, 2, 0);
    expect([b.reserve(0), b.reserve(0), b.reserve(0), b.reserve(0)]).toEqual([0, 0, 50_000, 100_000]);
  });

  it('qps 0 never accepts', () => {
    const b = new TokenBucket(0, 1, 0);
    expect(b.tryAccept(1e12)).toBe(false);
    expect(b.reserve(0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('drain makes the next token come one interval later', () => {
    const b = new TokenBucket(0.1, 1, 0);
    b.drain(245 * S);
    expect(b.tryAccept(254.9 * S)).toBe(false);
    expect(b.tryAccept(255 * S)).toBe(true);
  });

  it('never accepts more than qps x window + burst in any window (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 50, noNaN: true }),
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: 0, max: 2_000_000 }), { minLength: 1, maxLength: 300 }),
        (qps, burst, gaps) => {
          const b = new TokenBucket(qps, burst, 0);
          const accepted: number[] = [];
          let t = 0;
          for (const g of gaps) {
            t += g;
            if (b.tryAccept(t)) accepted.push(t);
          }
          for (let i = 0; i < accepted.length; i++) {
            for (let j = i; j < accepted.length; j++) {
              const window = ((accepted[j] as number) - (accepted[i] as number)) / S;
              expect(j - i + 1).toBeLessThanOrEqual(Math.floor(qps * window + 1e-9) + burst);
            }
          }
        },
      ),
      { seed: 3, numRuns: 200 },
    );
  });
});
