// The disruption controller's registration descriptor (kcm-registry.ts lists it): its name as in
// kube-controller-manager --controllers, built from its kernel slice and the two stores it reads
// (PodDisruptionBudgets, and the workload objects whose scale its finders read). The folder holds
// the rest: events.ts, controller.ts (the loop), logic.ts (index and sync), status.ts (the decision).

import type { KcmControllerModule } from '../kcm-controller.js';
import { DisruptionController } from './controller.js';
import type { DisruptionEvent } from './events.js';

export type { DisruptionEvent } from './events.js';

export const disruptionController: KcmControllerModule<DisruptionEvent> = {
  name: 'disruption',
  create: (kernel, ports) => new DisruptionController(kernel, ports.budgets, ports.workloadObjects),
};
