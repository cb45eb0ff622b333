// The StatefulSet controller's registration descriptor (kcm-registry.ts lists it): kube-controller-
// manager's "statefulset" controller, built from its kernel slice and the workload API (the store it
// watches and writes StatefulSet status to, and the PriorityClasses pod admission resolves against).
// The folder holds the rest: events.ts, controller.ts (the loop), sync.ts (sync and API calls),
// plan.ts (the decision, stateful_set_control.go) and identity.ts (stateful_set_utils.go).

import type { KcmControllerModule } from '../kcm-controller.js';
import { StatefulSetController } from './controller.js';
import type { StatefulSetEvent } from './events.js';

export type { StatefulSetEvent } from './events.js';

export const statefulSetController: KcmControllerModule<StatefulSetEvent> = {
  name: 'statefulset',
  create: (kernel, ports) => new StatefulSetController(kernel, ports.workloads),
};
