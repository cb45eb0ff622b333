// The CSI external-provisioner's registration (kcm-registry.ts). Not a kube-controller-manager
// controller upstream (a sidecar of each CSI driver); it runs beside them and ignores kcm restarts.

import type { KcmControllerModule } from '../kcm-controller.js';
import { CsiProvisioner } from './controller.js';
import type { CsiProvisionerEvent } from './events.js';

export type { CsiProvisionerEvent } from './events.js';

export const csiExternalProvisioner: KcmControllerModule<CsiProvisionerEvent> = {
  name: 'csi-external-provisioner',
  create: (kernel) => new CsiProvisioner(kernel),
};
