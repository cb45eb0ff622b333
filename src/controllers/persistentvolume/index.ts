// The PV controller's registration (kcm-registry.ts): kube-controller-manager's
// "persistentvolume-binder" controller.

import type { KcmControllerModule } from '../kcm-controller.js';
import { PersistentVolumeController } from './controller.js';
import type { PersistentVolumeEvent } from './events.js';

export type { PersistentVolumeEvent } from './events.js';

export const persistentVolumeBinderController: KcmControllerModule<PersistentVolumeEvent> = {
  name: 'persistentvolume-binder',
  create: (kernel) => new PersistentVolumeController(kernel),
};
