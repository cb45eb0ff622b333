// Same-instant order of the simulation's events. The engine orders its calendar by (time, lane, seq)
// and knows lanes only as small integers; which lane an event takes is a modelling rule, written here
// once (node-health-timing.md §9 M3): external inputs (kubelet writes, faults, API calls) first, then
// due taint-eviction timers, then the node monitor pass, then the NoExecute tainting tick; workload
// controllers, then the scheduler, then the samplers, which see the end state of their instant.
// Within one lane, events fire in the order they were scheduled.

export const Lane = {
  External: 0,
  EvictionTimer: 1,
  MonitorPass: 2,
  TaintingTick: 3,
  Controller: 4,
  Scheduler: 5,
  Sample: 7,
} as const;

export type LaneId = (typeof Lane)[keyof typeof Lane];
