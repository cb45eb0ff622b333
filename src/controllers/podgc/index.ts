// PodGC's registration descriptor (kcm-registry.ts lists it): the controller's name as in
// kube-controller-manager --controllers, and how it is built from its kernel slice. The folder holds
// the rest: events.ts (its event), config.ts (its timing), controller.ts (the loop and its handlers).

import type { KcmControllerModule } from '../kcm-controller.js';
import { PodGC } from './controller.js';
import type { PodGCEvent } from './events.js';

export type { PodGCEvent } from './events.js';

export const podGCController: KcmControllerModule<PodGCEvent> = {
  name: 'podgc',
  create: (kernel) => new PodGC(kernel),
};
