// The discrete-event kernel (in the spirit of SimPy's core.py): virtual time in integer microseconds,
// one calendar ordered by (time, lane, seq), lazy cancellation, and a run loop bounded by `untilUs`
// and `maxEvents`. It knows nothing about Kubernetes.
//
// Lanes order events that fall on the same microsecond when their order is a modelling rule rather
// than an accident of scheduling (node-health-timing.md §9 M3: kubelet writes and faults, then due
// taint-eviction timers, then the monitor pass, then the tainting tick). Within a lane, events fire in
// the order they were scheduled (FIFO), so equal-time events never depend on heap internals.

import { assert, SimulationLimitError } from './assert.js';
import { type EventHandle, EventQueue, LANE_SPACE, MAX_LANE } from './event-queue.js';
import type { TimeUs } from './time.js';
import type { TraceSink } from './trace.js';

export type { EventHandle } from './event-queue.js';

export interface RunOptions {
  /** Stop before the first event later than this time; nowUs is then set to untilUs. */
  readonly untilUs: TimeUs;
  /** Total events this engine may dispatch over its life; exceeding it throws SimulationLimitError. */
  readonly maxEvents: number;
}

export interface RunStats {
  readonly eventsDispatched: number;
  readonly nowUs: TimeUs;
  readonly stoppedBy: 'until' | 'empty' | 'stopped';
}

export class Engine<E extends { readonly kind: string }> {
  private readonly queue = new EventQueue<E>(4096);
  private seq = 0;
  private current: TimeUs = 0;
  private dispatched = 0;
  private stopRequested = false;
  private readonly popped: { event: E | undefined } = { event: undefined };

  constructor(private readonly trace?: TraceSink) {}

  get nowUs(): TimeUs {
    return this.current;
  }

  get eventsDispatched(): number {
    return this.dispatched;
  }

  /** Live events still to fire. */
  get pending(): number {
    return this.queue.livePending;
  }

  schedule(delayUs: TimeUs, event: E, lane = 0): EventHandle {
    assert(
      Number.isSafeInteger(delayUs) && delayUs >= 0,
      () => `schedule: bad delay ${delayUs} for ${event.kind}`,
    );
    return this.push(this.current + delayUs, event, lane);
  }

  scheduleAt(atUs: TimeUs, event: E, lane = 0): EventHandle {
    assert(Number.isSafeInteger(atUs), () => `scheduleAt: time ${atUs} is not an integer (${event.kind})`);
    assert(atUs >= this.current, () => `scheduleAt: ${atUs} is before now ${this.current} (${event.kind})`);
    return this.push(atUs, event, lane);
  }

  /** Lazy cancel; returns false if the event already fired or was cancelled. */
  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  isPending(handle: EventHandle): boolean {
    return this.queue.isPending(handle);
  }

  /** Makes the current run() return after the event being dispatched; the clock stays where it is. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Time of the next live event, or +Infinity. */
  peekTimeUs(): TimeUs {
    this.queue.skipCancelled();
    return this.queue.peekTime();
  }

  run(opts: RunOptions, dispatch: (event: E) => void): RunStats {
    assert(opts.untilUs >= this.current, `run: untilUs ${opts.untilUs} is before now ${this.current}`);
    const queue = this.queue;
    const popped = this.popped;
    const trace = this.trace;
    const start = this.dispatched;
    let stoppedBy: RunStats['stoppedBy'] = 'empty';
    while (queue.length > 0) {
      if (queue.peekTime() > opts.untilUs) {
        stoppedBy = 'until';
        break;
      }
      const atUs = queue.popInto(popped);
      const event = popped.event;
      if (event === undefined) continue;
      popped.event = undefined;
      if (this.dispatched >= opts.maxEvents) {
        throw new SimulationLimitError(
          `the run reached maxEvents (${opts.maxEvents}) at t=${atUs}us; raise spec.maxEvents or shorten spec.duration`,
        );
      }
      this.current = atUs;
      this.dispatched++;
      if (trace !== undefined) trace.record(atUs, event);
      dispatch(event);
      if (this.stopRequested) {
        this.stopRequested = false;
        return { eventsDispatched: this.dispatched - start, nowUs: this.current, stoppedBy: 'stopped' };
      }
    }
    if (stoppedBy === 'until' || queue.length === 0) this.current = Math.max(this.current, opts.untilUs);
    return { eventsDispatched: this.dispatched - start, nowUs: this.current, stoppedBy };
  }

  private push(atUs: TimeUs, event: E, lane: number): EventHandle {
    assert(lane >= 0 && lane <= MAX_LANE && Number.isInteger(lane), `bad lane ${lane}`);
    return this.queue.push(atUs, lane * LANE_SPACE + this.seq++, event);
  }
}
