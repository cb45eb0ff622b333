// The HPA controller's kube-controller-manager flags in camelCase (HPAControllerConfiguration), with the
// defaults of pkg/controller/podautoscaler/config/v1alpha1/defaults.go: --horizontal-pod-autoscaler-
// sync-period 15s, -tolerance 0.1 (0 means the default there), -cpu-initialization-period 5m,
// -initial-readiness-delay 30s, -downscale-stabilization 5m.

import { z } from 'zod';
import type { TimeUs } from '../../engine/time.js';
import { durationUs } from '../../model/fields.js';

/** Fields merged into spec.controllerManager. */
export const hpaControllerManagerFields = {
  horizontalPodAutoscalerSyncPeriod: durationUs().optional(),
  horizontalPodAutoscalerTolerance: z.number().nonnegative().optional(),
  horizontalPodAutoscalerCPUInitializationPeriod: durationUs().optional(),
  horizontalPodAutoscalerInitialReadinessDelay: durationUs().optional(),
  horizontalPodAutoscalerDownscaleStabilizationWindow: durationUs().optional(),
  /** Accepted; the simulated API answers at once, so the number of workers does not change outcomes. */
  concurrentHorizontalPodAutoscalerSyncs: z.number().int().positive().optional(),
};

export interface HpaControllerConfig {
  readonly syncPeriodUs: TimeUs;
  readonly tolerance: number;
  readonly cpuInitializationPeriodUs: TimeUs;
  readonly initialReadinessDelayUs: TimeUs;
  readonly downscaleStabilizationWindowUs: TimeUs;
  /** HPAConfigurableTolerance: alpha (off) in 1.33-1.34, beta (on) from 1.35. */
  readonly configurableTolerance: boolean;
  /** PodLevelResources (the replica calculator reads pod-level requests when set). */
  readonly podLevelResources: boolean;
}

type RawFields = {
  [K in keyof typeof hpaControllerManagerFields]?: z.output<(typeof hpaControllerManagerFields)[K]>;
};

export function resolveHpaControllerConfig(
  raw: RawFields,
  minor: number,
  gates: { readonly HPAConfigurableTolerance?: boolean | undefined; readonly podLevelResources: boolean },
): HpaControllerConfig {
  return {
    syncPeriodUs: raw.horizontalPodAutoscalerSyncPeriod || 15_000_000,
    tolerance: raw.horizontalPodAutoscalerTolerance || 0.1,
    cpuInitializationPeriodUs: raw.horizontalPodAutoscalerCPUInitializationPeriod || 300_000_000,
    initialReadinessDelayUs: raw.horizontalPodAutoscalerInitialReadinessDelay || 30_000_000,
    downscaleStabilizationWindowUs: raw.horizontalPodAutoscalerDownscaleStabilizationWindow || 300_000_000,
    configurableTolerance: gates.HPAConfigurableTolerance ?? minor >= 35,
    podLevelResources: gates.podLevelResources,
  };
}
