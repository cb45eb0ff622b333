// What the report shows of events.csv without holding it in memory: counts per (kind, reason) in order
// of first appearance, the first N events "of interest", and the fault start times to mark on the plots.
// Routine rows (pods created, bound, started, stopped; nodes registering and going Ready at start-up)
// are counted but not listed, so the list leads with what changed the cluster's health. Pure.

export type EventCells = readonly [
  time_s: string,
  kind: string,
  reason: string,
  object: string,
  node: string,
  zone: string,
  detail: string,
];

const ROUTINE_POD = new Set(['Created', 'Scheduled', 'Started', 'Completed', 'Killing', 'Deleted']);
const INITIAL_NODE = new Set(['RegisteredNode', 'NodeReady']);

export function isOfInterest(e: EventCells): boolean {
  const [time, kind, reason] = e;
  if (kind === 'Pod') return !ROUTINE_POD.has(reason);
  if (kind === 'Node' && INITIAL_NODE.has(reason)) return Number(time) > 0;
  return true;
}

export class EventDigest {
  readonly counts = new Map<string, { kind: string; reason: string; n: number }>();
  readonly interesting: EventCells[] = [];
  interestingTotal = 0;
  readonly faultStartsS: number[] = [];

  constructor(private readonly maxListed: number) {}

  add(e: EventCells): void {
    const [time, kind, reason, , , , detail] = e;
    const key = `${kind}\u0000${reason}`;
    const c = this.counts.get(key);
    if (c) c.n++;
    else this.counts.set(key, { kind, reason, n: 1 });
    if (kind === 'Fault' && detail === 'start') this.faultStartsS.push(Number(time));
    if (!isOfInterest(e)) return;
    this.interestingTotal++;
    if (this.interesting.length < this.maxListed) this.interesting.push(e);
  }
}
