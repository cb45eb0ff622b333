// Every event the simulation can dispatch: a union of typed records, one `kind` each (PascalCase nouns).
// Each component declares its own events next to its code; this file only joins them.

import type { AutoscalerEvent } from '../autoscaler/events.js';
import type { ControllerEvent } from '../controllers/events.js';
import type { KcmEvent } from '../controllers/kcm-registry.js';
import type { FaultEvent } from '../faults/events.js';
import type { KubectlEvent } from '../kubectl/events.js';
import type { KubeletEvent } from '../kubelet/events.js';
import type { NodeAgentEvent } from '../kubelet/node-agent-events.js';
import type { PodWorkerLifecycleEvent } from '../kubelet/pod-events.js';
import type { LoadEvent } from '../load/events.js';
import type { MetricsEvent } from '../metrics/events.js';
import type { SchedulerEvent } from '../scheduler/events.js';
import type { WorkloadTimelineEvent } from '../timeline/events.js';

export type SimEvent =
  | MetricsEvent
  | KubeletEvent
  | NodeAgentEvent
  | PodWorkerLifecycleEvent
  | ControllerEvent
  | WorkloadTimelineEvent
  | KubectlEvent
  | SchedulerEvent
  | KcmEvent
  | FaultEvent
  | LoadEvent
  | AutoscalerEvent;
export type SimEventKind = SimEvent['kind'];
export type EventOf<K extends SimEventKind> = Extract<SimEvent, { kind: K }>;
