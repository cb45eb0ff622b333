// The kernel port: everything a component may use of the simulation, and nothing else. The clock and
// the calendar of its own events (the engine itself, seen through EventCalendar), the cluster store
// with its watch notifications, the events.csv recorder, named random streams, the trace digest, and
// the resolved configuration slice the component reads. src/sim/assemble.ts builds one kernel per run
// and hands every component the same object; each component's constructor names the narrow type it
// needs (`Kernel<MyEvent, { myConfig: MyConfig }>`), so a component can neither schedule another
// component's events nor read another's configuration, and it never sees the other components.

import type { EventHandle } from '../engine/event-queue.js';
import type { Rng } from '../engine/rng.js';
import type { TimeUs } from '../engine/time.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { EventLog } from '../model/event-log.js';
import type { LaneId } from './lanes.js';

export type { EventHandle } from '../engine/event-queue.js';

/** Any simulation event: a typed record with a PascalCase `kind`. */
export interface KernelEvent {
  readonly kind: string;
}

/**
 * The engine's scheduling surface (src/engine/engine.ts implements it): the clock and the calendar.
 * Events fire by (atUs, lane, seq); the lane orders same-instant events (lanes.ts).
 */
export interface EventCalendar<E extends KernelEvent> {
  readonly nowUs: TimeUs;
  /** Fires `event` after `delayUs` (an integer >= 0). */
  schedule(delayUs: TimeUs, event: E, lane?: LaneId): EventHandle;
  /** Fires `event` at `atUs` (>= now). */
  scheduleAt(atUs: TimeUs, event: E, lane?: LaneId): EventHandle;
  /** Lazy cancel; false if the event already fired or was cancelled. */
  cancel(handle: EventHandle): boolean;
  isPending(handle: EventHandle): boolean;
}

/** Named random streams (src/engine/rng.ts): one per component and purpose, seeded from the run seed. */
export interface RngStreams {
  stream(name: string): Rng;
}

/** Extra data mixed into the run digest (e.g. each placement), so two runs compare by one number. */
export interface DigestMixer {
  mixString(text: string): void;
}

export interface Kernel<E extends KernelEvent = KernelEvent, C = unknown> {
  /** Current virtual time (engine.nowUs). */
  readonly nowUs: TimeUs;
  readonly engine: EventCalendar<E>;
  readonly state: ClusterState;
  readonly log: EventLog;
  readonly rng: RngStreams;
  readonly trace: DigestMixer;
  /** The resolved configuration slice this component reads. */
  readonly config: C;
}
