// The controllers kube-controller-manager runs, in start order (also the order in which their store
// watches are registered, which fixes the order of same-instant reactions). Adding a controller is
// one entry here (docs/ARCHITECTURE.md, "Adding a controller").

import { cronJobController } from './cronjob/index.js';
import { csiExternalProvisioner } from './csi-provisioner/index.js';
import { disruptionController } from './disruption/index.js';
import { hpaController } from './hpa/index.js';
import type { EventsOfModules, KcmControllerModule } from './kcm-controller.js';
import { nodeLifecycleController } from './node-lifecycle/controller.js';
import { persistentVolumeBinderController } from './persistentvolume/index.js';
import { podGCController } from './podgc/index.js';
import { statefulSetController } from './statefulset/index.js';
import { taintEvictionController } from './taint-eviction.js';

export const KCM_CONTROLLERS = [
  nodeLifecycleController,
  taintEvictionController,
  podGCController,
  disruptionController,
  hpaController,
  cronJobController,
  persistentVolumeBinderController,
  csiExternalProvisioner,
  statefulSetController,
] as const satisfies readonly KcmControllerModule<never>[];

/** Every event of the registered kcm controllers. */
export type KcmEvent = EventsOfModules<(typeof KCM_CONTROLLERS)[number]>;
