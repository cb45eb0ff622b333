// Every event the simulation can dispatch: a union of typed records, one `kind` each (PascalCase nouns).
// Each component declares its own events next to its code; this file only joins them.

import type { AutoscalerEvent } from '../autoscaler/events.js';
import type { ControllerEvent } from '../controllers/events.js';
import type { KcmEvent } from '../controllers/node-lifecycle/events.js';
import type { FaultEvent } from '../faults/events.js';
import type { KubeletEvent } from '../kubelet/events.js';
import type { NodeAgentEvent } from '../kubelet/node-agent-events.js';
import type { PodWorkerLifecycleEvent } from '../kubelet/pod-events.js';
import type { SchedulerEvent } from '../scheduler/events.js';
import type { WorkloadTimelineEvent } from '../workloads/events.js';
import type { CoreEvent } from './core-events.js';

export type SimEvent =
  | CoreEvent
  | KubeletEvent
  | NodeAgentEvent
  | PodWorkerLifecycleEvent
  | ControllerEvent
  | WorkloadTimelineEvent
  | SchedulerEvent
  | KcmEvent
  | FaultEvent
  | AutoscalerEvent;
export type SimEventKind = SimEvent['kind'];
export type EventOf<K extends SimEventKind> = Extract<SimEvent, { kind: K }>;

/**
 * Lanes order events that fall on the same microsecond (node-health-timing.md §9 M3): external
 * inputs (kubelet writes, faults, API calls) first, then due taint-eviction timers, then the node
 * monitor pass, then the NoExecute tainting tick; scheduler and samplers after the controllers.
 */
export const Lane = {
  External: 0,
  EvictionTimer: 1,
  MonitorPass: 2,
  TaintingTick: 3,
  Controller: 4,
  Scheduler: 5,
  Sample: 7,
} as const;
