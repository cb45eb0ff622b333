// What the HPA controller reads besides its kernel slice, handed in by the composition root through
// KcmPorts: the scale subresource's objects, the metrics APIs and the scenario's HPAs.

import type { MetricsApi } from '../../kernel/ports/metrics-api.js';
import type { WorkloadStore } from '../../workloads/store.js';
import type { HpaObject } from './schema.js';

export interface HpaInputs {
  /** The scale subresource's objects: Deployments and ReplicaSets. */
  readonly workloads: WorkloadStore;
  /**
   * The metrics APIs (metrics-server and the load model's custom and external metrics); null when the
   * scenario has neither spec.load nor an HPA (then `hpas` is empty).
   */
  readonly metrics: MetricsApi | null;
  /** The scenario's HorizontalPodAutoscalers, created at t = 0. */
  readonly hpas: readonly HpaObject[];
}
