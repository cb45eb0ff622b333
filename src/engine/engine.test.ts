import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimulationAssertionError, SimulationLimitError } from './assert.js';
import { Engine } from './engine.js';
import { EventQueue } from './event-queue.js';
import { DigestTrace } from './trace.js';

type Ev = { kind: string; id: number };

function collect(engine: Engine<Ev>, untilUs = Number.MAX_SAFE_INTEGER, maxEvents = 1e9) {
  const out: Array<[number, number]> = [];
  engine.run({ untilUs, maxEvents }, (e) => out.push([engine.nowUs, e.id]));
  return out;
}

describe('Engine', () => {
  it('fires events in time order', () => {
    const e = new Engine<Ev>();
    e.schedule(30, { kind: 'X', id: 3 });
    e.schedule(10, { kind: 'X', id: 1 });
    e.schedule(20, { kind: 'X', id: 2 });
    expect(collect(e)).toEqual([
      [10, 1],
      [20, 2],
      [30, 3],
    ]);
  });

  it('fires equal-time events in scheduling order (FIFO)', () => {
    const e = new Engine<Ev>();
    for (let i = 0; i < 50; i++) e.scheduleAt(100, { kind: 'X', id: i });
    expect(collect(e).map(([, id]) => id)).toEqual([...Array(50).keys()]);
  });

  it('orders equal-time events by lane before sequence', () => {
    const e = new Engine<Ev>();
    e.scheduleAt(5, { kind: 'Tick', id: 3 }, 3);
    e.scheduleAt(5, { kind: 'Pass', id: 2 }, 2);
    e.scheduleAt(5, { kind: 'Write', id: 0 }, 0);
    e.scheduleAt(5, { kind: 'Timer', id: 1 }, 1);
    expect(collect(e).map(([, id]) => id)).toEqual([0, 1, 2, 3]);
  });

  it('events scheduled for now from a handler run after the current one', () => {
    const e = new Engine<Ev>();
    const seen: number[] = [];
    e.scheduleAt(1, { kind: 'A', id: 1 });
    e.scheduleAt(1, { kind: 'A', id: 2 });
    e.run({ untilUs: 10, maxEvents: 100 }, (ev) => {
      seen.push(ev.id);
      if (ev.id === 1) e.schedule(0, { kind: 'A', id: 3 });
    });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('cancels lazily and ignores stale handles', () => {
    const e = new Engine<Ev>();
    const h1 = e.schedule(10, { kind: 'X', id: 1 });
    const h2 = e.schedule(20, { kind: 'X', id: 2 });
    expect(e.cancel(h1)).toBe(true);
    expect(e.cancel(h1)).toBe(false);
    expect(e.pending).toBe(1);
    expect(collect(e, 20)).toEqual([[20, 2]]);
    // h2 fired; its slot may be reused by a new event, which the stale handle must not cancel.
    const h3 = e.schedule(5, { kind: 'X', id: 3 });
    expect(e.cancel(h2)).toBe(false);
    expect(e.isPending(h3)).toBe(true);
    expect(collect(e)).toEqual([[25, 3]]);
  });

  it('stops at untilUs, leaves later events pending and advances the clock', () => {
    const e = new Engine<Ev>();
    e.schedule(10, { kind: 'X', id: 1 });
    e.schedule(100, { kind: 'X', id: 2 });
    const stats = e.run({ untilUs: 50, maxEvents: 10 }, () => {});
    expect(stats).toEqual({ eventsDispatched: 1, nowUs: 50, stoppedBy: 'until' });
    expect(e.pending).toBe(1);
    expect(collect(e, 100)).toEqual([[100, 2]]);
  });

  it('an event exactly at untilUs fires', () => {
    const e = new Engine<Ev>();
    e.schedule(50, { kind: 'X', id: 1 });
    expect(collect(e, 50)).toEqual([[50, 1]]);
  });

  it('throws SimulationLimitError past maxEvents', () => {
    const e = new Engine<Ev>();
    const loop = (ev: Ev) => e.schedule(1, ev);
    e.schedule(0, { kind: 'Loop', id: 0 });
    expect(() => e.run({ untilUs: 1e12, maxEvents: 1000 }, loop)).toThrow(SimulationLimitError);
    expect(e.eventsDispatched).toBe(1000);
  });

  it('rejects negative delays, past times and fractional times', () => {
    const e = new Engine<Ev>();
    e.schedule(10, { kind: 'X', id: 0 });
    collect(e);
    expect(() => e.schedule(-1, { kind: 'X', id: 1 })).toThrow(SimulationAssertionError);
    expect(() => e.scheduleAt(5, { kind: 'X', id: 1 })).toThrow(SimulationAssertionError);
    expect(() => e.schedule(0.5, { kind: 'X', id: 1 })).toThrow(SimulationAssertionError);
  });

  it('digest is equal for equal runs and differs when timing differs', () => {
    const run = (delay: number) => {
      const trace = new DigestTrace();
      const e = new Engine<Ev>(trace);
      for (let i = 0; i < 100; i++) e.schedule(i * delay, { kind: i % 2 ? 'A' : 'B', id: i });
      collect(e);
      return trace.digest;
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
    expect(run(7)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('Engine run loop contract (docs/mutation.md: cases the engine mutation run found unpinned)', () => {
  it('reports why a run returned: empty calendar, untilUs, or stop(); each run counts only its own events', () => {
    const e = new Engine<Ev>();
    e.schedule(10, { kind: 'X', id: 1 });
    e.schedule(20, { kind: 'X', id: 2 });
    e.schedule(30, { kind: 'X', id: 3 });
    e.schedule(40, { kind: 'X', id: 4 });
    expect(e.run({ untilUs: 15, maxEvents: 100 }, () => {})).toEqual({
      eventsDispatched: 1,
      nowUs: 15,
      stoppedBy: 'until',
    });
    // stop() from a handler: the run returns after that event, the clock stays at its time.
    const seen: number[] = [];
    const stats = e.run({ untilUs: 1000, maxEvents: 100 }, (ev) => {
      seen.push(ev.id);
      if (ev.id === 2) e.stop();
    });
    expect(seen).toEqual([2]);
    expect(stats).toEqual({ eventsDispatched: 1, nowUs: 20, stoppedBy: 'stopped' });
    expect(e.nowUs).toBe(20);
    // A stop request is consumed: the next run goes on until the calendar is empty.
    expect(e.run({ untilUs: 1000, maxEvents: 100 }, () => {})).toEqual({
      eventsDispatched: 2,
      nowUs: 1000,
      stoppedBy: 'empty',
    });
    expect(e.eventsDispatched).toBe(4);
    // An empty calendar still moves the clock to untilUs.
    expect(e.run({ untilUs: 2000, maxEvents: 100 }, () => {})).toEqual({
      eventsDispatched: 0,
      nowUs: 2000,
      stoppedBy: 'empty',
    });
    expect(e.nowUs).toBe(2000);
  });

  it('a run whose only events were cancelled ends empty at untilUs and dispatches nothing', () => {
    const e = new Engine<Ev>();
    const h = e.schedule(10, { kind: 'X', id: 1 });
    e.cancel(h);
    const fired: number[] = [];
    expect(e.run({ untilUs: 50, maxEvents: 100 }, (ev) => fired.push(ev.id))).toEqual({
      eventsDispatched: 0,
      nowUs: 50,
      stoppedBy: 'empty',
    });
    expect(fired).toEqual([]);
  });

  it('peekTimeUs names the next live event, skipping cancelled ones', () => {
    const e = new Engine<Ev>();
    expect(e.peekTimeUs()).toBe(Number.POSITIVE_INFINITY);
    const h = e.schedule(5, { kind: 'X', id: 1 });
    e.schedule(9, { kind: 'X', id: 2 });
    expect(e.peekTimeUs()).toBe(5);
    e.cancel(h);
    expect(e.peekTimeUs()).toBe(9);
    expect(e.pending).toBe(1);
  });

  it('maxEvents counts over the engine life; the limit message names it and the time', () => {
    const e = new Engine<Ev>();
    for (let i = 1; i <= 3; i++) e.schedule(i, { kind: 'X', id: i });
    expect(e.run({ untilUs: 2, maxEvents: 2 }, () => {}).eventsDispatched).toBe(2);
    expect(() => e.run({ untilUs: 10, maxEvents: 2 }, () => {})).toThrow(
      new SimulationLimitError(
        'the run reached maxEvents (2) at t=3us; raise spec.maxEvents or shorten spec.duration',
      ),
    );
  });

  it('accepts now and lanes 0..7; refuses the rest with messages naming the value and the event', () => {
    const e = new Engine<Ev>();
    e.schedule(10, { kind: 'X', id: 0 });
    collect(e, 10);
    expect(e.nowUs).toBe(10);
    // scheduleAt(now) and a zero delay are allowed (an event for the current instant).
    e.scheduleAt(10, { kind: 'Now', id: 1 });
    e.schedule(0, { kind: 'Now', id: 2 }, 7);
    expect(collect(e, 10)).toEqual([
      [10, 1],
      [10, 2],
    ]);
    // run(untilUs = now) is allowed.
    expect(e.run({ untilUs: 10, maxEvents: 100 }, () => {}).nowUs).toBe(10);
    const fail = (f: () => unknown, message: string) =>
      expect(f).toThrow(new SimulationAssertionError(message));
    fail(() => e.schedule(-1, { kind: 'Neg', id: 3 }), 'schedule: bad delay -1 for Neg');
    fail(() => e.scheduleAt(9, { kind: 'Past', id: 3 }), 'scheduleAt: 9 is before now 10 (Past)');
    fail(() => e.scheduleAt(10.5, { kind: 'Frac', id: 3 }), 'scheduleAt: time 10.5 is not an integer (Frac)');
    fail(() => e.run({ untilUs: 9, maxEvents: 1 }, () => {}), 'run: untilUs 9 is before now 10');
    fail(() => e.schedule(1, { kind: 'X', id: 3 }, 8), 'bad lane 8');
    fail(() => e.schedule(1, { kind: 'X', id: 3 }, -1), 'bad lane -1');
    fail(() => e.schedule(1, { kind: 'X', id: 3 }, 1.5), 'bad lane 1.5');
    expect(e.pending).toBe(0);
  });
});

describe('EventQueue property: pops in (time, lane, seq) order like a sorted array', () => {
  type Op = { op: 'push'; t: number; lane: number } | { op: 'pop' } | { op: 'cancel'; which: number };
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        op: fc.constant('push' as const),
        t: fc.integer({ min: 0, max: 40 }),
        lane: fc.integer({ min: 0, max: 3 }),
      }),
    },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('pop' as const) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), which: fc.nat(200) }) },
  );

  it('matches the model on random push/pop/cancel sequences', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const q = new EventQueue<number>(16);
        type Entry = { t: number; lane: number; seq: number; handle: number; live: boolean };
        const model: Entry[] = [];
        let seq = 0;
        let floor = 0; // times never go below the last popped time, as in the engine
        for (const o of ops) {
          if (o.op === 'push') {
            const t = floor + o.t;
            const s = seq++;
            const handle = q.push(t, o.lane * 2 ** 40 + s, s);
            model.push({ t, lane: o.lane, seq: s, handle, live: true });
          } else if (o.op === 'cancel') {
            const live = model.filter((m) => m.live);
            const target = live[o.which % Math.max(1, live.length)];
            if (target) {
              expect(q.cancel(target.handle)).toBe(true);
              target.live = false;
            }
          } else {
            q.skipCancelled();
            const live = model.filter((m) => m.live);
            if (live.length === 0) {
              expect(q.livePending).toBe(0);
              continue;
            }
            live.sort((a, b) => a.t - b.t || a.lane - b.lane || a.seq - b.seq);
            const want = live[0] as Entry;
            const got = q.pop();
            expect(got.atUs).toBe(want.t);
            expect(got.event).toBe(want.seq);
            want.live = false;
            floor = want.t;
          }
        }
        expect(q.livePending).toBe(model.filter((m) => m.live).length);
      }),
      { seed: 42, numRuns: 400 },
    );
  });
});
