// Port onto the kubelet's pod workers (src/kubelet/pods.ts): what controllers read of a pod's
// containers that the Pod object does not hold (containerStatuses[].restartCount).

import type { Pod } from '../../model/types.js';

export interface PodRestarts {
  /** Container restarts of the pod so far, summed over its containers. */
  restartCount(pod: Pod): number;
}
