// The event calendar against a plain model (docs/mutation.md: these are the cases the mutation run of
// the engine found unpinned). The calendar's contract is ns-3's Scheduler (src/core/model/scheduler.h):
// entries leave in (time, key) order, a cancelled entry stays until it reaches the top and then leaves
// without firing, and a handle names one entry for ever (a stale handle never touches a later entry
// that reuses its slot). Sequences are long enough (hundreds of pending entries) to grow the heap and
// the slot table several times from the minimum capacity of 16.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimulationAssertionError } from './assert.js';
import { EventQueue, LANE_SPACE } from './event-queue.js';

type Op =
  | { op: 'push'; dt: number; lane: number }
  | { op: 'pop'; into: boolean }
  | { op: 'cancel'; which: number }
  | { op: 'skip' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('push' as const),
      dt: fc.integer({ min: 0, max: 30 }),
      lane: fc.integer({ min: 0, max: 3 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('pop' as const), into: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('cancel' as const), which: fc.nat(10_000) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('skip' as const) }) },
);

/** One entry of the model: in the heap (pending or cancelled) or gone (popped). */
type Entry = { t: number; key: number; id: number; handle: number; state: 'pending' | 'cancelled' | 'gone' };

const byOrder = (a: Entry, b: Entry) => a.t - b.t || a.key - b.key;

function checkAgainstModel(ops: readonly Op[]): void {
  const q = new EventQueue<number>(16);
  const model: Entry[] = [];
  let seq = 0;
  let floor = 0;
  const inHeap = () => model.filter((m) => m.state !== 'gone').sort(byOrder);
  for (const o of ops) {
    if (o.op === 'push') {
      const t = floor + o.dt;
      const id = seq++;
      const key = o.lane * LANE_SPACE + id;
      model.push({ t, key, id, handle: q.push(t, key, id), state: 'pending' });
    } else if (o.op === 'cancel') {
      const target = model[o.which % Math.max(1, model.length)];
      if (target === undefined) {
        expect(q.cancel(0)).toBe(false);
        continue;
      }
      // Only a pending entry can be cancelled; a cancelled or popped one answers false.
      expect(q.cancel(target.handle)).toBe(target.state === 'pending');
      if (target.state === 'pending') target.state = 'cancelled';
    } else if (o.op === 'skip') {
      q.skipCancelled();
      for (const top of inHeap()) {
        if (top.state !== 'cancelled') break;
        top.state = 'gone';
      }
    } else {
      const heap = inHeap();
      const want = heap[0];
      if (want === undefined) continue;
      // A cancelled entry at the top leaves without its payload.
      const payload = want.state === 'cancelled' ? undefined : want.id;
      if (o.into) {
        const into: { event: number | undefined } = { event: -1 };
        expect(q.popInto(into)).toBe(want.t);
        expect(into.event).toBe(payload);
      } else {
        expect(q.pop()).toEqual({ atUs: want.t, event: payload });
      }
      want.state = 'gone';
      floor = want.t;
    }
    const heap = inHeap();
    expect(q.length).toBe(heap.length);
    expect(q.livePending).toBe(heap.filter((m) => m.state === 'pending').length);
    expect(q.peekTime()).toBe(heap[0]?.t ?? Number.POSITIVE_INFINITY);
  }
  for (const m of model) expect(q.isPending(m.handle)).toBe(m.state === 'pending');
}

describe('EventQueue against a model, hundreds of pending entries', () => {
  it('matches the model on long random push/pop/popInto/cancel/skipCancelled sequences', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 200, maxLength: 600 }), (ops) => checkAgainstModel(ops)),
      { seed: 18, numRuns: 60 },
    );
  });

  it('grows past 16 entries and 16 slots and still pops in order (2000 pushes, then drain)', () => {
    const q = new EventQueue<number>(1);
    const want: number[] = [];
    const handles: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t = (i * 7919) % 1000;
      handles.push(q.push(t, i, i));
      want.push(t);
    }
    // Every handle names its own entry: cancel the odd ones, the even ones stay pending.
    for (let i = 1; i < 2000; i += 2) expect(q.cancel(handles[i] as number)).toBe(true);
    for (let i = 0; i < 2000; i++) expect(q.isPending(handles[i] as number)).toBe(i % 2 === 0);
    expect(q.livePending).toBe(1000);
    const got: number[] = [];
    while (q.length > 0) {
      const { atUs, event } = q.pop();
      if (event !== undefined) {
        expect(event % 2).toBe(0);
        got.push(atUs);
      }
    }
    expect(got).toEqual(want.filter((_, i) => i % 2 === 0).sort((a, b) => a - b));
    expect(q.livePending).toBe(0);
    expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
  });

  it('a stale handle neither cancels nor reports the entry that reused its slot', () => {
    const q = new EventQueue<string>(16);
    const stale = q.push(1, 0, 'first');
    expect(q.pop()).toEqual({ atUs: 1, event: 'first' });
    const fresh = q.push(2, 1, 'second');
    expect(q.isPending(stale)).toBe(false);
    expect(q.cancel(stale)).toBe(false);
    expect(q.isPending(fresh)).toBe(true);
    expect(q.cancel(fresh)).toBe(true);
    expect(q.isPending(fresh)).toBe(false);
    expect(q.cancel(fresh)).toBe(false);
    expect(q.livePending).toBe(0);
    expect(q.length).toBe(1);
    q.skipCancelled();
    expect(q.length).toBe(0);
  });

  it('a handle no push returned is not pending and cannot be cancelled', () => {
    const q = new EventQueue<string>(16);
    q.push(1, 0, 'a');
    for (const h of [1, 5, 2 ** 22 + 1, 2 ** 22]) {
      expect(q.isPending(h)).toBe(false);
      expect(q.cancel(h)).toBe(false);
    }
    expect(q.livePending).toBe(1);
  });

  it('skipCancelled drops only cancelled entries at the top and keeps peekTime on a live one', () => {
    const q = new EventQueue<string>(16);
    const a = q.push(1, 0, 'a');
    const b = q.push(2, 1, 'b');
    q.push(3, 2, 'c');
    const d = q.push(4, 3, 'd');
    q.cancel(a);
    q.cancel(b);
    q.cancel(d);
    expect(q.peekTime()).toBe(1);
    q.skipCancelled();
    expect(q.peekTime()).toBe(3);
    expect(q.length).toBe(2);
    expect(q.livePending).toBe(1);
    expect(q.pop()).toEqual({ atUs: 3, event: 'c' });
    expect(q.pop()).toEqual({ atUs: 4, event: undefined });
    expect(q.livePending).toBe(0);
    q.skipCancelled();
    expect(q.length).toBe(0);
  });

  it('reuses released slots: 2^22 + 10 push/pop pairs never reach the pending-entry limit', () => {
    const q = new EventQueue<number>(16);
    let last = 0;
    let stillPending = 0; // counted, not expect()ed per pair: 4M expect calls take a minute on a busy machine
    for (let i = 0; i < 2 ** 22 + 10; i++) {
      const h = q.push(i, i, i);
      last = q.pop().event as number;
      if (q.isPending(h)) stillPending++;
    }
    expect(stillPending).toBe(0);
    expect(last).toBe(2 ** 22 + 9);
  });

  it('refuses more pending entries than the handle layout can name', () => {
    // 2^22 slots: the assertion names the limit instead of handing out colliding handles.
    expect(() => {
      const q = new EventQueue<number>(2 ** 22);
      for (let i = 0; i <= 2 ** 22; i++) q.push(0, i, 0);
    }).toThrow(new SimulationAssertionError('event queue: more than 4194304 pending events'));
  });
});
