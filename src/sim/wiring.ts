// The exhaustive handler table: every SimEvent kind maps to exactly one handler. A kind without a
// handler is a compile error here, so no event can be scheduled and then silently dropped.

import { autoscalerHandlers } from '../autoscaler/wiring.js';
import { kcmHandlers } from '../controllers/kube-controller-manager.js';
import { controllerHandlers } from '../controllers/manager.js';
import { faultHandlers } from '../faults/injector.js';
import { kubeletHandlers } from '../kubelet/kubelet.js';
import { podWorkerHandlers } from '../kubelet/pods.js';
import { metricsHandlers } from '../metrics/recorder.js';
import { schedulerHandlers } from '../scheduler/scheduler.js';
import { workloadTimelineHandlers } from '../workloads/timeline.js';
import type { Sim } from './context.js';
import type { EventOf, SimEvent, SimEventKind } from './events.js';

export type Handler<K extends SimEventKind> = (event: EventOf<K>, sim: Sim) => void;
export type HandlerTable = { readonly [K in SimEventKind]: Handler<K> };
/** A component's share of the table: handlers for exactly its own event kinds. */
export type HandlersFor<E extends SimEvent> = { readonly [K in E['kind']]: Handler<K> };

export const handlers: HandlerTable = {
  ...metricsHandlers,
  ...kubeletHandlers,
  ...podWorkerHandlers,
  ...controllerHandlers,
  ...workloadTimelineHandlers,
  ...schedulerHandlers,
  ...kcmHandlers,
  ...faultHandlers,
  ...autoscalerHandlers,
};

export function makeDispatch(sim: Sim): (event: SimEvent) => void {
  const table = handlers as unknown as Record<string, (event: SimEvent, sim: Sim) => void>;
  return (event) => {
    const h = table[event.kind];
    if (h === undefined) throw new Error(`no handler for event kind ${event.kind}`);
    h(event, sim);
  };
}
