// Port onto the Eviction API (pods/eviction; src/workloads/eviction.ts implements it over the
// store and the PodDisruptionBudgets): clients such as kubectl drain POST an eviction and get the
// API's answer at once (granted, or refused with its status code, reason and message).

import type { EvictionResult } from '../../workloads/eviction.js';

export interface PodEvictions {
  /** POST pods/<name>/eviction with DeleteOptions.gracePeriodSeconds (null: the pod's own). */
  evict(podKey: string, gracePeriodSeconds: number | null, detail: string): EvictionResult;
}
