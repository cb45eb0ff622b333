import { describe, expect, it } from 'vitest';
import { ZoneTaintQueue } from './taint-queue.js';

const S = 1_000_000;

function drain(q: ZoneTaintQueue, fromS: number, toS: number): [number, string][] {
  const out: [number, string][] = [];
  for (let t = fromS * 10; t <= toS * 10; t++) {
    const nowUs = (t / 10) * S;
    q.try(nowUs, (name) => {
      out.push([nowUs / S, name]);
      return true;
    });
  }
  return out;
}

describe('ZoneTaintQueue (RateLimitedTimedQueue)', () => {
  it('takes one node per token, in name order among equal processAt (M8)', () => {
    const q = new ZoneTaintQueue(0.1, 0);
    for (const n of ['n-03', 'n-01', 'n-02']) q.add(n, 150 * S);
    expect(drain(q, 150, 180)).toEqual([
      [150, 'n-01'],
      [160, 'n-02'],
      [170, 'n-03'],
    ]);
  });

  it('orders by processAt before name', () => {
    const q = new ZoneTaintQueue(0.1, 0);
    q.add('n-09', 10 * S);
    q.add('n-01', 20 * S);
    expect(q.waitingInOrder()).toEqual(['n-09', 'n-01']);
  });

  it('keeps a processed name in the set until it is removed', () => {
    const q = new ZoneTaintQueue(0.1, 0);
    q.add('n-01', 0);
    drain(q, 0, 0);
    expect(q.waitingCount).toBe(0);
    expect(q.add('n-01', 5 * S)).toBe(false);
    expect(q.remove('n-01')).toBe(true);
    expect(q.remove('n-01')).toBe(false);
    expect(q.add('n-01', 5 * S)).toBe(true);
  });

  it('an empty queue spends no token; every head tried spends one, even a dropped one', () => {
    const q = new ZoneTaintQueue(0.1, 0);
    expect(drain(q, 0, 100)).toEqual([]);
    q.add('ready-again', 100 * S);
    q.add('z', 100 * S);
    const seen: string[] = [];
    q.try(100 * S, (n) => {
      seen.push(n);
      return true; // e.g. the node turned Ready: dropped, but the token is gone
    });
    expect(seen).toEqual(['ready-again']);
    expect(q.nextTokenUs()).toBe(110 * S);
  });

  it('a failed action re-queues the head at its retry time; the token is spent anyway', () => {
    const q = new ZoneTaintQueue(10, 0);
    q.add('a', 0);
    q.try(0, () => ({ retryAtUs: 50_001 }));
    expect(q.waitingInOrder()).toEqual(['a']);
    const seen: number[] = [];
    for (const t of [0, 50_000, 100_000]) {
      q.try(t, () => {
        seen.push(t);
        return true;
      });
    }
    expect(seen).toEqual([100_000]);
  });

  it('qps 0 never accepts', () => {
    const q = new ZoneTaintQueue(0, 0);
    q.add('a', 0);
    expect(drain(q, 0, 1000)).toEqual([]);
    expect(q.nextTokenUs()).toBe(Number.POSITIVE_INFINITY);
  });

  it('a head that is not due yet still costs the token taken before its time is checked (Try)', () => {
    const q = new ZoneTaintQueue(0.1, 0);
    q.add('later', 50 * S);
    expect(drain(q, 0, 0)).toEqual([]);
    expect(q.nextTokenUs()).toBe(10 * S);
    expect(q.waitingInOrder()).toEqual(['later']);
  });

  it('a removed name is no longer tried (UniqueQueue.Remove takes it out of the queue too)', () => {
    const q = new ZoneTaintQueue(0.1, 0);
    q.add('n-01', 0);
    q.add('n-02', 0);
    expect(q.waitingInOrder()).toEqual(['n-01', 'n-02']);
    expect(q.remove('n-01')).toBe(true);
    expect(q.waitingCount).toBe(1);
    expect(drain(q, 0, 0)).toEqual([[0, 'n-02']]);
  });

  it('a name added twice keeps its first processAt (UniqueQueue.Add is a no-op for a member)', () => {
    const q = new ZoneTaintQueue(0.1, 0);
    q.add('n-02', 10 * S);
    expect(q.add('n-02', 30 * S)).toBe(false);
    q.add('n-01', 20 * S);
    expect(q.waitingInOrder()).toEqual(['n-02', 'n-01']);
  });

  it('orders many names by processAt, then by name, whatever order they were added in', () => {
    const q = new ZoneTaintQueue(0.1, 0);
    const added: [string, number][] = [
      ['n-07', 30],
      ['n-03', 10],
      ['n-10', 20],
      ['n-01', 30],
      ['n-05', 10],
      ['n-02', 20],
      ['n-09', 10],
      ['n-04', 30],
      ['n-08', 20],
      ['n-06', 10],
    ];
    for (const [n, t] of added) q.add(n, t * S);
    const expected = [...added].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).map(([n]) => n);
    expect(expected.slice(0, 4)).toEqual(['n-03', 'n-05', 'n-06', 'n-09']);
    expect(q.waitingInOrder()).toEqual(expected);
    // Reversed insertion gives the same order.
    const r = new ZoneTaintQueue(0.1, 0);
    for (const [n, t] of [...added].reverse()) r.add(n, t * S);
    expect(r.waitingInOrder()).toEqual(expected);
  });

  it('keeps name order among equal processAt in a long queue (hundreds of nodes re-queued by one pass)', () => {
    const q = new ZoneTaintQueue(0.1, 0);
    const names: string[] = [];
    // A fixed permutation of 300 names (multiplying by 7 modulo 300, which is coprime to it).
    for (let k = 0; k < 300; k++) names.push(`node-${String((k * 7) % 300).padStart(3, '0')}`);
    for (const n of names) q.add(n, 5 * S);
    q.add('late', 6 * S);
    q.add('early', 4 * S);
    expect(q.waitingInOrder()).toEqual(['early', ...[...names].sort(), 'late']);
  });

  it('names added after a head was processed are tried from the front of the new order', () => {
    const q = new ZoneTaintQueue(1000, 0);
    q.add('n-05', 0);
    expect(drain(q, 0, 0)).toEqual([[0, 'n-05']]);
    q.add('n-09', 1 * S);
    q.add('n-02', 1 * S);
    const seen: string[] = [];
    for (let t = 1000; t <= 1010; t++) {
      q.try(t * 1000, (n) => {
        seen.push(n);
        return true;
      });
    }
    expect(seen).toEqual(['n-02', 'n-09']);
  });

  it('a retried head waits for its retry time even with tokens to spare, and lets due names pass', () => {
    // 100 tokens/s: a token every 10 ms, so only processAt decides.
    const q = new ZoneTaintQueue(100, 0);
    q.add('a', 0);
    q.add('b', 0);
    const seen: string[] = [];
    for (let ms = 0; ms <= 80; ms += 10) {
      q.try(ms * 1000, (n) => {
        seen.push(`${ms} ${n}`);
        return n === 'a' && ms === 0 ? { retryAtUs: 50_001 } : true;
      });
    }
    expect(seen).toEqual(['0 a', '10 b', '60 a']);
  });

  describe('swapLimiter (SwapLimiter)', () => {
    it('is a no-op for the same float32 QPS', () => {
      const q = new ZoneTaintQueue(0.1, 0);
      q.add('a', 0);
      drain(q, 0, 0);
      q.swapLimiter(0.1, 5 * S);
      expect(q.nextTokenUs()).toBe(10 * S);
    });

    it('compares rates as float32 (SwapLimiter takes a float32 QPS): 0.1 + 1e-12 keeps the bucket', () => {
      const q = new ZoneTaintQueue(0.1, 0);
      q.add('a', 0);
      drain(q, 0, 0);
      q.swapLimiter(0.1 + 1e-12, 1 * S);
      expect(q.nextTokenUs()).toBe(10 * S);
      q.swapLimiter(0.1000001, 1 * S); // a different float32: replaced, and drained (no token left)
      expect(q.nextTokenUs()).toBeCloseTo(1 * S + 1e6 / 0.1000001, 0);
    });

    it('a new bucket starts full when the old one had a token (S4)', () => {
      const q = new ZoneTaintQueue(0.1, 0);
      q.swapLimiter(0.01, 145 * S);
      q.add('a', 150 * S);
      q.add('b', 150 * S);
      expect(drain(q, 150, 260)).toEqual([
        [150, 'a'],
        [250, 'b'],
      ]);
    });

    it('the new bucket is drained when the old one had no token (S9)', () => {
      const q = new ZoneTaintQueue(0.1, 0);
      q.add('a', 240 * S);
      drain(q, 240, 240);
      q.swapLimiter(0.01, 245 * S);
      expect(q.nextTokenUs()).toBe(345 * S);
    });

    it('leaving rate 0 always drains (S5, S6)', () => {
      const q = new ZoneTaintQueue(0.1, 0);
      q.swapLimiter(0, 145 * S);
      q.swapLimiter(0.1, 605 * S);
      expect(q.nextTokenUs()).toBe(615 * S);
    });
  });
});
