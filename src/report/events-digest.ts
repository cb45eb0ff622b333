// What the report shows of events.csv without holding it in memory: counts per (kind, reason) in order
// of first appearance, the events "of interest" grouped, and the fault start and end times to mark on
// the plots. Routine rows (pods created, bound, started, stopped; nodes registering and going Ready at
// start-up) are counted but not listed, so the list leads with what changed the cluster's health.
//
// Consecutive rows of interest with the same kind, reason, zone and detail (a zone's nodes tainted one
// after another, a node's pods evicted together) are one group: first and last time and object, and how
// many rows. The first `maxListed` groups are listed, and beyond them every group of the reasons a
// reader always needs (evictions, scheduling failures, preemptions, faults), up to ALWAYS_MAX. Pure.

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
/** Reasons listed whatever --events says: evictions, pending pods, preemptions (faults: every Fault row). */
const ALWAYS = new Set(['TaintManagerEviction', 'EvictionByEvictionAPI', 'FailedScheduling', 'Preempted']);
export const ALWAYS_MAX = 2000;

export function isOfInterest(e: EventCells): boolean {
  const [time, kind, reason] = e;
  if (kind === 'Pod') return !ROUTINE_POD.has(reason);
  if (kind === 'Node' && INITIAL_NODE.has(reason)) return Number(time) > 0;
  return true;
}

export function isAlwaysListed(e: EventCells): boolean {
  return e[1] === 'Fault' || ALWAYS.has(e[2]);
}

/** A run of consecutive rows of interest with the same kind, reason, zone and detail. */
export interface EventGroup {
  readonly first: EventCells;
  last: EventCells;
  count: number;
  /** Distinct node column values seen (up to 2, to tell "one node" from "several"). */
  readonly nodes: Set<string>;
}

const groupKey = (e: EventCells) => `${e[1]}\u0000${e[2]}\u0000${e[5]}\u0000${e[6]}`;

export class EventDigest {
  readonly counts = new Map<string, { kind: string; reason: string; n: number }>();
  /** The listed groups, in time order. */
  readonly groups: EventGroup[] = [];
  interestingTotal = 0;
  /** Groups of interest in all (listed or not). */
  groupsTotal = 0;
  readonly faultStartsS: number[] = [];
  readonly faultEndsS: number[] = [];
  private open: { key: string; group: EventGroup | null } | null = null;
  private always = 0;

  constructor(private readonly maxListed: number) {}

  add(e: EventCells): void {
    const [time, kind, reason, , node, , detail] = e;
    const key = `${kind}\u0000${reason}`;
    const c = this.counts.get(key);
    if (c) c.n++;
    else this.counts.set(key, { kind, reason, n: 1 });
    if (kind === 'Fault' && detail === 'start') this.faultStartsS.push(Number(time));
    if (kind === 'Fault' && detail === 'end') this.faultEndsS.push(Number(time));
    if (!isOfInterest(e)) return;
    this.interestingTotal++;
    const gk = groupKey(e);
    if (this.open !== null && this.open.key === gk) {
      const g = this.open.group;
      if (g !== null) {
        g.last = e;
        g.count++;
        if (g.nodes.size < 2) g.nodes.add(node);
      }
      return;
    }
    this.groupsTotal++;
    const listed = this.groups.length < this.maxListed || (isAlwaysListed(e) && this.always < ALWAYS_MAX);
    if (listed && this.groups.length >= this.maxListed) this.always++;
    const group = listed ? { first: e, last: e, count: 1, nodes: new Set([node]) } : null;
    if (group !== null) this.groups.push(group);
    this.open = { key: gk, group };
  }

  /** Listed rows of interest (the first row of each listed group). */
  get interesting(): EventCells[] {
    return this.groups.map((g) => g.first);
  }
}
