// The HorizontalPodAutoscaler controller's registration (kube-controller-manager --controllers name
// "horizontalpodautoscaling", cmd/kube-controller-manager/names). It reads the scale subresource of
// Deployments and ReplicaSets and the metrics APIs, both handed in by the composition root.

import type { KcmControllerModule } from '../kcm-controller.js';
import { HpaController } from './controller.js';
import type { HpaSyncEvent } from './events.js';

export const hpaController: KcmControllerModule<HpaSyncEvent> = {
  name: 'horizontalpodautoscaling',
  create: (kernel, ports) => new HpaController(kernel, ports.autoscaling),
};
